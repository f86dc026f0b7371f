"""Writes for bookings. Capacity is never checked outside the departure's row lock.

Every function that changes capacity runs in one transaction that first locks the
departure row(s) (``SELECT … FOR UPDATE`` on PostgreSQL, in pk order when there are
two), then reads the counters, decides, writes the booking, the counters and the event
row, and queues the e-mail for after the commit. On SQLite, ``select_for_update`` is a
no-op, but the settings open every transaction with ``BEGIN IMMEDIATE``: the database
write lock is taken before the first read, so bookers queue one behind the other —
the equivalent path. The capacity rules are in ``capacity``, beside the check constraint
on the departure that refuses overbooking in any case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.bookings import capacity, notifications, selectors, waitlist
from cloudcabin.bookings.events import booking_state, record_event
from cloudcabin.bookings.models import (
    ACTIVE_STATUSES,
    ON_TRAIN_STATUSES,
    ZERO,
    Booking,
    BookingEventKind,
    BookingStatus,
    Departure,
    DepartureStatus,
    TrainService,
    booking_reference,
    station_text,
)
from cloudcabin.errors import Problem, ProblemError, errors_only, problem
from cloudcabin.numbers import money
from cloudcabin.reference.models import ContainerType
from cloudcabin.shipments.holds import holds_on
from cloudcabin.shipments.models import Shipment

CLOSED_FOR_GOOD = frozenset({DepartureStatus.DEPARTED, DepartureStatus.CANCELLED})


@dataclass
class BookingResult:
    booking: Booking
    alternatives: list[Departure] = field(default_factory=list)
    # why a booking that would have been confirmed stays requested (a compliance hold)
    held: list[Problem] = field(default_factory=list)


# --- locking -------------------------------------------------------------------------


def lock_departures(*departure_ids: int) -> dict[int, Departure]:
    """Lock the departures' rows in pk order, so that two movers can never deadlock."""
    locked = (
        Departure.objects.select_for_update(of=("self",))
        .select_related("service")
        .filter(pk__in=departure_ids)
        .order_by("pk")
    )
    found = {departure.pk: departure for departure in locked}
    if len(found) != len(set(departure_ids)):
        raise Http404
    return found


def lock_booking(actor: Actor, booking_id: int) -> tuple[Booking, Departure]:
    """The booking and its departure, locked; re-read in case a move changed the departure."""
    scope = selectors.bookings_visible_to(actor)
    for _attempt in range(3):
        try:
            # The booking's departure found and locked in one statement (a stranger's
            # booking finds none: 404); the booking is read after the lock is held.
            departure = (
                Departure.objects.select_for_update(of=("self",))
                .select_related("service")
                .get(pk__in=scope.filter(pk=booking_id).values("departure_id"))
            )
            booking = scope.get(pk=booking_id)
        except (Departure.DoesNotExist, Booking.DoesNotExist, ValueError, TypeError) as exc:
            raise Http404 from exc
        if booking.departure_id == departure.pk:
            # The locked row (with its service) is the booking's: its answer and mail read
            # it without fetching the departure again.
            booking.departure = departure
            return booking, departure
    raise ProblemError.of("CONFLICT", detail=_("The booking is changing; try again."))


def save_counters(departure: Departure) -> None:
    departure.save(update_fields=["confirmed_teu", "held_teu", "waitlist_counter"])


# --- checks --------------------------------------------------------------------------


def _shipment_for(actor: Actor, shipment_id: int) -> Shipment:
    try:
        return Shipment.objects.for_actor(actor).get(pk=shipment_id)
    except (Shipment.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def container_lines(
    shipment: Shipment, containers: list[dict[str, Any]] | None
) -> list[dict[str, Any]]:
    """[{size_type, count, teu}] merged by size-type; by default the shipment's containers.

    A booking carries the shipment's own containers and no more of any size-type: a
    two-box shipment cannot take the train.
    """
    own = selectors.container_counts(shipment)
    if not own:
        raise ProblemError.of("CONTAINERS_REQUIRED", path="containers")
    if not containers:
        containers = [{"size_type": size, "count": count} for size, count in own.items()]
    counts: dict[str, int] = {}
    first_index: dict[str, int] = {}
    for index, item in enumerate(containers):
        size = str(item.get("size_type", "")).strip().upper()
        count = item.get("count")
        if not isinstance(count, int) or count < 1:
            raise ProblemError.of(
                "INVALID", path=f"containers[{index}].count", detail=_("At least 1.")
            )
        counts[size] = counts.get(size, 0) + count
        first_index.setdefault(size, index)
    # A second query: read with the containers as a subquery, the TEU cost more processor
    # time to build than this one (measured on SQLite and PostgreSQL).
    teus = dict(ContainerType.objects.filter(code__in=counts, teu__gt=0).values_list("code", "teu"))
    for size, index in first_index.items():
        if size not in teus:
            raise ProblemError.of(
                "CONTAINER_TYPE_UNKNOWN", path=f"containers[{index}].size_type", value=size
            )
    for size, count in sorted(counts.items()):
        if count > own.get(size, 0):
            raise ProblemError.of(
                "BOOKING_OVER_SHIPMENT",
                path=f"containers[{first_index[size]}].count",
                own=own.get(size, 0),
                size_type=size,
                count=count,
            )
    return [
        {"size_type": size, "count": count, "teu": str(teus[size])}
        for size, count in sorted(counts.items())
    ]


def total_teu(lines: list[dict[str, Any]]) -> Decimal:
    return sum((Decimal(item["teu"]) * int(item["count"]) for item in lines), ZERO)


def check_route(service: TrainService, shipment: Shipment) -> None:
    if (service.origin_id, service.destination_id) != selectors.shipment_hubs(shipment):
        raise ProblemError.of(
            "BOOKING_ROUTE_MISMATCH",
            path="departure_id",
            service_route=f"{service.origin_id} → {service.destination_id}",
            shipment_route=(
                f"{shipment.origin_locode or '?'} → {shipment.destination_locode or '?'}"
            ),
        )


def check_not_booked(shipment_id: int, departure: Departure) -> None:
    """One active booking per shipment and departure (the database refuses a second too)."""
    # Only its id is read: the common answer is "none", and a whole row costs more to build.
    # (Asked together with the waitlist test in one query, it cost more processor time to
    # build than the two simple queries: measured on SQLite and PostgreSQL.)
    existing = active_bookings(shipment_id, departure).values_list("pk", flat=True).first()
    if existing is not None:
        reference = booking_reference(existing)
        raise ProblemError.of("BOOKING_EXISTS", path="departure_id", reference=reference)


def active_bookings(shipment_id: int, departure: Departure) -> QuerySet[Booking]:
    return Booking.objects.filter(
        shipment_id=shipment_id, departure=departure, status__in=ACTIVE_STATUSES
    )


def save_new(booking: Booking) -> None:
    """Insert the booking; a second active one for its shipment and departure is a 409.

    The check under the departure's lock normally refuses it first; the constraint is
    what holds if a writer ever gets past that check.
    """
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError:
        assert booking.shipment_id is not None
        existing = active_bookings(booking.shipment_id, booking.departure).first()
        if existing is None:
            raise
        raise ProblemError.of(
            "BOOKING_EXISTS", path="departure_id", reference=existing.reference
        ) from None


def check_window(departure: Departure, *, agent: bool, now: datetime) -> bool:
    """Whether the booking is late (past cut-off, which only an agent may do)."""
    if departure.status in CLOSED_FOR_GOOD or departure.departs_at <= now:
        status = departure.get_status_display() if departure.status in CLOSED_FOR_GOOD else ""
        raise ProblemError.of(
            "DEPARTURE_NOT_BOOKABLE", path="departure_id", status=status or _("gone")
        )
    late = now >= departure.cutoff_at or departure.status == DepartureStatus.CLOSED
    if agent:
        return late
    zone = departure.service.timezone
    if now < departure.opens_at:
        opens = station_text(departure.opens_at, zone)
        raise ProblemError.of("BOOKING_NOT_OPEN", path="departure_id", opens=opens)
    if late:
        cutoff = station_text(departure.cutoff_at, zone)
        raise ProblemError.of("BOOKING_CUT_OFF", path="departure_id", cutoff=cutoff)
    return False


def compliance_holds(shipment: Shipment) -> list[Problem]:
    """What holds the shipment from confirmation (a held party): the hold registry's errors.

    Bookings never import compliance; the domains above register their holds there.
    """
    return errors_only(holds_on(shipment))


def refuse_if_held(shipment: Shipment) -> None:
    """Every path that confirms a booking asks this first (a request stays requested)."""
    if held := compliance_holds(shipment):
        raise ProblemError(problem("BOOKING_SHIPMENT_HELD"), *held, status=409)


def apply_late_fee(booking: Booking, service: TrainService) -> None:
    booking.is_late = True
    booking.late_fee = money(service.late_fee_per_teu * booking.teu)
    booking.late_fee_currency = service.late_fee_currency


# --- booking -------------------------------------------------------------------------


@transaction.atomic
def book_slots(
    *,
    actor: Actor,
    shipment_id: int,
    departure_id: int,
    containers: list[dict[str, Any]] | None = None,
    waitlist_if_full: bool = True,
    note: str = "",
    now: datetime | None = None,
) -> BookingResult:
    """Confirm at once if there is room (and no queue), else waitlist or refuse."""
    actor.require_write()
    now = now or timezone.now()
    agent = selectors.is_agent(actor)
    shipment = _shipment_for(actor, shipment_id)
    lines = container_lines(shipment, containers)
    departure = lock_departures(departure_id)[departure_id]
    late = _check_request(shipment, departure, agent=agent, now=now)
    booking = _new_booking(actor, shipment, departure, lines, note=note, now=now)
    capacity.refuse_over_train(departure, booking.teu)
    if late:
        apply_late_fee(booking, departure.service)
    # A held shipment may ask for space, and an agent confirms it once the hold is cleared.
    held = compliance_holds(shipment)
    kind, alternatives = _decide(
        booking, departure, held=held, agent=agent, waitlist_if_full=waitlist_if_full, now=now
    )
    save_new(booking)
    if kind == BookingEventKind.CONFIRMED:
        capacity.count_in(departure, booking, actor)
    save_counters(departure)
    record_event(
        actor=actor,
        booking=booking,
        kind=kind,
        alternatives=[d.pk for d in alternatives],
        held=[p.code for p in held],
    )
    _tell_shipper(actor, booking, kind, agent=agent)
    return BookingResult(booking=booking, alternatives=alternatives, held=held)


def _check_request(shipment: Shipment, departure: Departure, *, agent: bool, now: datetime) -> bool:
    """The departure runs the shipment's route, takes bookings now and has none of it yet;
    whether the booking is late (past cut-off, which only an agent may do)."""
    check_route(departure.service, shipment)
    late = check_window(departure, agent=agent, now=now)
    check_not_booked(shipment.pk, departure)
    return late


def _new_booking(
    actor: Actor,
    shipment: Shipment,
    departure: Departure,
    lines: list[dict[str, Any]],
    *,
    note: str,
    now: datetime,
) -> Booking:
    """The booking of the shipment's containers, not saved yet and without a status."""
    return Booking(
        organization_id=shipment.organization_id,
        shipment=shipment,
        departure=departure,
        containers=lines,
        teu=total_teu(lines),
        created_by=actor.user,
        note=note,
        created_at=now,
        updated_at=now,
    )


def _decide(
    booking: Booking,
    departure: Departure,
    *,
    held: list[Problem],
    agent: bool,
    waitlist_if_full: bool,
    now: datetime,
) -> tuple[BookingEventKind, list[Departure]]:
    """Set the new booking's status: requested (held, or an agent confirms this service),
    confirmed (it fits and nobody queues), waitlisted, or refused with the next departures
    that have room."""
    service = departure.service
    queue_empty = not waitlist.blocking(departure).exists()
    if held or (not service.auto_confirm and not agent):
        booking.status = BookingStatus.REQUESTED
        return BookingEventKind.REQUESTED, []
    if queue_empty and capacity.fits(departure, booking):
        booking.status = BookingStatus.CONFIRMED
        return BookingEventKind.CONFIRMED, []
    if waitlist_if_full:
        departure.waitlist_counter += 1
        booking.waitlist_seq = departure.waitlist_counter
        booking.status = BookingStatus.WAITLISTED
        return BookingEventKind.WAITLISTED, []
    booking.status = BookingStatus.REFUSED
    alternatives = selectors.departures_with_room(
        service=service, teu=booking.teu, exclude=departure.pk, now=now
    )
    return BookingEventKind.REFUSED, alternatives


def _tell_shipper(actor: Actor, booking: Booking, kind: BookingEventKind, *, agent: bool) -> None:
    """A shipper booking for itself is the one to tell (what recipients() would find)."""
    shipper = (
        actor.user is not None and not agent and actor.organization.pk == booking.organization_id
    )
    notifications.notify(
        booking, kind, to=actor.user if shipper and actor.user and actor.user.email else None
    )


@transaction.atomic
def cancel_booking(
    *,
    actor: Actor,
    booking_id: int,
    containers: dict[str, int] | None = None,
    now: datetime | None = None,
) -> Booking:
    """Cancel the booking, or only ``{size_type: count}`` of its containers; promote the queue."""
    actor.require_write()
    now = now or timezone.now()
    booking, departure = lock_booking(actor, booking_id)
    refusal = cancel_refusal(booking, departure, now=now)
    if refusal is not None:
        raise refusal
    before = booking_state(booking)
    freed, remaining_lines = _reduce(booking, containers)
    if booking.status == BookingStatus.CONFIRMED:
        departure.confirmed_teu -= freed
    elif booking.status == BookingStatus.HELD:
        departure.held_teu -= freed
    booking.teu -= freed
    if remaining_lines or (booking.status == BookingStatus.HELD and booking.teu > 0):
        booking.containers = remaining_lines
        kind = BookingEventKind.REDUCED
    else:
        booking.status = BookingStatus.CANCELLED
        kind = BookingEventKind.CANCELLED
    booking.updated_at = now
    booking.save(update_fields=["containers", "teu", "status", "updated_at"])
    save_counters(departure)
    record_event(actor=actor, booking=booking, kind=kind, before=before)
    waitlist.promote(departure=departure, actor=actor)
    return booking


def cancel_refusal(
    booking: Booking, departure: Departure, *, now: datetime | None = None
) -> ProblemError | None:
    """Why the booking cannot be cancelled (the page shows it instead of the button).

    Once the train has left (marked departed by an agent, or past its departure time)
    the booking is on its way: cancelling it would free capacity on a train gone.
    """
    now = now or timezone.now()
    if booking.status not in ACTIVE_STATUSES and booking.status != BookingStatus.DEPARTED:
        return ProblemError.of("BOOKING_NOT_ACTIVE", status=booking.get_status_display())
    if (
        booking.status == BookingStatus.DEPARTED
        or departure.status == DepartureStatus.DEPARTED
        or departure.departs_at <= now
    ):
        departed = station_text(departure.departs_at, departure.service.timezone)
        return ProblemError.of("BOOKING_DEPARTED", departed=departed)
    return None


def _reduce(
    booking: Booking, containers: dict[str, int] | None
) -> tuple[Decimal, list[dict[str, Any]]]:
    """TEU freed and the lines left after cancelling ``containers`` (None: all of them)."""
    if not containers:
        return booking.teu, []
    left = []
    freed = ZERO
    wanted = {size.strip().upper(): count for size, count in containers.items()}
    for item in booking.containers:
        cancel = wanted.pop(item["size_type"], 0)
        if cancel < 0 or cancel > int(item["count"]):
            raise ProblemError.of(
                "INVALID", path=f"containers.{item['size_type']}", detail=_("Too many.")
            )
        freed += Decimal(item["teu"]) * cancel
        if int(item["count"]) - cancel:
            left.append(item | {"count": int(item["count"]) - cancel})
    if wanted:
        size = sorted(wanted)[0]
        raise ProblemError.of("INVALID", path=f"containers.{size}", detail=_("Not booked."))
    return freed, left


def booked_teu(departure: Departure) -> Decimal:
    """Confirmed TEU recomputed from the bookings (the counter must always equal it);
    a departed booking keeps its place."""
    total = Booking.objects.filter(departure=departure, status__in=ON_TRAIN_STATUSES).aggregate(
        teu=Sum("teu")
    )["teu"]
    return total or ZERO
