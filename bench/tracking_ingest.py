"""Batch ingest of tracking events on PostgreSQL: 10,000 events through ``record_events``
in batches of 500, then 10,000 more through ``POST /api/v1/tracking/events``; events per
second including every receiver of ``events_recorded``: the booking's status, the ETA of
each box (the shipments have a planned route), the webhook outbox and notifications.
The ETA refresh is a task: run within each batch by the default immediate backend, or only
queued with ``TASKS_BACKEND=database`` (what production does; no worker runs here).

    .venv/bin/python bench/tracking_ingest.py [--events 10000] [--batch 500]
        [--database-url postgres://…]   # else a throw-away server is started on --port
    TASKS_BACKEND=database .venv/bin/python bench/tracking_ingest.py   # ETA queued

Each event is one container's milestone (20 milestones × 500 containers of 50 confirmed
bookings per run); ``departed_origin`` among them departs its booking, as in production.
Goal: at least 1,000 events/s.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import time
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from booking_throughput import setup, throwaway_postgres

CONTAINERS_PER_BOOKING = 10
PLACES = {"EXPORT": "CNXIA", "TRANSSHIPMENT": "KZDOS", "IMPORT": "DEDUI", "": "CNXIA"}


def seed(bookings: int, label: str) -> dict[str, Any]:
    from django.utils import timezone
    from stdnum import iso6346

    from cloudcabin.accounts.models import Membership, Organization, Role, User
    from cloudcabin.accounts.selectors import actor_for_user
    from cloudcabin.bookings.models import Booking, BookingStatus, Departure, TrainService
    from cloudcabin.network.models import Node, NodeKind
    from cloudcabin.shipments.models import Container, Shipment
    from cloudcabin.tracking.tests.eta_fixtures import route as planned_route

    org = Organization.objects.create(name_en=f"Bench Shipper {label}", country="CN")
    user = User.objects.create_user(f"bench-{label}@example.com", "x")
    Membership.objects.create(user=user, organization=org, role=Role.OWNER)
    for locode, country in (("CNXIA", "CN"), ("KZDOS", "KZ"), ("DEDUI", "DE")):
        Node.objects.get_or_create(
            locode=locode,
            defaults={"name": locode, "country": country, "kind": NodeKind.INLAND_HUB},
        )
    service = TrainService.objects.create(
        code=f"BENCH-{label}",
        name="Bench",
        origin_id="CNXIA",
        destination_id="DEDUI",
        weekdays=[1, 2, 3, 4, 5],
        departure_time=datetime.min.time(),
        capacity_teu=Decimal(1000),
    )
    now = timezone.now()
    departure = Departure.objects.create(
        service=service,
        departs_at=now - timedelta(days=20),
        opens_at=now - timedelta(days=40),
        cutoff_at=now - timedelta(days=22),
        yard_deadline_at=now - timedelta(days=21),
        capacity_teu=Decimal(1000),
        confirmed_teu=Decimal(2 * CONTAINERS_PER_BOOKING * bookings),
    )
    shipments = Shipment.objects.bulk_create(
        Shipment(
            organization=org,
            reference=f"BENCH-{label}-{n}",
            origin_locode="CNXIA",
            destination_locode="DEDUI",
            # A planned route, so that every event also recomputes the boxes' ETA.
            route_option=planned_route(),
        )
        for n in range(bookings)
    )
    numbers: dict[int, list[str]] = {}
    containers = []
    for n, shipment in enumerate(shipments):
        for box in range(CONTAINERS_PER_BOOKING):
            body = f"BNCU{n * CONTAINERS_PER_BOOKING + box:06d}"
            number = body + iso6346.calc_check_digit(body)
            numbers.setdefault(shipment.pk, []).append(number)
            containers.append(Container(shipment=shipment, number=number, size_type="45G1"))
    Container.objects.bulk_create(containers)
    made = Booking.objects.bulk_create(
        Booking(
            organization=org,
            shipment=shipment,
            departure=departure,
            containers=[{"size_type": "45G1", "count": CONTAINERS_PER_BOOKING, "teu": "2.00"}],
            teu=Decimal(2 * CONTAINERS_PER_BOOKING),
            status=BookingStatus.CONFIRMED,
        )
        for shipment in shipments
    )
    return {
        "actor": actor_for_user(user),
        "user": user,
        "boxes": [(b.reference, number) for b in made for number in numbers[b.shipment_id]],
        "start": departure.departs_at - timedelta(days=3),
    }


def events(seeded: dict[str, Any], count: int, label: str) -> list[dict[str, str]]:
    """The API's JSON events: each box's milestones in journey order, a few hours apart."""
    from cloudcabin.tracking.models import Milestone

    milestones = list(Milestone.objects.order_by("sequence"))
    rows = []
    for step, milestone in enumerate(milestones):
        at = seeded["start"] + timedelta(hours=12 * step)
        for reference, number in seeded["boxes"]:
            rows.append(
                {
                    "booking_reference": reference,
                    "container": number,
                    "milestone": milestone.key,
                    "event_classifier": "ACT",
                    "event_datetime": at.isoformat(),
                    "un_location_code": PLACES[milestone.transport_phase],
                    "source_reference": f"{label}-{milestone.key}-{number}",
                }
            )
    assert len(rows) >= count, f"seed more bookings: {len(rows)} events for {count}"
    return rows[:count]


class Clock:
    """Wall-clock time, and the CPU time of this process and of its PostgreSQL backend:
    on a busy machine the second says what the first would be on an idle one."""

    def __init__(self) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            self.backend = Path(f"/proc/{cursor.fetchone()[0]}/stat")
        self.wall: list[float] = []
        self.cpu = 0.0

    def _backend_cpu(self) -> float:
        fields = self.backend.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def __enter__(self) -> Clock:
        self._began = (time.perf_counter(), time.process_time(), self._backend_cpu())
        return self

    def __exit__(self, *exc: object) -> None:
        wall, own, backend = self._began
        self.wall.append(time.perf_counter() - wall)
        self.cpu += time.process_time() - own + self._backend_cpu() - backend


def run_service(seeded: dict[str, Any], rows: list[dict[str, str]], batch: int) -> Clock:
    from cloudcabin.tracking.ingest import to_input
    from cloudcabin.tracking.ingest_schemas import EventIn
    from cloudcabin.tracking.services import record_events

    inputs = [to_input(EventIn(**row)) for row in rows]
    clock = Clock()
    for first in range(0, len(inputs), batch):
        with clock:
            recorded = record_events(seeded["actor"], inputs[first : first + batch], source="API")
        assert len(recorded.created) == len(inputs[first : first + batch]), recorded.duplicates
    return clock


def run_api(seeded: dict[str, Any], rows: list[dict[str, str]], batch: int) -> Clock:
    from django.test import Client

    from cloudcabin.accounts.services import create_api_key

    _key, plain = create_api_key(actor=seeded["actor"], name="bench", access="read_write")
    client = Client(headers={"X-API-Key": plain}, SERVER_NAME="localhost")
    client.get("/api/v1/tracking/events", {"limit": 1}, secure=True)  # the backend's first use
    clock = Clock()
    for first in range(0, len(rows), batch):
        body = json.dumps({"events": rows[first : first + batch]})
        with clock:
            response = client.post(
                "/api/v1/tracking/events", body, content_type="application/json", secure=True
            )
        assert response.status_code == 201, response.content[:500]
    return clock


def report(label: str, count: int, clock: Clock) -> None:
    total = sum(clock.wall)
    ordered = sorted(clock.wall)
    print(
        f"{label:<44} {count:6d} events in {total:5.2f} s = {count / total:6.0f} events/s"
        f"   batch median {ordered[len(ordered) // 2] * 1000:4.0f} ms"
        f"   CPU (Python + PostgreSQL) {clock.cpu:5.2f} s = {count / clock.cpu:6.0f} events/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--port", type=int, default=54332)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    def bench(database_url: str) -> None:
        # A throw-away key strong enough for the production settings' check.
        os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
        setup(database_url)
        from django.db import connection

        from cloudcabin.tracking.models import TrackingEvent

        assert connection.vendor == "postgresql", "this benchmark is for PostgreSQL"
        bookings = -(-args.events // (20 * CONTAINERS_PER_BOOKING))
        runs = (("record_events", run_service), ("POST /api/v1/tracking/events", run_api))
        for number, (label, run) in enumerate(runs):
            seeded = seed(bookings, f"run{number}")
            rows = events(seeded, args.events, label)
            report(f"{label}, batches of {args.batch}", len(rows), run(seeded, rows, args.batch))
        print(f"stored: {TrackingEvent.objects.count()} events; load average {os.getloadavg()}")

    if args.database_url:
        bench(args.database_url)
    else:
        with throwaway_postgres(args.port) as url:
            bench(url)


if __name__ == "__main__":
    main()
