"""Pages of the consignee's tracking link: the owner creates and revokes it on the shipment
page; anyone holding it opens the public page, signed in or not."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.accounts.views import member_required
from cloudcabin.errors import ProblemError
from cloudcabin.network.ratelimit import enforce
from cloudcabin.network.selectors import hub_locode
from cloudcabin.shipments.models import Shipment
from cloudcabin.shipments.selectors import get_shipment
from cloudcabin.tracking import links
from cloudcabin.tracking.selectors import timeline_of

# Openings of link pages per client address and window (seconds): a link's holder reloads
# now and then; a flood of guesses or a scraper is refused.
LINK_RATE = (60, 60)
# The new link's address, shown once on the shipment page after the redirect.
SHOW_ONCE_LINK = "tracking_link_shown"
# A capability URL must not travel further than its holder: not to search engines, not
# to a cache, not in the Referer of a link followed from the page (W3C TAG).
PRIVATE_HEADERS = {
    "X-Robots-Tag": "noindex",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
}


class LinkForm(forms.Form):
    days = forms.IntegerField(
        label=gettext_lazy("Valid for (days)"),
        min_value=1,
        max_value=links.MAX_DAYS,
        initial=links.DEFAULT_DAYS,
    )
    label = forms.CharField(
        label=gettext_lazy("For whom (optional)"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Only you see this, e.g. the consignee's name."),
    )


def shipment_links_context(
    request: HttpRequest, actor: Actor, shipment: Shipment
) -> dict[str, Any]:
    """The shipment page's tracking section: the timeline (retracted events struck through,
    for the owner) and the links."""
    shown = request.session.get(SHOW_ONCE_LINK)
    new_link = ""
    if shown and shown.get("shipment") == shipment.pk:
        new_link = request.session.pop(SHOW_ONCE_LINK)["url"]
    return {
        "timeline": timeline_of(shipment, with_retracted=True),
        "tracking_links": list(links.links_of(shipment)),
        "link_form": LinkForm(auto_id="link-%s"),
        "new_tracking_link": new_link,
    }


@require_POST
@member_required
def link_create(request: HttpRequest, actor: Actor, shipment_id: int) -> HttpResponse:
    get_shipment(actor.organization, shipment_id)  # not theirs: 404 before reading the form
    form = LinkForm(request.POST)
    back = reverse("shipments:detail", args=[shipment_id]) + "#tracking"
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(back)
    try:
        _link, token = links.create_link(
            actor=actor,
            shipment_id=shipment_id,
            days=form.cleaned_data["days"],
            label=form.cleaned_data["label"],
        )
    except ProblemError as exc:
        for found in exc.problems:
            messages.error(request, found.message)
        return redirect(back)
    url = request.build_absolute_uri(reverse("tracking:public", args=[token]))
    request.session[SHOW_ONCE_LINK] = {"shipment": shipment_id, "url": url}
    return redirect(back)


@require_POST
@member_required
def link_revoke(request: HttpRequest, actor: Actor, shipment_id: int, link_id: int) -> HttpResponse:
    try:
        link = links.revoke_link(actor=actor, shipment_id=shipment_id, link_id=link_id)
    except ProblemError as exc:
        for found in exc.problems:
            messages.error(request, found.message)
    else:
        messages.success(
            request,
            _("The link of %(day)s was revoked.") % {"day": f"{link.created_at:%Y-%m-%d %H:%M}"},
        )
    return redirect(reverse("shipments:detail", args=[shipment_id]) + "#tracking")


def public_page(request: HttpRequest, link_token: str) -> HttpResponse:
    """What the link's holder sees: the containers, their public milestones, status, ETA
    and map; never parties, goods, values, documents, prices or wagons."""
    language = request.GET.get("language", "")
    if language in dict(settings.LANGUAGES):
        # The page's language switch: remembered in the cookie, then the page without it.
        response: HttpResponse = HttpResponseRedirect(request.path)
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
        return _private(response)
    try:
        enforce(request, scope="tracking-link", limit=LINK_RATE[0], window_seconds=LINK_RATE[1])
    except ProblemError as exc:
        busy = render(request, "tracking/link_busy.html", {"problem": exc.problems[0]}, status=429)
        return _private(busy)
    try:
        link = links.open_link(link_token)
    except Http404:
        response = render(request, "tracking/link_not_found.html", status=404)
    else:
        shipment = link.shipment
        response = render(
            request,
            "tracking/public.html",
            {
                "timeline": timeline_of(shipment, public_only=True),
                "origin": hub_locode(shipment.origin_locode),
                "destination": hub_locode(shipment.destination_locode),
                "expires_at": link.expires_at,
            },
        )
    return _private(response)


def _private(response: HttpResponse) -> HttpResponse:
    for name, value in PRIVATE_HEADERS.items():
        response[name] = value
    return response
