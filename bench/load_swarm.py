"""The locust side of bench/load.py (run by it, not by hand): the simulated users, the
phases, and the Markdown table.

    python bench/load_swarm.py FIXTURES.json --host http://127.0.0.1:8792 --users 100
        --seconds 60 --alone-seconds 10 --wait 1 3

Phase 1, the mix: every user pauses ``--wait`` seconds between actions, as a person at a
browser does, and picks an action by weight. Then, for each action alone (``/healthz``
first), the same users without pauses for ``--alone-seconds``: the server's capacity for
that action, given as a ratio to ``/healthz``'s. Any failed request (a status other
than the one expected, or a broken connection), in any phase, makes the exit status 1.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# locust patches the standard library for gevent when imported: before anything imports ssl.
from locust import FastHttpUser, between, constant  # isort: skip
from locust.env import Environment  # isort: skip
from common import cpu_times  # isort: skip
from load_data import GOODS  # isort: skip

API = "/api/v1"
ROUTES = [("Xi'an", "DEDUI"), ("CNCQI", "DEDUI"), ("CNCDU", "PLLOD"), ("DEHAM", "CNXIA")]
OBJECTIVES = ["fastest", "cheapest", "greenest", "balanced"]

# Each simulated user takes the next person of the fixtures; the same dicts serve every
# phase, so a line's version read back in one phase is the If-Match of the next.
PEOPLE: list[dict[str, Any]] = []
DEPARTURES: list[int] = []
_next_person = itertools.count()


class Person(FastHttpUser):
    abstract = True
    # A refused connection or a slow answer is a failure, not a retry.
    network_timeout = 120.0
    connection_timeout = 10.0
    # In the mix, one member per company changes the ready shipment before some issues.
    changes_ready = False

    def on_start(self) -> None:
        import http.cookiejar

        self.person = PEOPLE[next(_next_person) % len(PEOPLE)]
        self.sequence = itertools.count()
        for name, value in (
            ("sessionid", self.person["session"]),
            ("csrftoken", self.person["csrf"]),
        ):
            self.client.cookiejar.set_cookie(
                http.cookiejar.Cookie(
                    0, name, value, None, False, "127.0.0.1", False, False, "/", True, False,
                    None, True, None, None, {},
                )
            )  # fmt: skip

    def headers(self, **extra: str) -> dict[str, str]:
        """As nginx (deploy/nginx.conf) talks to gunicorn: a connection per request, the
        client's address in X-Forwarded-For (TRUSTED_PROXY_COUNT=1; each user is its own
        client to the rate limiter); and the CSRF token, as the pages send it."""
        n = next(self.sequence)
        address = f"10.{self.person['number'] // 250}.{self.person['number'] % 250}.{n % 250 + 1}"
        return {
            "Connection": "close",
            "X-CSRFToken": self.person["csrf"],
            "X-Forwarded-For": address,
            **extra,
        }

    def expect(self, method: str, path: str, name: str, status: int, **kwargs: Any) -> Any:
        with self.client.request(
            method, path, name=name, headers=self.headers(), catch_response=True, **kwargs
        ) as answer:
            if answer.status_code != status:
                answer.failure(describe(answer, status))
                return None
            return answer

    # --- the actions -----------------------------------------------------------------

    def healthz(self) -> None:
        self.expect("GET", "/healthz", "GET /healthz", 200)

    def route_search(self) -> None:
        origin, destination = random.choice(ROUTES)
        payload = {
            "origin": origin,
            "destination": destination,
            "objective": random.choice(OBJECTIVES),
        }
        self.expect("POST", f"{API}/network/routes/search", "route search", 200, json=payload)

    def shipment_page(self) -> None:
        path = f"/shipments/{self.person['shipment']}/"
        self.expect("GET", path, "shipment page (200 lines)", 200)

    def edit_line(self) -> None:
        line = random.choice(self.person["lines"])
        line_id, version = line
        with self.client.patch(
            f"{API}/shipments/{self.person['shipment']}/lines/{line_id}",
            name="line edit (If-Match)",
            json={"marks": f"LOAD {self.person['number']}-{next(self.sequence)}"},
            headers=self.headers(**{"If-Match": f'W/"{version}"'}),
            catch_response=True,
        ) as answer:
            if answer.status_code != 200:
                answer.failure(describe(answer, 200))
            else:
                line[1] = answer.json()["version"]

    def hs_search(self) -> None:
        self.expect(
            "GET",
            f"{API}/compliance/hs/suggest",
            "HS search (suggest)",
            200,
            params={"text": random.choice(GOODS)},
        )

    def book_and_cancel(self) -> None:
        """Book the user's one-box shipment on a departure, then cancel it: the train
        never fills, and a user never holds two bookings on one departure."""
        payload = {
            "shipment_id": self.person["booking_shipment"],
            "departure_id": random.choice(DEPARTURES),
        }
        booked = self.expect("POST", f"{API}/bookings", "booking: request", 201, json=payload)
        if booked is None:
            return
        if booked.json()["status"] != "confirmed":
            booked.failure(f"booked as {booked.json()['status']}, expected confirmed")
            return
        booking = booked.json()["id"]
        self.expect("POST", f"{API}/bookings/{booking}/cancel", "booking: cancel", 200)

    def issue(self) -> None:
        """Issue the company's ready shipment. In the mix one member per company changes
        its invoice number first (a new version is rendered); the others mostly find the
        pack unchanged, answered as is. The status names the row: 201 rendered, 200 not."""
        if self.changes_ready and self.person["editor"]:
            number = f"XSR-INV-{self.person['number']}-{next(self.sequence)}"
            self.expect(
                "PATCH",
                f"{API}/shipments/{self.person['ready']}",
                "shipment edit (before an issue)",
                200,
                json={"invoice_number": number},
            )
        with self.client.post(
            f"{API}/documents/shipments/{self.person['ready']}/issue",
            name="issue",
            headers=self.headers(),
            catch_response=True,
        ) as answer:
            if answer.status_code == 201:
                answer.request_meta["name"] = "issue pack: new version rendered"
            elif answer.status_code == 200:
                answer.request_meta["name"] = "issue pack: unchanged, answered"
            else:
                answer.failure(describe(answer))


def describe(answer: Any, expected: int | None = None) -> str:
    """Why a request failed: its status and the start of its body, or the error that
    left no answer (status 0)."""
    wanted = f" (expected {expected})" if expected else ""
    if answer.status_code == 0:
        return f"no answer{wanted}: {answer.error!r}"
    return f"{answer.status_code}{wanted}: {(answer.text or '')[:300]}"


Action = Callable[[Person], None]
# The mix: what a company's staff do in a working day, roughly, by weight.
MIX: list[tuple[Action, int]] = [
    (Person.shipment_page, 10),
    (Person.edit_line, 20),
    (Person.route_search, 15),
    (Person.hs_search, 15),
    (Person.book_and_cancel, 10),
    (Person.issue, 5),
]
# Each action alone, without pauses: /healthz first, the reference for the ratios.
ALONE: list[tuple[Action, list[str]]] = [
    (Person.healthz, ["GET /healthz"]),
    (Person.route_search, ["route search"]),
    (Person.shipment_page, ["shipment page (200 lines)"]),
    (Person.edit_line, ["line edit (If-Match)"]),
    (Person.hs_search, ["HS search (suggest)"]),
    (Person.book_and_cancel, ["booking: request", "booking: cancel"]),
    (Person.issue, ["issue pack: unchanged, answered"]),
]


class Failures:
    """Every failed request of every phase, warm-up included."""

    def __init__(self) -> None:
        self.count = 0
        self.samples: list[str] = []

    def __call__(self, *, name: str, exception: Any = None, **_: Any) -> None:
        if exception is not None:
            self.add(f"{name}: {exception}")

    def user_error(self, *, exception: Any = None, **_: Any) -> None:
        """An exception in the script itself is a failure too (counted, never hidden)."""
        self.add(f"exception in a user: {exception!r}")

    def add(self, sample: str) -> None:
        self.count += 1
        if len(self.samples) < 10:
            self.samples.append(sample)


def run_phase(
    user_class: type[Person], users: int, seconds: float, failures: Failures
) -> tuple[dict[str, dict[str, float]], str]:
    """Spawn ``users``, let them settle for a moment, then measure for ``seconds``.

    Returns each endpoint's figures and a line on the machine during the measured time:
    how busy its cores were (the test, gunicorn and PostgreSQL share them) and how much
    time the host stole for other machines.
    """
    import gevent

    # A user asked to stop finishes its task first: a booking is always cancelled again.
    environment = Environment(user_classes=[user_class], host=user_class.host, stop_timeout=120)
    environment.events.request.add_listener(failures)
    environment.events.user_error.add_listener(failures.user_error)
    runner = environment.create_local_runner()
    runner.start(users, spawn_rate=max(users / 2, 1))
    gevent.sleep(3)
    environment.stats.reset_all()
    before = cpu_times()
    started = time.perf_counter()
    gevent.sleep(seconds)
    elapsed = time.perf_counter() - started
    after = cpu_times()
    busy, steal, total = (after[i] - before[i] for i in range(3))
    machine = (
        f"cores busy {busy / total:.0%}, stolen by the host {steal / total:.1%}, "
        f"load average (1 min) {os.getloadavg()[0]:.2f}"
    )
    rows = {
        name: {
            "count": entry.num_requests,
            "failures": entry.num_failures,
            "rps": entry.num_requests / elapsed,
            "p50": entry.get_response_time_percentile(0.5),
            "p95": entry.get_response_time_percentile(0.95),
        }
        for (name, _method), entry in environment.stats.entries.items()
    }
    runner.stop()
    runner.quit()
    return rows, machine


def user_class(host: str, wait: Any, tasks: Any, changes_ready: bool = False) -> type[Person]:
    attributes = {"host": host, "wait_time": wait, "tasks": tasks, "changes_ready": changes_ready}
    return type("LoadUser", (Person,), attributes)


def table(mix: dict[str, dict[str, float]], alone: dict[str, float], healthz: float) -> str:
    lines = [
        "| Endpoint | Mix: requests | req/s | p50 ms | p95 ms | Alone: req/s | × /healthz "
        "| Errors |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    names = list(mix) + [name for name in alone if name not in mix]
    for name in names:
        row = mix.get(name)
        capacity = alone.get(name)
        cells = [
            name,
            f"{int(row['count'])}" if row else "–",
            f"{row['rps']:.1f}" if row else "–",
            f"{row['p50']:.0f}" if row else "–",
            f"{row['p95']:.0f}" if row else "–",
            f"{capacity:.1f}" if capacity else "–",
            f"{capacity / healthz:.3f}" if capacity and healthz else "–",
            f"{int(row['failures'])}" if row else "0",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("fixtures", type=Path)
    parser.add_argument("--host", required=True)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--alone-seconds", type=float, default=10)
    parser.add_argument("--wait", type=float, nargs=2, default=(1.0, 3.0))
    options = parser.parse_args()
    fixtures = json.loads(options.fixtures.read_text())
    PEOPLE.extend(fixtures["users"])
    DEPARTURES.extend(fixtures["departures"])
    failures = Failures()

    print(f"==> the mix: {options.users} users for {options.seconds:.0f} s", flush=True)
    mixed = user_class(options.host, between(*options.wait), dict(MIX), changes_ready=True)
    mix, machine = run_phase(mixed, options.users, options.seconds, failures)
    alone: dict[str, float] = {}
    for action, names in ALONE:
        # /healthz alone always runs: it is the reference; --alone-seconds 0 skips the rest.
        if action is Person.healthz:
            seconds = max(options.alone_seconds, 5)
        elif options.alone_seconds > 0:
            seconds = options.alone_seconds
        else:
            continue
        print(f"==> alone: {names[0]}, {options.users} users, no pauses", flush=True)
        rows, _ = run_phase(
            user_class(options.host, constant(0), [action]), options.users, seconds, failures
        )
        for name in names:
            if name in rows:
                alone[name] = rows[name]["rps"]
    print()
    print(table(mix, alone, alone.get("GET /healthz", 0.0)))
    print()
    print(f"During the mix: {machine}; errors: {failures.count}")
    if failures.count:
        print("First failures:")
        for sample in failures.samples:
            print(f"  {sample}")
        sys.exit(1)


if __name__ == "__main__":
    main()
