"""Consignee tracking links: created and revoked by the shipment's owner, opened by anyone
who holds one (see ``models.links``).

A link is found by the SHA-256 of its token; unknown, expired and revoked tokens are the
same 404, so a guess learns nothing. Each opening is counted on the link.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import F, QuerySet
from django.http import Http404
from django.utils import timezone

from cloudcabin.accounts.tenancy import Actor, get_for_org_or_404
from cloudcabin.errors import ProblemError
from cloudcabin.shipments.models import Shipment
from cloudcabin.tracking.models import TrackingLink

DEFAULT_DAYS = 30
MAX_DAYS = 365


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- writes ---------------------------------------------------------------------------


def create_link(
    *, actor: Actor, shipment_id: int, days: int = DEFAULT_DAYS, label: str = ""
) -> tuple[TrackingLink, str]:
    """A new link to the shipment's tracking, open for ``days``; the token is returned
    once, only its hash is kept."""
    actor.require_write()
    shipment = get_for_org_or_404(Shipment.objects.all(), actor.organization, pk=shipment_id)
    if not 1 <= days <= MAX_DAYS:
        raise ProblemError.of("TRACKING_LINK_DAYS", path="days", limit=MAX_DAYS)
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    link = TrackingLink.objects.create(
        organization=actor.organization,
        shipment=shipment,
        token_hash=token_hash(token),
        label=label.strip()[:100],
        created_by=actor.user,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    return link, token


def revoke_link(*, actor: Actor, shipment_id: int, link_id: int) -> TrackingLink:
    """Close the link now (a revoked link stays listed, marked)."""
    actor.require_write()
    with transaction.atomic():
        link = get_for_org_or_404(
            TrackingLink.objects.select_for_update(),
            actor.organization,
            pk=link_id,
            shipment_id=shipment_id,
        )
        if link.revoked_at is None:
            link.revoked_at = timezone.now()
            link.revoked_by = actor.user
            link.save(update_fields=["revoked_at", "revoked_by"])
    return link


def open_link(token: str) -> TrackingLink:
    """The open link of this token, its opening counted; 404 for any other token."""
    now = timezone.now()
    link = (
        TrackingLink.objects.filter(
            token_hash=token_hash(token), revoked_at__isnull=True, expires_at__gt=now
        )
        .select_related("shipment")
        .first()
    )
    if link is None:
        raise Http404
    TrackingLink.objects.filter(pk=link.pk).update(views=F("views") + 1, last_viewed_at=now)
    return link


# --- reads ----------------------------------------------------------------------------


def links_of(shipment: Shipment) -> QuerySet[TrackingLink]:
    """Every link of the shipment, newest first (the caller has checked it is the owner)."""
    return TrackingLink.objects.filter(shipment=shipment).select_related("created_by")
