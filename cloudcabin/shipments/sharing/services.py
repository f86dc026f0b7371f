"""Writes for shares: share with an organization, invite one by e-mail, accept, revoke.

Only the shipment's owner shares and revokes (its writers: ``Actor.require_write``); the
shipment is found with ``for_org`` of the actor's organization, so a shared organization
or a stranger gets the same 404. An invitation reuses the accounts machinery: a 256-bit
token of which only the hash is stored, the same lifetime, e-mail in the recipient's
language.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cloudcabin.accounts.mail import send_in_their_language
from cloudcabin.accounts.models import Organization, normalize_email
from cloudcabin.accounts.services import INVITATION_LIFETIME, hash_secret
from cloudcabin.accounts.tenancy import Actor, get_for_org_or_404
from cloudcabin.errors import ProblemError
from cloudcabin.shipments.models import ShareRole, Shipment, ShipmentEventKind, ShipmentShare
from cloudcabin.shipments.services import record_event
from cloudcabin.shipments.sharing import selectors


@dataclass(frozen=True)
class Shared:
    share: ShipmentShare
    # The invitation link, for an invitation by e-mail (shown once, like a member's).
    link: str = ""


def _owned(actor: Actor, shipment_id: int) -> Shipment:
    actor.require_write()
    return get_for_org_or_404(
        Shipment.objects.select_for_update(of=("self",)).select_related(
            "organization", "consignee", "notify_party", "declarant"
        ),
        actor.organization,
        pk=shipment_id,
    )


def _role(role: str) -> str:
    if role not in ShareRole.values:
        raise ProblemError.of("SHARE_ROLE_UNKNOWN", path="role")
    return role


def _refuse_existing(shipment: Shipment, organization: Organization) -> None:
    if organization.pk == shipment.organization_id:
        raise ProblemError.of("SHARE_OWN_ORGANIZATION")
    if selectors.share_for(shipment, organization) is not None:
        raise ProblemError.of("SHARE_ALREADY", organization=organization.name_en)


@transaction.atomic
def share_shipment(
    *,
    actor: Actor,
    shipment_id: int,
    role: str,
    organization_id: int | None = None,
    email: str = "",
) -> Shared:
    """Share with an organization its parties name (``organization_id``, one of
    ``selectors.candidates``), or invite a company by ``email``: exactly one of the two."""
    shipment = _owned(actor, shipment_id)
    role = _role(role)
    email = normalize_email(email)
    if (organization_id is None) == (not email):
        raise ProblemError.of("SHARE_TARGET_REQUIRED", path="email")
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise ProblemError.of(
                "INVALID", path="email", detail=_("Enter a valid e-mail address.")
            ) from exc
        return _invite(actor, shipment, role, email)
    named = {c.organization.pk: c.organization for c in selectors.candidates(shipment)}
    organization = named.get(organization_id or 0)
    if organization is None:
        raise ProblemError.of("SHARE_ORGANIZATION_UNKNOWN", path="organization_id")
    _refuse_existing(shipment, organization)
    share = ShipmentShare.objects.create(
        organization=shipment.organization,
        shipment=shipment,
        role=role,
        shared_with=organization,
        accepted_at=timezone.now(),
        created_by=actor.user,
    )
    record_event(
        actor=actor,
        shipment=shipment,
        kind=ShipmentEventKind.SHARED,
        organization=organization.name_en,
        role=role,
    )
    return Shared(share)


def _invite(actor: Actor, shipment: Shipment, role: str, email: str) -> Shared:
    token = secrets.token_urlsafe(32)
    share = ShipmentShare.objects.create(
        organization=shipment.organization,
        shipment=shipment,
        role=role,
        invited_email=email,
        token_hash=hash_secret(token),
        expires_at=timezone.now() + INVITATION_LIFETIME,
        created_by=actor.user,
    )
    link = settings.SITE_URL.rstrip("/") + reverse("shipments:share_invitation", args=[token])
    record_event(
        actor=actor, shipment=shipment, kind=ShipmentEventKind.SHARE_INVITED, email=email, role=role
    )
    owner, reference = shipment.organization, shipment.reference

    def compose() -> tuple[str, str]:
        chinese = (translation.get_language() or "").startswith("zh")
        org_name = (chinese and owner.name_zh) or owner.name_en
        names = {"org": org_name, "reference": reference, "link": link}
        return (
            _("%(org)s shares shipment %(reference)s with you on cloudcabin") % names,
            _(
                "%(org)s shares shipment %(reference)s with your company as %(role)s: its "
                "documents and tracking, read-only. Open this link to see it (sign up first "
                "if your company is not on cloudcabin yet): %(link)s"
            )
            % (names | {"role": str(ShareRole(role).label).lower()}),
        )

    inviter_language = actor.user.language if actor.user else ""
    transaction.on_commit(
        lambda: send_in_their_language([email], compose, default=inviter_language)
    )
    return Shared(share, link)


@transaction.atomic
def accept_invitation(*, actor: Actor, token: str) -> ShipmentShare:
    """The invited person accepts for the organization they act for; only the address the
    link was sent to may use it (it may have been forwarded)."""
    share = (
        ShipmentShare.objects.select_for_update(of=("self",))
        .select_related("shipment", "shipment__organization")
        .filter(token_hash=hash_secret(token))
        .first()
    )
    if share is None or not share.is_open_invitation:
        raise ProblemError.of("INVITATION_INVALID")
    email = normalize_email(actor.user.email) if actor.user else ""
    if email != share.invited_email:
        raise ProblemError.of("INVITATION_OTHER_EMAIL", email=share.invited_email)
    _refuse_existing(share.shipment, actor.organization)
    share.shared_with = actor.organization
    share.accepted_at = timezone.now()
    try:
        with transaction.atomic():
            share.save(update_fields=["shared_with", "accepted_at"])
    except IntegrityError as exc:  # accepted in parallel by another way
        raise ProblemError.of("SHARE_ALREADY", organization=actor.organization.name_en) from exc
    record_event(
        actor=actor,
        shipment=share.shipment,
        kind=ShipmentEventKind.SHARE_ACCEPTED,
        organization=actor.organization.name_en,
        email=email,
    )
    return share


@transaction.atomic
def revoke_share(*, actor: Actor, shipment_id: int, share_id: int) -> ShipmentShare:
    """End a share or withdraw an invitation; the row stays as history. Revoking twice
    changes nothing."""
    shipment = _owned(actor, shipment_id)
    share = ShipmentShare.objects.filter(shipment=shipment, pk=share_id).first()
    if share is None:
        raise ProblemError.of("NOT_FOUND")
    if share.revoked_at is None:
        share.revoked_at = timezone.now()
        share.save(update_fields=["revoked_at"])
        record_event(
            actor=actor,
            shipment=shipment,
            kind=ShipmentEventKind.SHARE_REVOKED,
            organization=share.shared_with.name_en if share.shared_with else "",
            email=share.invited_email,
        )
    return share
