"""Pages: the organization's webhook endpoints, each with its delivery log."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.accounts.views import member_required
from cloudcabin.errors import ProblemError, add_problems_to_form
from cloudcabin.tracking.forms import WebhookEndpointEditForm, WebhookEndpointForm
from cloudcabin.tracking.webhooks import selectors, services

SHOW_ONCE_WEBHOOK_SECRET = "show_once_webhook_secret"


def _uuid(text: str) -> UUID:
    try:
        return UUID(text)
    except ValueError as exc:
        raise Http404 from exc


def _refused(request: HttpRequest, exc: ProblemError) -> None:
    for found in exc.problems:
        messages.error(request, found.message)


@member_required
def webhook_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = WebhookEndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = services.create_endpoint(actor, **form.cleaned_data)
        except ProblemError as exc:
            add_problems_to_form(form, exc.problems)
        else:
            # Shown once after the redirect, so a reload cannot create a second endpoint.
            request.session[SHOW_ONCE_WEBHOOK_SECRET] = endpoint.secret
            return redirect("tracking:webhook", endpoint.pk)
    return render(
        request,
        "tracking/webhooks.html",
        {"form": form, "endpoints": selectors.endpoints_of(actor.organization)},
    )


@member_required
def webhook_detail(request: HttpRequest, actor: Actor, endpoint_id: int) -> HttpResponse:
    endpoint = selectors.endpoint_for(actor, endpoint_id)
    initial = {
        "url": endpoint.url,
        "description": endpoint.description,
        "event_types": endpoint.event_types,
        "active": endpoint.active,
    }
    form = WebhookEndpointEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_endpoint(actor, endpoint.pk, **form.cleaned_data)
        except ProblemError as exc:
            add_problems_to_form(form, exc.problems)
        else:
            messages.success(request, _("Endpoint saved."))
            return redirect("tracking:webhook", endpoint.pk)
    return render(
        request,
        "tracking/webhook.html",
        {
            "endpoint": endpoint,
            "form": form,
            "secret": request.session.pop(SHOW_ONCE_WEBHOOK_SECRET, None),
            "deliveries": selectors.deliveries_of(endpoint)[:100],
        },
    )


@require_POST
@member_required
def webhook_test(request: HttpRequest, actor: Actor, endpoint_id: int) -> HttpResponse:
    try:
        services.send_test_event(actor, endpoint_id)
    except ProblemError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Test event queued: the delivery worker sends it."))
    return redirect("tracking:webhook", endpoint_id)


@require_POST
@member_required
def webhook_replay(
    request: HttpRequest, actor: Actor, endpoint_id: int, delivery_id: str
) -> HttpResponse:
    try:
        services.replay_delivery(actor, endpoint_id, _uuid(delivery_id))
    except ProblemError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Delivery queued again: the delivery worker sends it."))
    return redirect("tracking:webhook", endpoint_id)


@require_POST
@member_required
def webhook_delete(request: HttpRequest, actor: Actor, endpoint_id: int) -> HttpResponse:
    try:
        services.delete_endpoint(actor, endpoint_id)
    except ProblemError as exc:
        _refused(request, exc)
        return redirect("tracking:webhook", endpoint_id)
    messages.success(request, _("Endpoint deleted."))
    return redirect("tracking:webhooks")
