"""Pages: sign-up, organization, members, invitations, API keys, language."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cloudcabin.accounts import checklist, selectors, services
from cloudcabin.accounts.forms import (
    ApiKeyForm,
    EmailLoginForm,
    InviteForm,
    JoinForm,
    OrganizationForm,
    SignUpForm,
    role_options,
)
from cloudcabin.accounts.identifiers import IDENTIFIER_FIELDS
from cloudcabin.accounts.middleware import SESSION_ORGANIZATION_KEY
from cloudcabin.accounts.models import User, normalize_email
from cloudcabin.accounts.tenancy import Actor
from cloudcabin.bookings.work_queue import work_queue_for
from cloudcabin.errors import ProblemError, add_problems_to_form

View = Callable[..., HttpResponse]
SHOW_ONCE_API_KEY = "show_once_api_key"
SHOW_ONCE_INVITATION_LINK = "show_once_invitation_link"


def member_required(view: Callable[..., HttpResponse]) -> View:
    """Signed in and acting for an organization; passes the Actor to the view."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        actor = request.actor  # type: ignore[attr-defined]
        if not actor:
            return render(request, "accounts/no_organization.html", status=403)
        return view(request, actor, *args, **kwargs)

    return wrapper


def _refused(request: HttpRequest, exc: ProblemError) -> None:
    for found in exc.problems:
        messages.error(request, found.message)


class SignInView(LoginView):
    form_class = EmailLoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def sign_up(request: HttpRequest) -> HttpResponse:
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.sign_up(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                full_name=form.cleaned_data["full_name"],
                language=translation.get_language() or settings.LANGUAGE_CODE,
                **form.organization_fields(),
            )
        except ProblemError as exc:
            add_problems_to_form(form, exc.problems)
        else:
            login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to cloudcabin."))
            # ?next= brings an invited company back to what it was invited to see.
            target = request.GET.get("next", "")
            if target and url_has_allowed_host_and_scheme(
                target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                return redirect(target)
            return redirect("accounts:home")
    return render(request, "accounts/signup.html", {"form": form})


@require_POST
def signup_identifiers(request: HttpRequest) -> HttpResponse:
    """The identifier fields for the chosen country, keeping what was typed: swapped into the
    sign-up and organization pages when the country changes."""
    wanted = ("country", *IDENTIFIER_FIELDS)
    form = OrganizationForm(initial={name: request.POST.get(name, "") for name in wanted})
    return render(request, "accounts/_identifiers.html", {"form": form})


def home(request: HttpRequest) -> HttpResponse:
    """Visitors get the landing page with the quote form; members their company's home."""
    if not request.user.is_authenticated:
        # The network app builds on accounts: imported here so accounts loads without it.
        from cloudcabin.network.forms import QuoteForm

        return render(request, "accounts/landing.html", {"form": QuoteForm()})
    return _member_home(request)


@member_required
def _member_home(request: HttpRequest, actor: Actor) -> HttpResponse:
    return render(
        request,
        "accounts/home.html",
        {
            "events": selectors.recent_events_of(actor.organization),
            # The operator's staff land on their work queue (None for everyone else).
            "work_queue": work_queue_for(actor),
            "next_steps": checklist.next_steps(actor.organization),
        },
    )


@require_POST
@member_required
def dismiss_checklist(request: HttpRequest, actor: Actor) -> HttpResponse:
    try:
        services.dismiss_checklist(actor=actor)
    except ProblemError as exc:
        _refused(request, exc)
    return redirect("accounts:home")


@member_required
def organization(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = OrganizationForm(request.POST or None, instance=actor.organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organization(actor=actor, **form.organization_fields())
        except ProblemError as exc:
            add_problems_to_form(form, exc.problems)
        else:
            messages.success(request, _("Organization saved."))
            return redirect("accounts:organization")
    return render(request, "accounts/organization.html", {"form": form})


@member_required
def members(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = InviteForm(request.POST or None, organization=actor.organization)
    if request.method == "POST" and form.is_valid():
        try:
            _invitation, link = services.invite_member(actor=actor, **form.cleaned_data)
        except ProblemError as exc:
            add_problems_to_form(form, exc.problems)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % form.cleaned_data)
            # Shown once after the redirect, so a reload cannot send a second invitation.
            request.session[SHOW_ONCE_INVITATION_LINK] = link
            return redirect("accounts:members")
    return render(
        request,
        "accounts/members.html",
        {
            "form": form,
            "invitation_link": request.session.pop(SHOW_ONCE_INVITATION_LINK, None),
            "members": [
                (membership, role_options(actor.organization, membership))
                for membership in selectors.members_of(actor.organization)
            ],
            "invitations": selectors.open_invitations_of(actor.organization),
        },
    )


@require_POST
@member_required
def change_role(request: HttpRequest, actor: Actor, membership_id: int) -> HttpResponse:
    # The service decides which roles this organization may give, whatever was posted.
    try:
        membership = services.change_member_role(
            actor=actor, membership_id=membership_id, role=request.POST.get("role", "")
        )
    except ProblemError as exc:
        _refused(request, exc)
    else:
        messages.success(
            request,
            _("%(email)s is now %(role)s.")
            % {"email": membership.user.email, "role": membership.get_role_display()},
        )
    return redirect("accounts:members")


@require_POST
@member_required
def remove_member(request: HttpRequest, actor: Actor, membership_id: int) -> HttpResponse:
    try:
        services.remove_member(actor=actor, membership_id=membership_id)
    except ProblemError as exc:
        _refused(request, exc)
    return redirect("accounts:members")


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """A signed-in person accepts with one button; anyone else creates their account here."""
    try:
        invitation = services.find_open_invitation(token)
    except ProblemError:
        return render(request, "accounts/invitation_invalid.html", status=404)
    user = request.user if request.user.is_authenticated else None
    signed_in = user is not None
    form = JoinForm(None if signed_in else request.POST or None)
    refusals: list[str] = []
    status = 200
    if request.method == "POST" and (signed_in or form.is_valid()):
        try:
            if user is not None:
                membership = services.accept_invitation(token=token, user=user)
            else:
                membership = services.join_by_invitation(token=token, **form.cleaned_data)
                login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
        except ProblemError as exc:
            if signed_in:
                refusals = [found.message for found in exc.problems]
            else:
                add_problems_to_form(form, exc.problems)
            status = exc.status
        else:
            request.session[SESSION_ORGANIZATION_KEY] = membership.organization_id
            return redirect("accounts:home")
    return render(
        request,
        "accounts/invitation.html",
        {
            "invitation": invitation,
            "form": form,
            "refusals": refusals,
            "other_person": user is not None
            and normalize_email(user.email) != normalize_email(invitation.email),
        },
        status=status,
    )


@member_required
def api_keys(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = ApiKeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _key, plain_key = services.create_api_key(actor=actor, **form.cleaned_data)
        except ProblemError as exc:
            add_problems_to_form(form, exc.problems)
        else:
            # Shown once after the redirect, so a reload cannot create a second key.
            request.session[SHOW_ONCE_API_KEY] = plain_key
            return redirect("accounts:api_keys")
    return render(
        request,
        "accounts/api_keys.html",
        {
            "form": form,
            "plain_key": request.session.pop(SHOW_ONCE_API_KEY, None),
            "keys": selectors.api_keys_of(actor.organization),
        },
    )


@require_POST
@member_required
def revoke_api_key(request: HttpRequest, actor: Actor, key_id: int) -> HttpResponse:
    try:
        key = services.revoke_api_key(actor=actor, key_id=key_id)
    except ProblemError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Key %(prefix)s… revoked.") % {"prefix": key.prefix})
    return redirect("accounts:api_keys")


@require_POST
@login_required
def switch_organization(request: HttpRequest) -> HttpResponse:
    wanted = request.POST.get("organization", "")
    if (
        not wanted.isdigit()
        or not selectors.memberships_of(cast(User, request.user))
        .filter(organization_id=int(wanted))
        .exists()
    ):
        raise Http404
    request.session[SESSION_ORGANIZATION_KEY] = int(wanted)
    return redirect("accounts:home")


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language: remembered on the account and in a cookie."""
    language = request.POST.get("language", "")
    response = HttpResponseRedirect(_safe_next(request))
    if language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        services.set_language(user=request.user, language=language)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
    return response
