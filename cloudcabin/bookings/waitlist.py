"""The waitlist of a departure: first-come, first-served among requests that can fit.

Waitlisted bookings are promoted in ``waitlist_seq`` order while the head fits; a head
that does not fit *now* blocks the ones behind it (no skipping ahead for smaller
bookings), and a new request joins the queue behind a non-empty waitlist even if it
would fit. A booking larger than the departure's whole capacity can never fit: such a
request is refused when made, and one left so by an agent lowering the capacity keeps
its place but is passed over, so it blocks nobody (it moves up again if the capacity
is raised). Callers hold the departure's row lock.
"""

from __future__ import annotations

from django.db.models import F, QuerySet, prefetch_related_objects

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.bookings import capacity, notifications
from cloudcabin.bookings.events import booking_state, record_event
from cloudcabin.bookings.models import Booking, BookingEventKind, BookingStatus, Departure
from cloudcabin.errors import errors_only
from cloudcabin.shipments.holds import holds_on


def waitlisted(departure: Departure) -> list[Booking]:
    """The queue in order, with the shipments (whose holds promotion asks).

    Most departures have no queue: the shipments are read only for one that has, as a
    join with every shipment column costs each cancel more to build than the query of
    a second table.
    """
    queue = list(
        Booking.objects.filter(departure=departure, status=BookingStatus.WAITLISTED).order_by(
            "waitlist_seq", "id"
        )
    )
    prefetch_related_objects(queue, "shipment")
    return queue


def blocking(departure: Departure | int) -> QuerySet[Booking]:
    """The waitlisted bookings that can fit the train, so hold back those behind them."""
    return Booking.objects.filter(
        departure=departure,
        status=BookingStatus.WAITLISTED,
        teu__lte=F("departure__capacity_teu"),
    )


def promote(*, departure: Departure, actor: Actor | None) -> list[Booking]:
    """Confirm waitlisted bookings from the head while they fit; returns those promoted.

    A booking whose shipment is held by compliance (``shipments.holds``) keeps its place
    but is passed over: it is confirmed by an agent once the hold is cleared.
    """
    promoted: list[Booking] = []
    for booking in waitlisted(departure):
        if capacity.never_fits(departure, booking.teu):
            continue  # can never fit: passed over, never in the way
        if booking.shipment is not None and errors_only(holds_on(booking.shipment)):
            continue
        if booking.teu > departure.remaining_teu:
            break
        before = booking_state(booking)
        booking.status = BookingStatus.CONFIRMED
        booking.save(update_fields=["status", "updated_at"])
        departure.confirmed_teu += booking.teu
        record_event(actor=actor, booking=booking, kind=BookingEventKind.PROMOTED, before=before)
        notifications.notify(booking, BookingEventKind.PROMOTED)
        promoted.append(booking)
    if promoted:
        departure.save(update_fields=["confirmed_teu"])
    return promoted


def position(booking: Booking) -> int | None:
    """1 for the head of the waitlist; None when the booking is not waitlisted."""
    if booking.status != BookingStatus.WAITLISTED or booking.waitlist_seq is None:
        return None
    ahead = blocking(booking.departure_id).filter(waitlist_seq__lt=booking.waitlist_seq).count()
    return ahead + 1
