"""How much a departure takes: every capacity rule of bookings in one place.

The departure row keeps the counters (``confirmed_teu``, ``held_teu``) beside
``capacity_teu``, and its check constraint ``departure_never_overbooked``
(``models.Departure``) makes the database refuse any write that overbooks, whatever the
code. The rules here decide before that: the room a departure has (``ROOM`` in queries,
``Departure.remaining_teu`` on a row), what never fits the whole train, what fits given
the capacity an agent held for a customer, and how a booking is counted in. Callers hold
the departure's row lock (``services.lock_departures``).
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import F

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.bookings.events import booking_state, record_event
from cloudcabin.bookings.models import ZERO, Booking, BookingEventKind, BookingStatus, Departure
from cloudcabin.errors import ProblemError
from cloudcabin.numbers import number_text

# The TEU a departure can still take, for ``annotate``: ``Departure.remaining_teu`` in SQL.
ROOM = F("capacity_teu") - F("confirmed_teu") - F("held_teu")


def never_fits(departure: Departure, teu: Decimal) -> bool:
    """More than the whole train carries: such a booking could only ever wait."""
    return teu > departure.capacity_teu


def refuse_over_train(departure: Departure, teu: Decimal) -> None:
    """A request larger than the whole train is refused when made."""
    if never_fits(departure, teu):
        raise ProblemError.of(
            "BOOKING_OVER_CAPACITY",
            path="containers",
            teu=number_text(teu),
            capacity=number_text(departure.capacity_teu),
        )


def refuse_below_booked(departure: Departure, capacity_teu: Decimal) -> None:
    """An agent may not lower a departure's capacity under what is confirmed or held."""
    booked = departure.confirmed_teu + departure.held_teu
    if capacity_teu < booked:
        raise ProblemError.of("CAPACITY_BELOW_BOOKED", path="capacity_teu", booked=booked)


def require_room(departure: Departure, teu: Decimal, *, path: str = "") -> None:
    """``teu`` must fit in the room left (capacity held for others is not room)."""
    if teu > departure.remaining_teu:
        raise ProblemError.of(
            "CAPACITY_SHORT", path=path, remaining=departure.remaining_teu, teu=teu
        )


def own_holds(departure: Departure, organization_id: int) -> list[Booking]:
    """The capacity an agent held on the departure for this organization, oldest first."""
    if departure.held_teu <= 0:  # the common case, without a query
        return []
    return list(
        Booking.objects.filter(
            departure=departure, organization_id=organization_id, status=BookingStatus.HELD
        ).order_by("id")
    )


def fits(departure: Departure, booking: Booking) -> bool:
    """Whether the booking fits the room left plus what is held for its organization."""
    held = sum((hold.teu for hold in own_holds(departure, booking.organization_id)), ZERO)
    return booking.teu <= departure.remaining_teu + held


def require_fit(departure: Departure, booking: Booking) -> None:
    if not fits(departure, booking):
        raise ProblemError.of("CAPACITY_SHORT", remaining=departure.remaining_teu, teu=booking.teu)


def count_in(departure: Departure, booking: Booking, actor: Actor | None) -> None:
    """Count the (saved) booking in, drawing first on capacity held for its organization."""
    needed = booking.teu
    for hold in own_holds(departure, booking.organization_id):
        if needed <= 0:
            break
        used = min(hold.teu, needed)
        before = booking_state(hold)
        hold.teu -= used
        if hold.teu == 0:
            hold.status = BookingStatus.CANCELLED
        hold.save(update_fields=["teu", "status", "updated_at"])
        departure.held_teu -= used
        needed -= used
        record_event(
            actor=actor, booking=hold, kind=BookingEventKind.HOLD_USED, before=before, by=booking.pk
        )
    departure.confirmed_teu += booking.teu
    booking.status = BookingStatus.CONFIRMED
