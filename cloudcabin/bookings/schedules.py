"""Timetables: working days, departures generated from a service, agents' edits to them.

Working days are Monday to Friday in the origin station's time zone; public holidays
are not taken into account (no holiday table yet). Booking opens and closes at the
departure's local time of day on the day so many working days before it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.bookings import capacity, departure_status, waitlist
from cloudcabin.bookings.models import (
    Departure,
    DepartureEvent,
    DepartureEventKind,
    DepartureStatus,
    TrainService,
)
from cloudcabin.errors import ProblemError


def working_days_before(day: date, count: int) -> date:
    """The date ``count`` working days (Monday to Friday) before ``day``."""
    current = day
    remaining = count
    while remaining > 0:
        current -= timedelta(days=1)
        if current.isoweekday() <= 5:
            remaining -= 1
    return current


def departure_times(service: TrainService, local_day: date) -> dict[str, datetime]:
    """Departure, opening, cut-off and yard deadline (aware, UTC) for a departure that day."""
    zone = ZoneInfo(service.timezone)
    departs = datetime.combine(local_day, service.departure_time, tzinfo=zone)
    opens_day = working_days_before(local_day, service.open_working_days)
    cutoff_day = working_days_before(local_day, service.cutoff_working_days)
    utc = ZoneInfo("UTC")
    return {
        "departs_at": departs.astimezone(utc),
        "opens_at": datetime.combine(opens_day, service.departure_time, tzinfo=zone).astimezone(
            utc
        ),
        "cutoff_at": datetime.combine(cutoff_day, service.departure_time, tzinfo=zone).astimezone(
            utc
        ),
        "yard_deadline_at": (departs - timedelta(hours=service.yard_deadline_hours)).astimezone(
            utc
        ),
    }


@transaction.atomic
def generate_departures(
    *,
    service: TrainService,
    weeks: int = 8,
    now: datetime | None = None,
    actor: Actor | None = None,
) -> list[Departure]:
    """Create the service's departures for the coming weeks; existing ones are kept as they are."""
    now = now or timezone.now()
    today = now.astimezone(ZoneInfo(service.timezone)).date()
    created = []
    for offset in range(weeks * 7 + 1):
        day = today + timedelta(days=offset)
        if day.isoweekday() not in service.weekdays:
            continue
        times = departure_times(service, day)
        if times["departs_at"] <= now:
            continue
        departure, was_created = Departure.objects.get_or_create(
            service=service,
            departs_at=times["departs_at"],
            defaults={**times, "capacity_teu": service.capacity_teu},
        )
        if was_created:
            DepartureEvent.objects.create(
                departure=departure,
                actor=actor.user if actor else None,
                kind=DepartureEventKind.GENERATED,
                after=_snapshot(departure),
            )
            created.append(departure)
    return created


def _snapshot(departure: Departure) -> dict[str, Any]:
    return {
        "departs_at": departure.departs_at.isoformat(),
        "opens_at": departure.opens_at.isoformat(),
        "cutoff_at": departure.cutoff_at.isoformat(),
        "yard_deadline_at": departure.yard_deadline_at.isoformat(),
        "capacity_teu": str(departure.capacity_teu),
        "status": departure.status,
    }


@transaction.atomic
def update_departure(
    *,
    actor: Actor,
    departure_id: int,
    capacity_teu: Decimal | None = None,
    status: str | None = None,
) -> Departure:
    """An agent changes a departure's capacity or status; more room promotes the waitlist.

    A new status reaches the departure's bookings (``departure_status``): the train
    leaving, being cancelled or closing is in each booking's history and its shipper's
    mailbox.
    """
    departure = (
        Departure.objects.select_for_update(of=("self",))
        .select_related("service")
        .get(pk=departure_id)
    )
    before = _snapshot(departure)
    previous = departure.status
    if capacity_teu is not None:
        capacity.refuse_below_booked(departure, capacity_teu)
        departure.capacity_teu = capacity_teu
    if status is not None:
        if status not in DepartureStatus.values:
            raise ProblemError.of("INVALID", path="status", detail=status)
        departure_status.check_change(departure, status)
        departure.status = status
    departure_status.follow(departure=departure, previous=previous, actor=actor)
    departure.save(update_fields=["capacity_teu", "status", "confirmed_teu", "held_teu"])
    DepartureEvent.objects.create(
        departure=departure,
        actor=actor.user,
        kind=DepartureEventKind.UPDATED,
        before=before,
        after=_snapshot(departure),
    )
    if departure.status not in departure_status.FINAL:
        waitlist.promote(departure=departure, actor=actor)
    return departure
