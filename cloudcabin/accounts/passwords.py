"""Password reset (by an e-mailed one-time link) and change: Django's auth views, our
templates, links on ``SITE_URL``, the mail in the person's own language, rate-limited."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from cloudcabin.accounts.tasks import deliver_mail
from cloudcabin.errors import ProblemError, add_problems_to_form
from cloudcabin.network.ratelimit import enforce

# (attempts, seconds) per client address. Each reset request may send an e-mail, so the
# limit keeps the site from being used to flood someone's inbox; the change form asks
# for the current password, so its limit keeps a borrowed session from guessing it.
RESET_RATE = (5, 3600)
CHANGE_RATE = (10, 3600)


class ResetRequestForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("e-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        # Written in the language the person chose for their account, not the requester's,
        # and sent by the mail task like every other message.
        with translation.override(context["user"].language or settings.LANGUAGE_CODE):
            subject = "".join(render_to_string(subject_template_name, context).splitlines())
            body = render_to_string(email_template_name, context)
        deliver_mail.enqueue(subject, body, [to_email])


class _RateLimited(FormView[Any]):
    """Counts every POST, valid or not, before the form is read."""

    rate: tuple[int, int]
    scope: str

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            enforce(request, scope=self.scope, limit=self.rate[0], window_seconds=self.rate[1])
        except ProblemError as exc:
            form = self.get_form()
            add_problems_to_form(form, exc.problems)
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = exc.status
            return response
        return super().post(request, *args, **kwargs)


class PasswordResetView(_RateLimited, auth_views.PasswordResetView):
    scope = "password-reset"
    rate = RESET_RATE
    form_class = ResetRequestForm
    template_name = "accounts/password_reset.html"
    subject_template_name = "accounts/password_reset_subject.txt"
    email_template_name = "accounts/password_reset_email.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        # Links go to the configured site, never to whatever Host header the request sent.
        self.extra_email_context = {"site_url": settings.SITE_URL.rstrip("/")}
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(_RateLimited, auth_views.PasswordChangeView):
    scope = "password-change"
    rate = CHANGE_RATE
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
