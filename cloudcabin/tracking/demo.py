"""The demo's tracking: a labelled synthetic history, and the S1 train under way.

**Synthetic history** (not real data): 60 past trips of the Xi'an → Duisburg service,
owned by the organization "Synthetic trip history (demo data)", every event of source
DEMO with a remark saying so, drawn with a fixed seed from the figures of the research
notes (tracking.md §2.3). They give the ETA model observations and the back-test
something to measure; they are written with ``bulk_create`` (no estimates to refresh:
every trip has arrived).

**S1**: the Xi'an → Duisburg train that left about a week ago carries the demo shipment
XSR-2026-0001. Its milestones so far are recorded as actual events through
``record_events`` (so the estimate and everything else listening follows, as in real
use); the rest are planned events from the timetable.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from cloudcabin.accounts.models import Organization, Role, User
from cloudcabin.accounts.selectors import actor_for_user
from cloudcabin.accounts.tenancy import Actor
from cloudcabin.bookings.models import (
    ACTIVE_STATUSES,
    Booking,
    BookingStatus,
    Departure,
    DepartureStatus,
    TrainService,
)
from cloudcabin.bookings.schedules import departure_times
from cloudcabin.network.journey import planned_arrival
from cloudcabin.reference.selectors import eu_member_states
from cloudcabin.shipments import services as shipment_services
from cloudcabin.shipments.models import Container, Shipment
from cloudcabin.tracking.eta.route import route_plan
from cloudcabin.tracking.models import Classifier, Milestone, Source, TrackingEvent
from cloudcabin.tracking.services import EventInput, milestone_event, record_events

SERVICE = "XIA-DUI"
HISTORY_ORGANIZATION = "Synthetic trip history (demo data)"
HISTORY_REFERENCE = "SYNTHETIC-HISTORY"
HISTORY_REMARK = "Synthetic history for the demo: drawn at random, not real data."
HISTORY_TRIPS = 60
HISTORY_SEED = "cloudcabin-eta-demo-history"
# The newest synthetic trip left this long ago, so that every trip has arrived.
HISTORY_ENDS_DAYS_AGO = 40
S1_SHIPMENT = "XSR-2026-0001"
S1_OWNER = "owner@xian.demo"
S1_AGENT = "agent@cloudcabin.demo"
# The S1 train left at least this long ago: past the China exit border, before the EU's.
S1_LEFT_DAYS_AGO = 6
TEU_PER_BOX = Decimal("2.00")

# Places on the demo route (network LOCODEs).
ORIGIN, CN_EXIT, BEYOND_CN, EU_ENTRY, DESTINATION = "CNXIA", "CNAKL", "KZDOS", "PLMAA", "DEDUI"


def _lognormal(rng: random.Random, median: float, sigma: float) -> float:
    return rng.lognormvariate(math.log(median), sigma)


def synthetic_trip(rng: random.Random) -> list[tuple[str, str, float]]:
    """One past trip's milestones: (milestone, LOCODE, days after the timetable departure).

    The figures (research notes §2.3, dated there): fixed-timetable Xi'an → Duisburg
    ≈ 12.5 d (2023); Alashankou–Dostyk processing 4 h 15 min (2016) with queues of up to a
    week at peaks (2021); the 1520 section CN border → EU border 4.9 d on average (2020);
    Brest–Małaszewicze "usual wait 2–3 days, often 5, sometimes weeks" (2018), ~10 days
    on average in 2021 — a heavy tail, here one trip in twelve held 5–12 extra days.
    """
    departed = rng.uniform(0.0, 0.15)  # the train leaves within ~4 h of its slot
    run_china = _lognormal(rng, 3.3, 0.08)  # Xi'an → Alashankou, ~3,000 km
    exit_dwell = _lognormal(rng, 1.0, 0.35)  # hand-over and gauge change to Dostyk
    if rng.random() < 0.1:
        exit_dwell += rng.uniform(1.0, 4.0)  # a queue at the China–Kazakhstan border
    run_1520 = max(rng.normalvariate(5.6, 0.45), 4.5)  # Dostyk → Brest → Małaszewicze
    eu_dwell = _lognormal(rng, 2.5, 0.5)  # Małaszewicze: wait and gauge change
    if rng.random() < 1 / 12:
        eu_dwell += rng.uniform(5.0, 12.0)  # a backlog or a closure
    run_europe = _lognormal(rng, 2.3, 0.1)  # Małaszewicze → Duisburg
    at_exit = departed + run_china
    left_exit = at_exit + exit_dwell
    at_entry = left_exit + run_1520
    left_entry = at_entry + eu_dwell
    arrived = left_entry + run_europe
    return [
        ("gate_in_origin", ORIGIN, -rng.uniform(1.5, 3.0)),
        ("loaded", ORIGIN, -rng.uniform(0.3, 0.8)),
        ("departed_origin", ORIGIN, departed),
        ("arrived_exit_border", CN_EXIT, at_exit),
        ("crossed_border", BEYOND_CN, at_exit + exit_dwell * 0.3),
        ("transshipped", BEYOND_CN, at_exit + exit_dwell * 0.8),
        ("departed_exit_border", BEYOND_CN, left_exit),
        ("arrived_eu_entry", EU_ENTRY, at_entry),
        ("transshipped", EU_ENTRY, at_entry + eu_dwell * 0.8),
        ("departed_eu_entry", EU_ENTRY, left_entry),
        ("arrived_destination", DESTINATION, arrived),
        ("discharged", DESTINATION, arrived + rng.uniform(0.1, 0.4)),
    ]


def slots_before(service: TrainService, before: datetime, count: int) -> list[dict[str, datetime]]:
    """The service's timetable slots before ``before``, newest first."""
    day: date = before.astimezone(ZoneInfo(service.timezone)).date()
    found: list[dict[str, datetime]] = []
    while len(found) < count:
        if day.isoweekday() in service.weekdays:
            times = departure_times(service, day)
            if times["departs_at"] <= before:
                found.append(times)
        day -= timedelta(days=1)
    return found


def _event(
    milestone: Milestone, *, booking: Booking, container: Container, at: datetime, locode: str
) -> TrackingEvent:
    return milestone_event(
        booking,
        milestone,
        container,
        classifier=Classifier.ACTUAL,
        event_time=at,
        locode=locode,
        remark=HISTORY_REMARK,
        source=Source.DEMO,
        source_ref=f"synthetic:{booking.departure.departs_at:%Y%m%d}:{milestone.key}:{locode}",
    )


def seed_history(
    service: TrainService,
    route: dict[str, Any],
    *,
    trips: int = HISTORY_TRIPS,
    ends: datetime | None = None,
) -> int:
    """The synthetic past trips (idempotent: none when the history's shipment exists)."""
    organization, _ = Organization.objects.get_or_create(
        name_en=HISTORY_ORGANIZATION, defaults={"country": "CN"}
    )
    if Shipment.objects.for_org(organization).filter(reference=HISTORY_REFERENCE).exists():
        return 0
    actor = Actor(organization=organization, role=Role.OWNER, can_write=True)
    shipment = shipment_services.create_shipment(
        actor=actor,
        reference=HISTORY_REFERENCE,
        origin_locode=service.origin_id,
        destination_locode=service.destination_id,
    )
    # The trains' route, as the demo shipment's planner chose it.
    Shipment.objects.filter(pk=shipment.pk).update(route_option=route)
    now = timezone.now()
    slots = slots_before(service, (ends or now) - timedelta(days=HISTORY_ENDS_DAYS_AGO), trips)
    taken = set(
        Departure.objects.filter(
            service=service, departs_at__in=[s["departs_at"] for s in slots]
        ).values_list("departs_at", flat=True)
    )
    slots = [slot for slot in reversed(slots) if slot["departs_at"] not in taken]
    departures = Departure.objects.bulk_create(
        Departure(
            service=service,
            capacity_teu=service.capacity_teu,
            confirmed_teu=TEU_PER_BOX,
            status=DepartureStatus.DEPARTED,
            **slot,
        )
        for slot in slots
    )
    containers = Container.objects.bulk_create(
        Container(shipment=shipment, number=_synthetic_number(n), size_type="45G1")
        for n in range(len(departures))
    )
    bookings = Booking.objects.bulk_create(
        Booking(
            organization=organization,
            shipment=shipment,
            departure=departure,
            containers=[{"size_type": "45G1", "count": 1, "teu": str(TEU_PER_BOX)}],
            teu=TEU_PER_BOX,
            status=BookingStatus.DEPARTED,
            note=HISTORY_REMARK,
            created_at=departure.opens_at,
        )
        for departure in departures
    )
    milestones = {m.key: m for m in Milestone.objects.all()}
    rng = random.Random(HISTORY_SEED)
    events = []
    for booking, container in zip(bookings, containers, strict=True):
        for key, locode, days in synthetic_trip(rng):
            at = booking.departure.departs_at + timedelta(days=days)
            if at <= now:
                events.append(
                    _event(
                        milestones[key], booking=booking, container=container, at=at, locode=locode
                    )
                )
    TrackingEvent.objects.bulk_create(events)
    return len(departures)


def _synthetic_number(serial: int) -> str:
    from stdnum import iso6346

    owner_and_serial = f"SYNU{serial:06d}"
    return owner_and_serial + iso6346.calc_check_digit(owner_and_serial)


@dataclass(frozen=True)
class Step:
    milestone: str
    locode: str
    days: float  # after the timetable departure


# S1's milestones: what happened (days after its slot) …
S1_ACTUAL = (
    Step("booked", "", -9.0),
    Step("stuffed", ORIGIN, -3.0),
    Step("export_customs_released", ORIGIN, -2.2),
    Step("gate_in_origin", ORIGIN, -2.0),
    Step("loaded", ORIGIN, -0.5),
    Step("departed_origin", ORIGIN, 0.04),
    Step("arrived_exit_border", CN_EXIT, 3.3),
    Step("crossed_border", BEYOND_CN, 3.7),
    Step("transshipped", BEYOND_CN, 4.1),
    Step("departed_exit_border", BEYOND_CN, 4.5),
)
# … and after the train's arrival, the terminal's usual times (days after arrival).
S1_AFTER_ARRIVAL = (
    Step("discharged", DESTINATION, 0.25),
    Step("import_customs_released", DESTINATION, 1.0),
    Step("available_for_pickup", DESTINATION, 1.25),
    Step("gated_out", DESTINATION, 2.0),
    Step("delivered", "", 2.5),
)


def s1_inputs(booking: Booking, route: dict[str, Any], now: datetime) -> list[EventInput]:
    """S1's events: actual up to now, planned from the timetable after."""
    departs = booking.departure.departs_at
    inputs = [
        EventInput(
            booking=booking.reference,
            milestone=step.milestone,
            event_time=departs + timedelta(days=step.days),
            locode=step.locode,
            source_ref=f"S1:{step.milestone}:{step.locode}:ACT",
        )
        for step in S1_ACTUAL
        if departs + timedelta(days=step.days) <= now
    ]
    transit = booking.departure.service.transit_days
    plan = route_plan(route, eu_member_states())
    planned: list[tuple[str, str, datetime]] = []
    if plan is not None:
        # The timetable's transit days, shared out along the route by the network's
        # mid-range times (as the booking page places the EU-border arrival).
        total = sum((s.low + s.high) / 2 for s in plan.segments) or 1.0
        elapsed = 0.0
        for segment in plan.segments:
            elapsed += (segment.low + segment.high) / 2
            point = plan.point(segment.end)
            assert point is not None
            share = Decimal(str(elapsed)) / Decimal(str(total))
            planned.append(
                (point.milestone, point.locode, planned_arrival(departs, transit, share))
            )
    arrival = planned_arrival(departs, transit)
    planned += [
        (step.milestone, step.locode, arrival + timedelta(days=step.days))
        for step in S1_AFTER_ARRIVAL
    ]
    # What has happened is not planned any more.
    done = {row.milestone for row in inputs}
    inputs += [
        EventInput(
            booking=booking.reference,
            milestone=key,
            event_time=at,
            classifier=Classifier.PLANNED,
            locode=locode,
            source_ref=f"S1:{key}:{locode}:PLN",
        )
        for key, locode, at in planned
        if key not in done
    ]
    return inputs


def seed_s1(service: TrainService, now: datetime | None = None) -> str:
    """Put the demo shipment on the S1 train and replay its milestones; idempotent."""
    now = now or timezone.now()
    shipment = Shipment.objects.filter(reference=S1_SHIPMENT).select_related("organization").first()
    if shipment is None:
        return "no demo shipment"
    booking = (
        Booking.objects.filter(
            shipment=shipment, status__in=ACTIVE_STATUSES | {BookingStatus.DEPARTED}
        )
        .select_related("departure__service", "shipment")
        .first()
    )
    if booking is None:
        booking = _book_s1(service, shipment, now)
    elif booking.departure.departs_at > now:
        return "the demo shipment is booked on a train still to leave: no S1 replay"
    agent = User.objects.filter(email=S1_AGENT).first()
    owner = User.objects.filter(email=S1_OWNER).first()
    actor = (agent and actor_for_user(agent)) or Actor(
        organization=shipment.organization, role=Role.OWNER, can_write=True, user=owner
    )
    recorded = record_events(
        actor, s1_inputs(booking, shipment.route_option, now), source=Source.DEMO
    )
    return (
        f"S1 {booking.departure.service.code} {booking.departure.departs_at:%Y-%m-%d}: "
        f"{len(recorded.created)} events recorded, {recorded.duplicates} already there"
    )


def _book_s1(service: TrainService, shipment: Shipment, now: datetime) -> Booking:
    """The booking on the S1 train, which left ``S1_LEFT_DAYS_AGO`` or more days ago.

    Written directly: booking a train that has left is (rightly) refused by the booking
    services; this is the demo's past, not a booking made now.
    """
    slot = slots_before(service, now - timedelta(days=S1_LEFT_DAYS_AGO), 1)[0]
    boxes = shipment.containers.count()
    departure, _ = Departure.objects.get_or_create(
        service=service,
        departs_at=slot["departs_at"],
        defaults={
            **slot,
            "capacity_teu": service.capacity_teu,
            "status": DepartureStatus.DEPARTED,
        },
    )
    Departure.objects.filter(pk=departure.pk).update(
        confirmed_teu=departure.confirmed_teu + TEU_PER_BOX * boxes
    )
    booking = Booking.objects.create(
        organization=shipment.organization,
        shipment=shipment,
        departure=departure,
        containers=[{"size_type": "45G1", "count": boxes, "teu": str(TEU_PER_BOX)}],
        teu=TEU_PER_BOX * boxes,
        status=BookingStatus.DEPARTED,
        created_at=departure.departs_at - timedelta(days=9),
    )
    return Booking.objects.select_related("departure__service", "shipment").get(pk=booking.pk)
