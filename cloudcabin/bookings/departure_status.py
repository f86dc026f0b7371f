"""A departure's status reaches its bookings: the train leaves, is cancelled or closes.

Called by ``schedules.update_departure`` under the departure's row lock, in the same
transaction. Each booking that changes gets an event in its history and its shipper an
e-mail (after the commit, ``notifications``).

- departed: confirmed bookings are departed (the shipper can no longer cancel them);
  requests and waitlisted bookings did not make the train and are refused; holds end.
- cancelled: every active booking is cancelled and its capacity given back.
- closed: nothing changes status (an agent may still book late), but the shipper is told.

A departed or cancelled departure is final: its status cannot change again.

Other apps follow a train's departure through the signal ``departure_departed`` (the
tracking app records the departure of every container on it); the bookings app imports
none of them. Conversely ``depart_bookings`` is the same move for bookings whose
containers are reported departed before the agent marks the train.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.dispatch import Signal
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

# Sent with ``departure``, ``bookings`` (its departed ones) and ``actor`` inside the
# transaction that marks the train departed; a receiver's failure rolls it back.
departure_departed = Signal()

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
        _move(booking, after, kind=kind, before=before, actor=actor, now=now)
        touched.append(booking)
    if status == DepartureStatus.DEPARTED:
        # Those departed just now and those whose boxes were reported departed before.
        departed = list(
            Booking.objects.filter(departure=departure, status=BookingStatus.DEPARTED)
            .select_related("departure__service", "shipment")
            .order_by("pk")
        )
        departure_departed.send(
            sender=Departure, departure=departure, bookings=departed, actor=actor
        )
    return touched


def depart_bookings(*, booking_ids: Iterable[int], actor: Actor | None) -> list[Booking]:
    """Confirmed bookings whose containers were reported departed: departed, as when the
    train is marked so (history, the shipper's e-mail, no more cancelling).

    Capacity does not change: a departed booking still fills its slots.
    """
    now = timezone.now()
    moved = []
    for booking in (
        Booking.objects.select_for_update(of=("self",))
        .filter(pk__in=set(booking_ids), status=BookingStatus.CONFIRMED)
        .select_related("departure__service", "shipment")
        .order_by("pk")
    ):
        before = booking_state(booking)
        after = DEPARTED_MOVES[BookingStatus.CONFIRMED]
        _move(booking, after, kind=BookingEventKind.DEPARTED, before=before, actor=actor, now=now)
        moved.append(booking)
    return moved


def _move(
    booking: Booking,
    after: str,
    *,
    kind: BookingEventKind,
    before: dict[str, Any],
    actor: Actor | None,
    now: datetime,
) -> None:
    if after != booking.status:
        booking.status = after
        booking.updated_at = now
        booking.save(update_fields=["status", "updated_at"])
    record_event(actor=actor, booking=booking, kind=kind, before=before)
    notifications.notify(booking, kind)
