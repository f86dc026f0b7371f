"""A departure's status reaches its bookings: the train leaves, is cancelled or closes.

Called by ``schedules.update_departure`` under the departure's row lock, in the same
transaction. Each booking that changes gets an event in its history and its shipper an
e-mail (after the commit, ``notifications``).

- departed: confirmed bookings are departed (the shipper can no longer cancel them);
  requests and waitlisted bookings did not make the train and are refused; holds end.
- cancelled: every active booking is cancelled and its capacity given back.
- closed: nothing changes status (an agent may still book late), but the shipper is told.

A departed or cancelled departure is final: its status cannot change again.
"""

from __future__ import annotations

from django.utils import timezone

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.bookings import notifications
from cloudcabin.bookings.events import booking_state, record_event
from cloudcabin.bookings.models import (
    ACTIVE_STATUSES,
    Booking,
    BookingEventKind,
    BookingStatus,
    Departure,
    DepartureStatus,
)
from cloudcabin.errors import ProblemError

FINAL = frozenset({DepartureStatus.DEPARTED, DepartureStatus.CANCELLED})

# When the train departs: each active booking's status → the status it takes.
DEPARTED_MOVES = {
    BookingStatus.CONFIRMED: BookingStatus.DEPARTED,
    BookingStatus.REQUESTED: BookingStatus.REFUSED,
    BookingStatus.WAITLISTED: BookingStatus.REFUSED,
    BookingStatus.HELD: BookingStatus.CANCELLED,
}
EVENT_OF = {
    DepartureStatus.DEPARTED: BookingEventKind.DEPARTED,
    DepartureStatus.CANCELLED: BookingEventKind.TRAIN_CANCELLED,
    DepartureStatus.CLOSED: BookingEventKind.DEPARTURE_CLOSED,
}


def check_change(departure: Departure, status: str) -> None:
    """A departed or cancelled train stays so (its bookings have followed it)."""
    if departure.status in FINAL and status != departure.status:
        raise ProblemError.of(
            "DEPARTURE_STATUS_FINAL", path="status", status=departure.get_status_display()
        )


def _next_status(booking: Booking, status: str) -> str:
    if status == DepartureStatus.DEPARTED:
        return DEPARTED_MOVES[BookingStatus(booking.status)]
    if status == DepartureStatus.CANCELLED:
        return BookingStatus.CANCELLED
    return booking.status


def follow(*, departure: Departure, previous: str, actor: Actor | None) -> list[Booking]:
    """Make the departure's active bookings follow its new status; returns those touched.

    The caller holds the departure's row lock and saves its counters afterwards.
    """
    status = departure.status
    if status == previous or status not in EVENT_OF:
        return []
    kind = EVENT_OF[DepartureStatus(status)]
    now = timezone.now()
    touched = []
    for booking in Booking.objects.filter(
        departure=departure, status__in=ACTIVE_STATUSES
    ).select_related("departure__service", "shipment"):
        before = booking_state(booking)
        after = _next_status(booking, status)
        if status == DepartureStatus.CANCELLED:
            if booking.status == BookingStatus.CONFIRMED:
                departure.confirmed_teu -= booking.teu
            elif booking.status == BookingStatus.HELD:
                departure.held_teu -= booking.teu
        elif status == DepartureStatus.DEPARTED and booking.status == BookingStatus.HELD:
            departure.held_teu -= booking.teu
        if after != booking.status:
            booking.status = after
            booking.updated_at = now
            booking.save(update_fields=["status", "updated_at"])
        record_event(actor=actor, booking=booking, kind=kind, before=before)
        notifications.notify(booking, kind)
        touched.append(booking)
    return touched
