"""Reads for bookings: who is an agent, departures with room, bookings, the capacity board."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import F, QuerySet
from django.http import Http404
from django.utils import timezone

from cloudcabin.accounts.models import Organization
from cloudcabin.accounts.tenancy import Actor, acting_organization_ids
from cloudcabin.bookings.models import (
    Booking,
    BookingEvent,
    BookingStatus,
    Departure,
    DepartureStatus,
    TrainService,
    station_time,
)
from cloudcabin.network.selectors import node_aliases
from cloudcabin.shipments.models import Container, Shipment

DEFAULT_ALTERNATIVES = 3


def is_agent(actor: Actor) -> bool:
    """Operator staff: an agent (for the customers assigned to them) or a dispatcher (for all)."""
    return actor.is_operator_staff


def require_agent(actor: Actor) -> None:
    """Anyone but the operator's staff gets the same 404 as for a page that does not exist."""
    if not is_agent(actor):
        raise Http404


def bookings_visible_to(actor: Actor) -> QuerySet[Booking]:
    """The bookings of every organization the actor acts for (accounts/tenancy.py decides)."""
    return Booking.objects.for_actor(actor)


def bookings_of(actor: Actor, *, shipment: Shipment | None = None) -> QuerySet[Booking]:
    found = Booking.objects.for_org(actor.organization).select_related(
        "departure__service", "shipment"
    )
    return found.filter(shipment=shipment) if shipment is not None else found


def get_booking(actor: Actor, booking_id: int) -> Booking:
    try:
        return (
            bookings_visible_to(actor)
            .select_related("departure__service", "shipment", "organization")
            .get(pk=booking_id)
        )
    except (Booking.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def events_of(booking: Booking) -> QuerySet[BookingEvent]:
    return BookingEvent.objects.filter(booking=booking).select_related("actor")


def get_departure(departure_id: int) -> Departure:
    try:
        return Departure.objects.select_related("service__origin", "service__destination").get(
            pk=departure_id
        )
    except (Departure.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def bookable_departures(now: datetime | None = None) -> QuerySet[Departure]:
    """Departures a shipper may book now: open, inside the booking window."""
    now = now or timezone.now()
    return Departure.objects.filter(
        status=DepartureStatus.OPEN, opens_at__lte=now, cutoff_at__gt=now, service__is_active=True
    ).select_related("service")


def departures_for_route(
    origin: str, destination: str, *, now: datetime | None = None
) -> QuerySet[Departure]:
    return bookable_departures(now).filter(
        service__origin__locode=origin, service__destination__locode=destination
    )


def shipment_hubs(shipment: Shipment) -> tuple[str, str]:
    """The network hubs of the shipment's origin and destination (CNXAG is Xi'an's CNXIA).

    Services run between hubs, in either direction: a train from Hamburg serves an
    import into Xi'an exactly as one from Xi'an serves an export.
    """
    aliases = node_aliases()
    origin, destination = shipment.origin_locode, shipment.destination_locode
    return aliases.get(origin, origin), aliases.get(destination, destination)


def departures_for_shipment(shipment: Shipment, *, now: datetime | None = None) -> list[Departure]:
    return list(departures_for_route(*shipment_hubs(shipment), now=now))


def departures_with_room(
    *,
    service: TrainService,
    teu: Decimal,
    exclude: int | None = None,
    now: datetime | None = None,
    limit: int = DEFAULT_ALTERNATIVES,
) -> list[Departure]:
    """The next departures on the same route that can take ``teu`` now."""
    found = (
        departures_for_route(service.origin_id, service.destination_id, now=now)
        .annotate(room=F("capacity_teu") - F("confirmed_teu") - F("held_teu"))
        .filter(room__gte=teu)
    )
    if exclude is not None:
        found = found.exclude(pk=exclude)
    return list(found[:limit])


def pending_requests(actor: Actor) -> QuerySet[Booking]:
    """What agents must act on: requests to confirm, and the waitlists, of their customers."""
    return (
        bookings_visible_to(actor)
        .filter(status__in=[BookingStatus.REQUESTED, BookingStatus.WAITLISTED])
        .select_related("departure__service", "organization", "shipment")
        .order_by("departure__departs_at", "waitlist_seq", "id")
    )


def bookings_on(departure: Departure, actor: Actor) -> QuerySet[Booking]:
    """The departure's bookings of the organizations the actor acts for (all, for dispatchers)."""
    return (
        bookings_visible_to(actor)
        .filter(departure=departure)
        .select_related("organization", "shipment")
        .order_by("status", "waitlist_seq", "id")
    )


def services() -> QuerySet[TrainService]:
    return TrainService.objects.select_related("origin", "destination", "corridor")


@dataclass(frozen=True)
class BoardBar:
    departure: Departure
    local_departs: datetime
    capacity: Decimal
    confirmed: Decimal
    held: Decimal
    free: Decimal
    waitlisted: int


def week_start(day: date) -> date:
    return day - timedelta(days=day.isoweekday() - 1)


def capacity_board(
    service: TrainService, *, first_week: date, weeks: int = 4
) -> list[tuple[date, list[BoardBar]]]:
    """Filled and free TEU per departure, grouped by the week (Monday) in station time."""
    zone = ZoneInfo(service.timezone)
    start = datetime.combine(first_week, datetime.min.time(), tzinfo=zone)
    end = start + timedelta(weeks=weeks)
    departures = list(
        Departure.objects.filter(service=service, departs_at__gte=start, departs_at__lt=end)
    )
    queued: dict[int, int] = {}
    for departure_id in Booking.objects.filter(
        departure__in=departures, status=BookingStatus.WAITLISTED
    ).values_list("departure_id", flat=True):
        queued[departure_id] = queued.get(departure_id, 0) + 1
    grouped: dict[date, list[BoardBar]] = {
        first_week + timedelta(weeks=n): [] for n in range(weeks)
    }
    for departure in departures:
        local = station_time(departure.departs_at, zone.key)
        grouped.setdefault(week_start(local.date()), []).append(
            BoardBar(
                departure=departure,
                local_departs=local,
                capacity=departure.capacity_teu,
                confirmed=departure.confirmed_teu,
                held=departure.held_teu,
                free=departure.remaining_teu,
                waitlisted=queued.get(departure.pk, 0),
            )
        )
    return sorted(grouped.items())


def clients_of(actor: Actor) -> QuerySet[Organization]:
    """The customers the actor may hold capacity for: those it acts for, the operator aside."""
    return Organization.objects.filter(pk__in=acting_organization_ids(actor), is_operator=False)


def train_service(service_id: int) -> TrainService:
    """An operator's train service (not tenant data), or 404."""
    found = TrainService.objects.filter(pk=service_id).first()
    if found is None:
        raise Http404
    return found


def container_counts(shipment: Shipment) -> dict[str, int]:
    """How many containers of each size-type the shipment has: at most what it can book."""
    counts: dict[str, int] = {}
    for size in Container.objects.filter(shipment=shipment).values_list("size_type", flat=True):
        counts[size] = counts.get(size, 0) + 1
    return dict(sorted(counts.items()))
