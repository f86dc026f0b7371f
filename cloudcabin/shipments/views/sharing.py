"""Pages: the owner's sharing page, a shared organization's read-only shipment page, and
the invitation link an invited company opens."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.accounts.views import member_required
from cloudcabin.documents import selectors as document_selectors
from cloudcabin.errors import ProblemError
from cloudcabin.network.journey import has_route
from cloudcabin.shipments import selectors
from cloudcabin.shipments.checks.context import PARTY_ROLES
from cloudcabin.shipments.forms import PARTY_LABELS
from cloudcabin.shipments.models import ShareRole, Shipment
from cloudcabin.shipments.sharing import selectors as sharing_selectors
from cloudcabin.shipments.sharing import services as sharing
from cloudcabin.shipments.sharing.forms import InviteForm, ShareForm
from cloudcabin.shipments.views.common import add_problems, refuse_if_denied, write_only
from cloudcabin.tracking.selectors import timeline_of

SHOW_ONCE_SHARE_LINK = "show_once_share_link"
# What a shared organization sees of the parties: who ships, who receives, whom to tell.
SHARED_PARTY_ROLES = ("consignor", "consignee", "notify_party", "declarant")


def render_shared(request: HttpRequest, actor: Actor, shipment: Shipment) -> HttpResponse:
    """The shipment as an organization it is shared with sees it: read-only, no prices,
    its issued documents and its tracking."""
    share = sharing_selectors.share_for(shipment, actor.organization)
    view = selectors.shipment_view(shipment)
    context: dict[str, Any] = {
        "shipment": shipment,
        "share": share,
        "inbound": share is not None and share.role == ShareRole.CONSIGNEE,
        "parties": [
            (PARTY_LABELS.get(role, role), getattr(shipment, role))
            for role in SHARED_PARTY_ROLES
            if role in PARTY_ROLES and getattr(shipment, role) is not None
        ],
        "lines": view.lines,
        "containers": view.containers,
        "route_name": shipment.route_option if has_route(shipment.route_option) else None,
        "packs": [
            (pack, sorted(pack.files.all(), key=lambda f: (f.kind, f.part, f.format)))
            for pack in document_selectors.packs_of(shipment).order_by("-version")
        ],
        "timeline": timeline_of(shipment),
    }
    return render(request, "shipments/shared.html", context)


def _sharing_context(actor: Actor, shipment: Shipment, **forms: Any) -> dict[str, Any]:
    candidates = sharing_selectors.candidates(shipment)
    shares = list(sharing_selectors.shares_of(shipment))
    live_with = {s.shared_with_id for s in shares if s.shared_with_id and not s.revoked_at}
    return {
        "shipment": shipment,
        "candidates": [c for c in candidates if c.organization.pk not in live_with],
        "named": bool(candidates),
        "live": [s for s in shares if s.shared_with_id and not s.revoked_at],
        "invited": [s for s in shares if s.is_open_invitation],
        "invite_form": forms.get("invite_form") or InviteForm(),
        "share_errors": forms.get("share_errors", []),
        "can_write": actor.can_write,
    }


@member_required
def sharing_page(request: HttpRequest, actor: Actor, shipment_id: int) -> HttpResponse:
    """The owner's page: who sees the shipment, whom its parties name, invite by e-mail."""
    shipment = selectors.get_shipment(actor.organization, shipment_id)
    context = _sharing_context(actor, shipment)
    context["invitation_link"] = request.session.pop(SHOW_ONCE_SHARE_LINK, None)
    return render(request, "shipments/sharing.html", context)


@write_only
def share(request: HttpRequest, actor: Actor, shipment_id: int) -> HttpResponse:
    """POST: share with an organization the parties name, or invite one by e-mail."""
    shipment = selectors.get_shipment(actor.organization, shipment_id)
    inviting = "email" in request.POST
    form: InviteForm | ShareForm = (
        InviteForm(request.POST)
        if inviting
        else ShareForm(request.POST, candidates=sharing_selectors.candidates(shipment))
    )
    problems: list[str] = []
    if form.is_valid():
        try:
            shared = sharing.share_shipment(
                actor=actor, shipment_id=shipment.pk, **form.cleaned_data
            )
        except ProblemError as exc:
            refuse_if_denied(exc)
            add_problems(form, exc.problems)
        else:
            if shared.link:
                messages.success(
                    request,
                    _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]},
                )
                # Shown once after the redirect, so a reload cannot send a second invitation.
                request.session[SHOW_ONCE_SHARE_LINK] = shared.link
            else:
                messages.success(
                    request,
                    _("%(org)s now sees this shipment.")
                    % {"org": shared.share.shared_with.name_en if shared.share.shared_with else ""},
                )
            return redirect("shipments:sharing", shipment.pk)
    if not inviting:
        problems = [str(e) for errors in form.errors.values() for e in errors]
    context = _sharing_context(
        actor,
        shipment,
        invite_form=form if inviting else None,
        share_errors=problems,
    )
    return render(request, "shipments/sharing.html", context, status=422)


@write_only
def revoke(request: HttpRequest, actor: Actor, shipment_id: int, share_id: int) -> HttpResponse:
    shipment = selectors.get_shipment(actor.organization, shipment_id)
    try:
        sharing.revoke_share(actor=actor, shipment_id=shipment.pk, share_id=share_id)
    except ProblemError as exc:
        refuse_if_denied(exc)
        for found in exc.problems:
            messages.error(request, found.message)
    else:
        messages.success(request, _("Share revoked."))
    return redirect("shipments:sharing", shipment.pk)


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link an invited company opens: sign up or sign in, then add the shipment to
    the organization one acts for. A bearer of the token, not a member: public."""
    try:
        share = sharing_selectors.find_open_invitation(token)
    except ProblemError:
        return render(request, "accounts/invitation_invalid.html", status=404)
    found = getattr(request, "actor", None)  # lazy: None when signed out or without a company
    actor = found if isinstance(found, Actor) else None
    refusals: list[str] = []
    status = 200
    if request.method == "POST" and actor is not None:
        try:
            accepted = sharing.accept_invitation(actor=actor, token=token)
        except ProblemError as exc:
            refusals = [found.message for found in exc.problems]
            status = exc.status
        else:
            messages.success(
                request,
                _("Shipment %(reference)s is now on your shipment list.")
                % {"reference": accepted.shipment.reference},
            )
            return redirect("shipments:detail", accepted.shipment_id)
    here = reverse("shipments:share_invitation", args=[token])
    return render(
        request,
        "shipments/share_invitation.html",
        {
            "share": share,
            "refusals": refusals,
            "here": here,
            "other_person": actor is not None
            and actor.user is not None
            and actor.user.email != share.invited_email,
        },
        status=status,
    )
