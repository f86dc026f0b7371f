"""Booking throughput on PostgreSQL: concurrent clients against one popular departure,
then against 50 departures; bookings per second, latency, and zero overbooking checked.

    .venv/bin/python bench/booking_throughput.py [--clients 8] [--seconds 10]
        [--database-url postgres://…]   # else a throw-away server is started on --port

Each client is a process with its own database connection calling the booking service
(``book_slots``: row lock, decision, counters, event, in one transaction), as a web
worker would. Capacity is set so that the popular departure fills up during the run:
the waitlist path is measured too.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path("/usr/lib/postgresql/15/bin")
SHIPMENTS_PER_CLIENT = 3000


@contextmanager
def throwaway_postgres(port: int) -> Iterator[str]:
    """initdb, start and finally stop a PostgreSQL server (as user postgres when root)."""
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    pg_bin = bins[-1] if bins else PG_BIN
    directory = Path(tempfile.mkdtemp(prefix="cloudcabin-bench-pg."))
    prefix: list[str] = []
    user = os.environ.get("USER", "postgres")
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres")
        prefix, user = ["runuser", "-u", "postgres", "--"], "postgres"

    def run(*args: str) -> None:
        subprocess.run([*prefix, *args], check=True, stdout=subprocess.DEVNULL)

    data = str(directory / "data")
    run(str(pg_bin / "initdb"), "-D", data, "-U", user, "--auth=trust", "-E", "UTF8")
    options = f"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off"
    run(
        str(pg_bin / "pg_ctl"),
        "-D",
        data,
        "-l",
        str(directory / "log"),
        "-w",
        "-o",
        options,
        "start",
    )
    try:
        run(str(pg_bin / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", user, "bench")
        yield f"postgres://{user}@127.0.0.1:{port}/bench"
    finally:
        run(str(pg_bin / "pg_ctl"), "-D", data, "-m", "fast", "stop")
        shutil.rmtree(directory, ignore_errors=True)


def setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    # Production settings (DEBUG off: no query log), with a throw-away secret.
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 40)
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cloudcabin.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def seed(popular_capacity: Decimal, spread_capacity: Decimal, clients: int) -> dict[str, object]:
    from datetime import time as clock
    from datetime import timedelta

    from django.utils import timezone

    from cloudcabin.accounts.models import Membership, Organization, Role, User
    from cloudcabin.accounts.selectors import actor_for_user
    from cloudcabin.bookings.models import Departure, TrainService
    from cloudcabin.network.models import Node, NodeKind
    from cloudcabin.reference.models import ContainerType
    from cloudcabin.shipments.models import Container, Shipment

    org = Organization.objects.create(name_en="Bench Shipper", country="CN")
    user = User.objects.create_user("bench@example.com", "x")
    Membership.objects.create(user=user, organization=org, role=Role.OWNER)
    for locode, country in (("CNXIA", "CN"), ("DEDUI", "DE")):
        Node.objects.create(locode=locode, name=locode, country=country, kind=NodeKind.INLAND_HUB)
    ContainerType.objects.create(
        code="45G1", description="40' HC", length_ft=40, height_ft=Decimal("9.5"), teu=2
    )
    service = TrainService.objects.create(
        code="BENCH",
        name="Bench",
        origin_id="CNXIA",
        destination_id="DEDUI",
        weekdays=[1, 2, 3, 4, 5, 6, 7],
        departure_time=clock(10),
        capacity_teu=spread_capacity,
    )
    now = timezone.now()

    def departure(days: int, capacity: Decimal) -> Departure:
        departs = now + timedelta(days=days)
        return Departure.objects.create(
            service=service,
            departs_at=departs,
            opens_at=now - timedelta(days=1),
            cutoff_at=departs - timedelta(days=1),
            yard_deadline_at=departs - timedelta(hours=48),
            capacity_teu=capacity,
        )

    popular = departure(5, popular_capacity)
    spread = [departure(6 + n, spread_capacity) for n in range(50)]
    # One shipment books one departure once: each client draws fresh one-box shipments
    # from a pool of its own, enough for a run (the same pool serves the second run,
    # which books other departures).
    made = Shipment.objects.bulk_create(
        Shipment(
            organization=org,
            reference=f"BENCH-{n}",
            origin_locode="CNXIA",
            destination_locode="DEDUI",
        )
        for n in range(clients * SHIPMENTS_PER_CLIENT)
    )
    Container.objects.bulk_create(
        Container(shipment=shipment, number="CSQU3054383", size_type="45G1") for shipment in made
    )
    ids = [shipment.pk for shipment in made]
    shipments = [ids[n::clients] for n in range(clients)]
    return {
        "actor": actor_for_user(user),
        "popular": popular.pk,
        "spread": [d.pk for d in spread],
        "shipments": shipments,
    }


def run_clients(
    seeded: dict[str, object], departures: list[int], clients: int, seconds: float
) -> tuple[list[float], Counter[str], float]:
    """Each client is an OS process with its own connection, as gunicorn workers are.

    Threads in one process would measure Python's global interpreter lock, not the
    database: processes let both cores work, the way the product is deployed.
    """
    import multiprocessing

    from django.db import connections

    from cloudcabin.bookings.services import book_slots

    connections.close_all()  # never share a connection across fork
    context = multiprocessing.get_context("fork")
    results: multiprocessing.Queue[tuple[list[float], dict[str, int], str]] = context.Queue()
    start_gate = context.Barrier(clients + 1)
    deadline = context.Value("d", 0.0)
    shipments = seeded["shipments"]
    assert isinstance(shipments, list)

    def client(index: int) -> None:
        rng = random.Random(index)
        pool = list(shipments[index])
        mine: list[float] = []
        seen: Counter[str] = Counter()
        failure = ""
        try:
            start_gate.wait()
            while time.perf_counter() < deadline.value and pool:
                began = time.perf_counter()
                result = book_slots(
                    actor=seeded["actor"],  # type: ignore[arg-type]
                    shipment_id=pool.pop(),
                    departure_id=rng.choice(departures),
                    containers=[{"size_type": "45G1", "count": 1}],
                )
                mine.append((time.perf_counter() - began) * 1000)
                seen[str(result.booking.status)] += 1
            if not pool:
                failure = "the shipment pool ran out: raise SHIPMENTS_PER_CLIENT"
        except Exception as exc:
            failure = f"{type(exc).__name__}: {exc}"
        finally:
            connections.close_all()
            results.put((mine, dict(seen), failure))

    processes = [context.Process(target=client, args=(n,)) for n in range(clients)]
    for process in processes:
        process.start()
    deadline.value = time.perf_counter() + seconds
    began = time.perf_counter()
    start_gate.wait()
    latencies: list[float] = []
    outcomes: Counter[str] = Counter()
    failures: list[str] = []
    for _ in processes:
        mine, seen, failure = results.get()
        latencies.extend(mine)
        outcomes.update(seen)
        if failure:
            failures.append(failure)
    elapsed = time.perf_counter() - began
    for process in processes:
        process.join()
    if failures:
        raise SystemExit(f"{len(failures)} clients failed, first: {failures[0]}")
    return latencies, outcomes, elapsed


def check_no_overbooking() -> int:
    from django.db.models import Sum

    from cloudcabin.bookings.models import Booking, BookingStatus, Departure

    checked = 0
    for departure in Departure.objects.all():
        confirmed = Booking.objects.filter(
            departure=departure, status=BookingStatus.CONFIRMED
        ).aggregate(teu=Sum("teu"))["teu"] or Decimal(0)
        assert confirmed == departure.confirmed_teu, (departure.pk, confirmed)
        assert confirmed + departure.held_teu <= departure.capacity_teu, departure.pk
        checked += 1
    return checked


def report(label: str, latencies: list[float], outcomes: Counter[str], elapsed: float) -> None:
    ordered = sorted(latencies)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    print(
        f"{label:<26} {len(ordered):6d} bookings in {elapsed:5.1f} s = "
        f"{len(ordered) / elapsed:6.1f}/s   median {statistics.median(ordered):5.1f} ms   "
        f"p95 {p95:5.1f} ms   {dict(outcomes)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--port", type=int, default=54331)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    def bench(database_url: str) -> None:
        setup(database_url)
        from django.db import connection

        assert connection.vendor == "postgresql", "this benchmark is for PostgreSQL"
        # The popular train fills up during the run: later requests are waitlisted.
        seeded = seed(
            popular_capacity=Decimal("1000"), spread_capacity=Decimal("200"), clients=args.clients
        )
        connection.close()
        popular = seeded["popular"]
        spread = seeded["spread"]
        assert isinstance(popular, int) and isinstance(spread, list)
        print(f"{args.clients} clients, {args.seconds:.0f} s each run, PostgreSQL")
        report("one popular departure", *run_clients(seeded, [popular], args.clients, args.seconds))
        report("50 departures", *run_clients(seeded, spread, args.clients, args.seconds))
        print(f"overbooking: none ({check_no_overbooking()} departures checked)")

    if args.database_url:
        bench(args.database_url)
    else:
        with throwaway_postgres(args.port) as url:
            bench(url)


if __name__ == "__main__":
    main()
