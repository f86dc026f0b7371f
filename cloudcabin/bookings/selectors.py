"""Reads for bookings: who is an agent, departures with room, bookings, the capacity board."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.db import models
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cloudcabin import memo
from cloudcabin.accounts.models import Organization
from cloudcabin.accounts.tenancy import Actor, acting_organization_ids
from cloudcabin.bookings.capacity import ROOM
from cloudcabin.bookings.models import (
    ON_TRAIN_STATUSES,
    Booking,
    BookingEvent,
    BookingStatus,
    Departure,
    DepartureStatus,
    TrainService,
    station_time,
)
from cloudcabin.network.selectors import hubs_of
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


def on_train_bookings(shipment_id: int) -> list[Booking]:
    """The shipment's confirmed or departed bookings (a few at most) with their departures
    and trains; read once inside a page's ``memo.reading()``, where its documents (the
    departure) and its timeline (the current booking) both ask."""
    return memo.once(
        ("on_train_bookings", shipment_id),
        lambda: list(
            Booking.objects.filter(
                shipment_id=shipment_id, status__in=ON_TRAIN_STATUSES
            ).select_related("departure__service")
        ),
    )


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
    origin, destination = hubs_of(shipment.origin_locode, shipment.destination_locode)
    return origin, destination


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
        .annotate(room=ROOM)
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
    local_cutoff: datetime
    capacity: Decimal
    confirmed: Decimal
    held: Decimal
    free: Decimal
    waitlisted: int


@dataclass(frozen=True)
class ServiceBoard:
    """One service's departures in the window; ``bars`` is empty when it has none."""

    service: TrainService
    bars: list[BoardBar]


class Direction(models.TextChoices):
    WESTBOUND = "westbound", _("Westbound: from China")
    EASTBOUND = "eastbound", _("Eastbound: to China")
    OTHER = "other", _("Other services")


def direction_of(service: TrainService) -> Direction:
    """China–Europe trains leave China westbound; return trains come back eastbound."""
    if service.origin.country == "CN" and service.destination.country != "CN":
        return Direction.WESTBOUND
    if service.destination.country == "CN" and service.origin.country != "CN":
        return Direction.EASTBOUND
    return Direction.OTHER


def week_start(day: date) -> date:
    return day - timedelta(days=day.isoweekday() - 1)


def capacity_boards(
    *, first_week: date, weeks: int = 4, service_id: int | None = None
) -> list[tuple[Direction, list[ServiceBoard]]]:
    """Every service (or the one asked for), grouped by direction, with its departures
    whose station-time date falls in the ``weeks`` from ``first_week`` (a Monday).

    Every service is listed, those without a departure in the window too (an empty
    board says so), in both directions: the board once showed only the service picked
    in a list, the first westbound one by default.
    """
    found = list(services().order_by("code"))
    if service_id is not None:
        found = [service for service in found if service.pk == service_id]
    last_day = first_week + timedelta(weeks=weeks)
    # Station zones run from UTC-12 to UTC+14: a day's margin each side, then by local date.
    start = datetime.combine(first_week - timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    end = datetime.combine(last_day + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    departures = list(
        Departure.objects.filter(
            service__in=found, departs_at__gte=start, departs_at__lt=end
        ).order_by("departs_at", "id")
    )
    queued: dict[int, int] = {}
    for departure_id in Booking.objects.filter(
        departure__in=departures, status=BookingStatus.WAITLISTED
    ).values_list("departure_id", flat=True):
        queued[departure_id] = queued.get(departure_id, 0) + 1
    by_service: dict[int, list[BoardBar]] = {service.pk: [] for service in found}
    zones = {service.pk: service.timezone for service in found}
    for departure in departures:
        zone = zones[departure.service_id]
        local = station_time(departure.departs_at, zone)
        if not first_week <= local.date() < last_day:
            continue
        by_service[departure.service_id].append(
            BoardBar(
                departure=departure,
                local_departs=local,
                local_cutoff=station_time(departure.cutoff_at, zone),
                capacity=departure.capacity_teu,
                confirmed=departure.confirmed_teu,
                held=departure.held_teu,
                free=departure.remaining_teu,
                waitlisted=queued.get(departure.pk, 0),
            )
        )
    grouped: dict[Direction, list[ServiceBoard]] = {}
    for service in found:
        grouped.setdefault(direction_of(service), []).append(
            ServiceBoard(service=service, bars=by_service[service.pk])
        )
    return [(direction, grouped[direction]) for direction in Direction if direction in grouped]


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
