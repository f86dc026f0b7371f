"""The one helper that writes a booking's audit row, and the snapshot it stores."""

from __future__ import annotations

from typing import Any

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.bookings.models import Booking, BookingEvent, BookingEventKind


def booking_state(booking: Booking) -> dict[str, Any]:
    return {
        "status": booking.status,
        "departure": booking.departure_id,
        "containers": booking.containers,
        "teu": str(booking.teu),
        "waitlist_seq": booking.waitlist_seq,
        "is_late": booking.is_late,
        "late_fee": None if booking.late_fee is None else str(booking.late_fee),
    }


def record_event(
    *,
    actor: Actor | None,
    booking: Booking,
    kind: BookingEventKind,
    before: dict[str, Any] | None = None,
    **extra: Any,
) -> BookingEvent:
    return BookingEvent.objects.create(
        organization_id=booking.organization_id,
        booking=booking,
        departure_id=booking.departure_id,
        actor=actor.user if actor else None,
        kind=kind,
        before=before or {},
        after=booking_state(booking) | extra,
    )
