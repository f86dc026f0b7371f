"""IFTSTA writes: an interchange in (all or nothing), an interchange out, partner profiles."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from cloudcabin.accounts.tenancy import Actor, get_for_org_or_404
from cloudcabin.bookings.models import Booking
from cloudcabin.errors import Problem, ProblemError
from cloudcabin.tracking.edifact.milestones import rows_of
from cloudcabin.tracking.edifact.reader import Where, read_iftsta
from cloudcabin.tracking.edifact.writer import Party, Written, write_iftsta
from cloudcabin.tracking.models import EdifactProfile, Source, TrackingEvent
from cloudcabin.tracking.services import Recorded, booking_id_of, record_events

_ROW = re.compile(r"^iftsta\[(?P<index>\d+)\]\.(?P<field>\w+)$")

PROFILE_FIELDS = (
    "partner",
    "partner_name",
    "sender_id",
    "sender_qualifier",
    "recipient_id",
    "recipient_qualifier",
    "version",
    "layout",
    "active",
)


def receive_iftsta(actor: Actor, text: str) -> Recorded:
    """Record every status of the interchange through ``record_events`` in one batch.

    A problem ``record_events`` finds in a row (an unknown booking, a container not on
    it, a place we do not know) is told by the segment that row's value came from, once
    for a status whose rows share that segment (a booking reference for both its boxes).
    """
    actor.require_write()
    reading = read_iftsta(text)
    found = rows_of(actor, reading)
    try:
        return record_events(actor, found.rows, source=Source.IFTSTA, path="iftsta")
    except ProblemError as exc:
        told = dict.fromkeys(_by_segment(p, found.origins) for p in exc.problems)
        raise ProblemError(*told, status=exc.status) from exc


def _by_segment(found: Problem, origins: list[dict[str, Where]]) -> Problem:
    match = _ROW.match(found.path)
    if match is None:
        return found
    fields = origins[int(match["index"])]
    where = fields.get(match["field"], fields["milestone"])
    return replace(found, path=str(where))


def iftsta_for_booking(
    actor: Actor,
    *,
    booking_reference: str,
    profile_id: int,
    prepared_at: datetime | None = None,
) -> Written:
    """The booking's events (retractions left out) as one interchange for the partner;
    each call takes the profile's next control reference."""
    booking = (
        Booking.objects.for_actor(actor).filter(pk=booking_id_of(booking_reference) or 0).first()
    )
    if booking is None:
        raise Http404
    events = list(
        TrackingEvent.objects.for_actor(actor)
        .filter(booking=booking, retracted_at__isnull=True)
        .select_related("booking", "shipment", "container", "milestone")
        .order_by("event_time", "milestone__sequence", "container__number")
    )
    with transaction.atomic():
        profile = get_for_org_or_404(
            EdifactProfile.objects.select_for_update(), actor.organization, pk=profile_id
        )
        if not profile.active:
            raise ProblemError.of("TRACKING_EDIFACT_PROFILE_INACTIVE", partner=profile.name)
        profile.last_control_reference += 1
        written = write_iftsta(
            events,
            sender=Party(profile.sender_id, profile.sender_qualifier),
            recipient=Party(profile.recipient_id, profile.recipient_qualifier),
            version=profile.version,
            control_reference=str(profile.last_control_reference),
            prepared_at=prepared_at or timezone.now(),
        )
        if not written.events:
            raise ProblemError.of("TRACKING_IFTSTA_NOTHING_TO_SEND", booking=booking.reference)
        profile.save(update_fields=["last_control_reference"])
    return written


def save_profile(
    actor: Actor, *, profile_id: int | None = None, **fields: object
) -> EdifactProfile:
    """Create or change one of the organization's partner profiles."""
    actor.require_write()
    unknown = set(fields) - set(PROFILE_FIELDS)
    assert not unknown, f"not profile fields: {sorted(unknown)}"
    with transaction.atomic():
        if profile_id is None:
            profile = EdifactProfile(organization=actor.organization)
        else:
            profile = get_for_org_or_404(
                EdifactProfile.objects.select_for_update(), actor.organization, pk=profile_id
            )
        for name, value in fields.items():
            setattr(profile, name, value.strip() if isinstance(value, str) else value)
        if profile.partner_id is None and not profile.partner_name:
            raise ProblemError.of("TRACKING_EDIFACT_PROFILE_PARTNER", path="partner_name")
        profile.save()
    return profile
