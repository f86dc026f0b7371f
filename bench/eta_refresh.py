"""The arrival estimates' share of event ingest: 10,000 events in batches of 500 through
``record_events``, and the time spent refreshing the estimates (the ``refresh_etas`` task
queued per batch).

    .venv/bin/python bench/eta_refresh.py [--database var/cloudcabin.sqlite3] [--queue]

By default the task runs in-process within each batch (the immediate backend, as with
``./run``); with ``--queue`` it is queued in the database (``TASKS_BACKEND=database``), so
the ingest is timed without it, and then ``db_worker --batch`` runs the queued refreshes.

Works on a throw-away copy of a database prepared by ``manage.py prepare_demo`` (the demo
network, the XIA-DUI service, the synthetic trip history and the demo shipment's route).
1,000 containers on 40 trains that left 15 days ago each report 10 milestones, every box
at its own minute (so that the boxes of a batch are in many different states, the
estimate's worst case); a batch carries one milestone for 500 boxes. CPU time is reported
besides wall time: the machine is shared, and the ETA's part is what is measured.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
MILESTONES = (
    ("gate_in_origin", -2.0),
    ("loaded", -0.5),
    ("departed_origin", 0.05),
    ("arrived_exit_border", 3.3),
    ("crossed_border", 3.7),
    ("transshipped", 4.1),
    ("departed_exit_border", 4.4),
    ("arrived_eu_entry", 10.0),
    ("departed_eu_entry", 12.6),
    ("arrived_destination", 14.9),
)
TRAINS, BOXES_PER_TRAIN, BATCH = 40, 25, 500


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", type=Path, default=ROOT / "var" / "cloudcabin.sqlite3")
    parser.add_argument("--queue", action="store_true", help="queue the refresh for a worker")
    args = parser.parse_args()
    if args.queue:
        os.environ["TASKS_BACKEND"] = "database"
    copy = Path(tempfile.mkdtemp(prefix="cloudcabin-eta-bench.")) / "db.sqlite3"
    shutil.copy(args.database, copy)
    os.environ["DATABASE_URL"] = f"sqlite:///{copy}"
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cloudcabin.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    try:
        run(queue=args.queue)
    finally:
        shutil.rmtree(copy.parent)


def run(*, queue: bool) -> None:
    from datetime import timedelta
    from decimal import Decimal

    from django.core.management import call_command
    from django.utils import timezone

    from cloudcabin.accounts.models import Organization, Role
    from cloudcabin.accounts.tenancy import Actor
    from cloudcabin.bookings.models import Booking, BookingStatus, Departure, TrainService
    from cloudcabin.shipments.models import Container, Shipment
    from cloudcabin.tracking import tasks
    from cloudcabin.tracking.eta import services
    from cloudcabin.tracking.models import ContainerEta, Source
    from cloudcabin.tracking.services import EventInput, record_events

    service = TrainService.objects.get(code="XIA-DUI")
    route = Shipment.objects.get(reference="XSR-2026-0001").route_option
    now = timezone.now()
    organization = Organization.objects.create(name_en="ETA bench", country="CN")
    actor = Actor(organization=organization, role=Role.OWNER, can_write=True)
    boxes: list[tuple[Booking, Container, int]] = []
    for train in range(TRAINS):
        departs = now - timedelta(days=15, minutes=train * 7)
        departure = Departure.objects.create(
            service=service,
            departs_at=departs,
            opens_at=departs - timedelta(days=14),
            cutoff_at=departs - timedelta(days=3),
            yard_deadline_at=departs - timedelta(days=2),
            capacity_teu=Decimal(82),
            status="departed",
        )
        shipment = Shipment.objects.create(
            organization=organization, reference=f"BENCH-{train}", route_option=route
        )
        containers = Container.objects.bulk_create(
            Container(shipment=shipment, number=_number(train, n)) for n in range(BOXES_PER_TRAIN)
        )
        booking = Booking.objects.create(
            organization=organization,
            shipment=shipment,
            departure=departure,
            containers=[{"size_type": "45G1", "count": BOXES_PER_TRAIN, "teu": "2.00"}],
            teu=Decimal(2 * BOXES_PER_TRAIN),
            status=BookingStatus.DEPARTED,
        )
        boxes += [(booking, c, n) for n, c in enumerate(containers)]

    spent: list[float] = []
    timed = services.refresh
    profile = cProfile.Profile() if os.environ.get("ETA_PROFILE") else None

    def refresh(*args: Any, **kwargs: Any) -> int:
        started = time.process_time()
        if profile:
            profile.enable()
        try:
            return timed(*args, **kwargs)
        finally:
            if profile:
                profile.disable()
            spent.append(time.process_time() - started)

    # The task calls the refresh it imported: time that one.
    mock.patch.object(tasks, "refresh", refresh).start()
    started_wall, started_cpu = time.perf_counter(), time.process_time()
    for key, days in MILESTONES:
        for first in range(0, len(boxes), BATCH):
            inputs = [
                EventInput(
                    booking=booking.reference,
                    container=container.number,
                    milestone=key,
                    event_time=min(
                        booking.departure.departs_at + timedelta(days=days, minutes=n * 11), now
                    ),
                )
                for booking, container, n in boxes[first : first + BATCH]
            ]
            record_events(actor, inputs, source=Source.API)
    wall, cpu = time.perf_counter() - started_wall, time.process_time() - started_cpu
    events = len(MILESTONES) * len(boxes)
    if queue:
        print(f"{events} events queued: {wall:.2f} s wall, {cpu:.2f} s CPU, no refresh in it")
        print(f"Ingest without the refresh: {events / cpu:.0f} events per CPU second")
        started_wall, started_cpu = time.perf_counter(), time.process_time()
        call_command("db_worker", batch=True, interval=0, no_startup_delay=True, verbosity=0)
        wall, cpu = time.perf_counter() - started_wall, time.process_time() - started_cpu
        print(f"The worker's run of the queued refreshes: {wall:.2f} s wall, {cpu:.2f} s CPU")
    else:
        print(f"{events} events in {len(spent)} batches: {wall:.2f} s wall, {cpu:.2f} s CPU")
        print(f"Ingest with the refresh: {events / cpu:.0f} events per CPU second")
    print(f"ETA refresh: {sum(spent):.2f} s CPU ({sum(spent) / cpu:.0%} of the CPU above),")
    print(f"  median {sorted(spent)[len(spent) // 2] * 1000:.0f} ms per batch of {BATCH}")
    if profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    estimates = ContainerEta.objects.filter(organization=organization).count()
    print(f"Estimates stored at the end: {estimates} (all arrived: none expected)")
    print(f"load average {os.getloadavg()}")


def _number(train: int, serial: int) -> str:
    from stdnum import iso6346

    owner_and_serial = f"BNCU{train:03d}{serial:03d}"
    return owner_and_serial + iso6346.calc_check_digit(owner_and_serial)


if __name__ == "__main__":
    main()
