"""Concurrent bookers never overbook, keep the waitlist order and lose nothing.

Worker threads, each with its own database connection, fire a few hundred booking and
cancellation requests through the API (with Idempotency-Key retries, some of them racing
each other) at three departures of 6 TEU, each new booking for a shipment of its own
(one shipment holds at most one active booking per departure; a last test races twenty
requests for the same one). Then the event log of every departure is
replayed against a model of the rules: no event may overbook, a direct confirmation
needs an empty queue, promotions take the head of the queue, and whenever the head fits
it has been promoted before anything else happens.

On PostgreSQL this exercises the row locks (``SELECT … FOR UPDATE``). On SQLite it runs
the same test over the ``BEGIN IMMEDIATE`` path, with fewer workers (SQLite serializes
every writer anyway), against a file copy of the test database: pytest-django's
in-memory test database uses SQLite's shared cache, where a second writer fails at once
with "database table is locked" instead of waiting its turn as it does on a real file
(with the settings' busy timeout), which is what the product runs on.
"""

from __future__ import annotations

import random
import sqlite3
import threading
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client

from cloudcabin.bookings.models import (
    ACTIVE_STATUSES,
    Booking,
    BookingEvent,
    BookingStatus,
    Departure,
)
from cloudcabin.bookings.tests.conftest import (
    container_number,
    make_container_types,
    make_departure,
    make_nodes,
    make_service,
    make_shipment,
)
from cloudcabin.shipments.models import Container, Shipment

pytestmark = pytest.mark.django_db(transaction=True)

API = "/api/v1/bookings"
IS_POSTGRES = connection.vendor == "postgresql"
WORKERS = 8 if IS_POSTGRES else 4
OPERATIONS_PER_WORKER = 40 if IS_POSTGRES else 30
SHARED_KEYS = 12
FINAL = {BookingStatus.CONFIRMED, BookingStatus.WAITLISTED, BookingStatus.REFUSED}
SIZES = ([{"size_type": "45G1", "count": 1}], [{"size_type": "22G1", "count": 1}])
SIZES_TWO = [{"size_type": "22G1", "count": 2}]


def boxes_for_every_size(tenants: Any, count: int) -> list[int]:
    """``count`` shipments of one 40' and two 20' boxes each (any of SIZES can be booked)."""
    made = Shipment.objects.bulk_create(
        Shipment(
            organization=tenants.org,
            reference=f"CC-RACE-{n}",
            origin_locode="CNXIA",
            destination_locode="DEDUI",
        )
        for n in range(count)
    )
    Container.objects.bulk_create(
        Container(shipment=shipment, number=container_number(serial), size_type=size)
        for shipment in made
        for serial, size in enumerate(("45G1", "22G1", "22G1"))
    )
    return [shipment.pk for shipment in made]


class Worker(threading.Thread):
    def __init__(self, index: int, key: str, plan: dict[str, Any]) -> None:
        super().__init__(name=f"booker-{index}")
        self.rng = random.Random(index)
        self.key = key
        self.plan = plan
        self.shipments = list(plan["pools"][index])  # one fresh shipment per new booking
        self.mine: list[int] = []
        self.booked: dict[str, int] = {}  # idempotency key -> booking id
        self.cancels: list[int] = []
        self.failures: list[str] = []

    def run(self) -> None:
        client = Client(HTTP_X_API_KEY=self.key)
        try:
            for shared, shipment in self.plan["shared"].items():
                departure = self.plan["departures"][0]
                self.book(client, shared, shipment, departure, SIZES[0], waitlist=True)
            for _ in range(OPERATIONS_PER_WORKER):
                if self.mine and self.rng.random() < 0.35:
                    self.cancel(client)
                else:
                    key = uuid.uuid4().hex
                    shipment = self.shipments.pop()
                    departure = self.rng.choice(self.plan["departures"])
                    containers = self.rng.choice((*SIZES, SIZES_TWO))
                    waitlist = self.rng.random() < 0.85
                    self.book(client, key, shipment, departure, containers, waitlist)
                    if self.rng.random() < 0.2:  # a retry: same key, same body
                        self.book(client, key, shipment, departure, containers, waitlist)
        except Exception as exc:  # reported by the test, never lost
            self.failures.append(f"{type(exc).__name__}: {exc}")
        finally:
            connections.close_all()

    def book(
        self,
        client: Client,
        key: str,
        shipment: int,
        departure: int,
        containers: list[Any],
        waitlist: bool | None = None,
    ) -> None:
        body = {
            "shipment_id": shipment,
            "departure_id": departure,
            "containers": containers,
            "waitlist": self.rng.random() < 0.85 if waitlist is None else waitlist,
            "note": key,
        }
        response = client.post(API, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)
        if response.status_code != 201:
            self.failures.append(f"book {response.status_code}: {response.content[:200]!r}")
            return
        booking_id = response.json()["id"]
        if self.booked.setdefault(key, booking_id) != booking_id:
            self.failures.append(f"retry of {key} returned another booking")
        if booking_id not in self.mine:
            self.mine.append(booking_id)

    def cancel(self, client: Client) -> None:
        booking_id = self.rng.choice(self.mine)
        response = client.post(f"{API}/{booking_id}/cancel", content_type="application/json")
        if response.status_code == 200:
            self.cancels.append(booking_id)
        elif response.status_code != 409:  # 409: already cancelled, or refused
            self.failures.append(f"cancel {response.status_code}: {response.content[:200]!r}")


def replay(departure: Departure, events: list[BookingEvent]) -> list[str]:
    """Check the departure's event log, in commit order, against the booking rules."""
    capacity = departure.capacity_teu
    confirmed: dict[int, Decimal] = {}
    queue: list[int] = []
    teu: dict[int, Decimal] = {}
    problems = []

    def head_fits() -> bool:
        return bool(queue) and sum(confirmed.values()) + teu[queue[0]] <= capacity

    for event in events:
        booking, kind = event.booking_id, event.kind
        if kind != "promoted" and head_fits():
            problems.append(f"head {queue[0]} fitted but was not promoted before {event.pk}")
        teu[booking] = Decimal(event.after["teu"])
        used = sum(confirmed.values())
        if kind == "confirmed":
            if queue or used + teu[booking] > capacity:
                problems.append(f"{booking} confirmed past the queue or over capacity")
            confirmed[booking] = teu[booking]
        elif kind in ("waitlisted", "refused"):
            if not queue and used + teu[booking] <= capacity:
                problems.append(f"{booking} was {kind} though it fitted")
            if kind == "waitlisted":
                queue.append(booking)
        elif kind == "promoted":
            if not queue or queue[0] != booking:
                problems.append(f"{booking} promoted out of turn (queue {queue[:3]})")
            else:
                queue.pop(0)
            confirmed[booking] = teu[booking]
        elif kind in ("cancelled", "reduced"):
            was = event.before["status"]
            if kind == "reduced" and was == "confirmed":
                confirmed[booking] = teu[booking]
            elif was == "confirmed":
                del confirmed[booking]
            elif was == "waitlisted" and kind == "cancelled":
                queue.remove(booking)
        if sum(confirmed.values()) > capacity:
            problems.append(f"overbooked after event {event.pk}")
    if head_fits():
        problems.append("the log ends with a head that fits still waiting")
    return problems


@contextmanager
def file_database_for_threads(tmp_path: Path) -> Iterator[None]:
    """On SQLite's in-memory test database, point new connections at a file copy of it."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():  # type: ignore[attr-defined]
        yield
        return
    path = tmp_path / "concurrency.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    # The copy starts in rollback-journal mode; if the threads' connections all switched
    # it to WAL at once, some would get "database is locked" without waiting (SQLite does
    # not retry a journal-mode change). A real database is switched once, by migrate.
    target.execute("PRAGMA journal_mode=WAL")
    target.close()
    shared = connections.settings["default"]
    original = shared["NAME"]
    shared["NAME"] = str(path)
    try:
        yield
    finally:
        shared["NAME"] = original


def in_thread(check: Callable[[], None]) -> None:
    """Run ``check`` on a fresh connection (the file copy, on SQLite) and re-raise its failure."""
    failures: list[BaseException] = []

    def run() -> None:
        try:
            check()
        except BaseException as exc:
            failures.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failures:
        raise failures[0]


def test_concurrent_bookers_never_overbook_keep_the_waitlist_order_and_lose_nothing(
    tenants, tmp_path
):
    make_nodes()
    make_container_types()
    service = make_service()
    departures = [make_departure(service, days=10 + n) for n in range(3)]
    shipments = iter(boxes_for_every_size(tenants, SHARED_KEYS + WORKERS * OPERATIONS_PER_WORKER))
    key = tenants.api_key()
    shared = {f"shared-{n}": next(shipments) for n in range(SHARED_KEYS)}
    pools = [[next(shipments) for _ in range(OPERATIONS_PER_WORKER)] for _ in range(WORKERS)]
    plan = {"pools": pools, "departures": [d.pk for d in departures], "shared": shared}

    workers = [Worker(index, key, plan) for index in range(WORKERS)]
    with file_database_for_threads(tmp_path):
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=120)
        assert not any(worker.is_alive() for worker in workers)
        assert [f for worker in workers for f in worker.failures] == []
        in_thread(lambda: check_outcome(workers, shared))


def check_outcome(workers: list[Worker], shared: dict[str, int]) -> None:
    # Nothing lost, nothing doubled: one booking per idempotency key, each in a final state.
    keys = {k: v for worker in workers for k, v in worker.booked.items()}
    bookings = {b.pk: b for b in Booking.objects.all()}
    assert sorted(keys.values()) == sorted(bookings)
    assert len(bookings) >= WORKERS * OPERATIONS_PER_WORKER // 2
    for shared_key in shared:
        assert Booking.objects.filter(note=shared_key).count() == 1
    events: dict[int, list[BookingEvent]] = defaultdict(list)
    for event in BookingEvent.objects.order_by("id"):
        events[event.booking_id].append(event)
    for booking in bookings.values():
        assert booking.status in FINAL | {BookingStatus.CANCELLED}
        assert events[booking.pk], f"{booking.pk} has no event"
        assert events[booking.pk][0].kind in {"confirmed", "waitlisted", "refused"}
        assert events[booking.pk][-1].after["status"] == booking.status
    cancelled_ok = sum(len(worker.cancels) for worker in workers)
    assert cancelled_ok == BookingEvent.objects.filter(kind__in=["cancelled", "reduced"]).count()
    assert cancelled_ok > 0

    # Capacity: counters equal the bookings, never above capacity; the log obeys the rules.
    for departure in Departure.objects.all():
        confirmed = sum(
            (
                b.teu
                for b in bookings.values()
                if b.departure_id == departure.pk and b.status == "confirmed"
            ),
            Decimal(0),
        )
        assert departure.confirmed_teu == confirmed <= departure.capacity_teu
        log = list(BookingEvent.objects.filter(departure=departure).order_by("id"))
        assert replay(departure, log) == []
    assert BookingEvent.objects.filter(kind="promoted").exists()


def test_twenty_parallel_requests_without_a_key_make_one_active_booking_of_a_shipment(
    tenants, tmp_path
):
    make_nodes()
    make_container_types()
    departure = make_departure(make_service(), days=10, capacity="90")
    shipment = make_shipment(tenants, containers=2)
    key = tenants.api_key()
    body = {"shipment_id": shipment.pk, "departure_id": departure.pk, "waitlist": True}
    answers: list[tuple[int, str]] = []
    start = threading.Barrier(20)

    def request() -> None:
        try:
            start.wait()
            response = Client(HTTP_X_API_KEY=key).post(API, body, content_type="application/json")
            errors = response.json().get("errors") if response.status_code != 201 else None
            answers.append((response.status_code, errors[0]["code"] if errors else ""))
        finally:
            connections.close_all()

    with file_database_for_threads(tmp_path):
        threads = [threading.Thread(target=request) for _ in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        def check() -> None:
            assert sorted(answers) == [(201, "")] + [(409, "BOOKING_EXISTS")] * 19
            active = Booking.objects.filter(shipment=shipment, status__in=ACTIVE_STATUSES)
            assert [(b.status, b.teu) for b in active] == [("confirmed", Decimal(4))]
            assert Departure.objects.get(pk=departure.pk).confirmed_teu == Decimal(4)

        in_thread(check)
