"""Processor time and queries of single requests as gunicorn serves them in production
(issue 14's per-request overhead): ``DEBUG=0``, the JSON log line, the metrics, CSRF,
the session and the membership, through Django's WSGI handler (no test client).

    python bench/request_cpu.py [--rounds 40] [--database /tmp/x.sqlite3] [--profile DIR]
    python bench/request_cpu.py --database-url postgres://…/db

Each round asks, as a signed-in member of the load test (``bench/load_data.py``) with
its CSRF cookie and header and an ``X-Forwarded-For`` address as nginx sends them:
``GET /healthz``, ``GET /api/v1/accounts/organization`` (the least an authenticated
request does), a booking request and its cancel (``bench/load.py``'s "booking" action),
the 200-line shipment page, a line edit with ``If-Match``, the issue of the ready
shipment's pack, unchanged (rendered once in the warm-up, then answered as is) and after
a new invoice number (a new version rendered), a route search and an HS suggestion (the
load test's goods descriptions in turn).
Background work is queued in the database (``TASKS_BACKEND=database``), as in the load
test, in a process warmed as a gunicorn worker is (``post_worker_init``: URLs, templates,
the per-process copies of the tables, ``gc.freeze``). The median processor time
(``time.process_time``) of each request over ``--rounds`` rounds after a warm-up is
printed with its query count; ``--profile`` writes a cProfile file per request kind
(``DIR/<name>.prof``) over the same rounds. On PostgreSQL (on this machine) the server
process's processor time for the request is added from ``/proc/<pid>/schedstat``: the
database's share of the core time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import itertools
import json
import os
import runpy
import secrets
import statistics
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import setup_django

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
    "TRUSTED_PROXY_COUNT": "1",
    "TASKS_BACKEND": "database",
    "LOG_FORMAT": "json",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--database", type=Path, default=None)
    parser.add_argument("--database-url", default="", help="PostgreSQL with the demo data")
    parser.add_argument("--profile", type=Path, default=None)
    parser.add_argument(
        "--queries", action="store_true", help="print the last round's SQL, slowest first"
    )
    args = parser.parse_args()
    os.environ.update(PRODUCTION)
    # One connection for the whole run, whose server process is measured (production's
    # 60 s only means a new connection a minute).
    os.environ.setdefault("DB_CONN_MAX_AGE", "3600")
    os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="request-cpu-media-"))
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cloudcabin.settings")
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        import django

        django.setup()
    else:
        setup_django(args.database)

    import load_data
    from django.conf import settings
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from django.db import connection

    # The load test's companies are made beside the demo's (idempotent: nothing changes
    # in a database that has it already).
    call_command("prepare_demo", stdout=io.StringIO())
    # /healthz checks the static manifest, as in production.
    call_command("collectstatic", "--noinput", verbosity=0)
    call_command("createcachetable", verbosity=0)
    fixture = load_data.prepare(4, 2)
    person = fixture["users"][0]
    application = get_wsgi_application()
    # What gunicorn's workers do before their first request (gunicorn.conf.py).
    runpy.run_path(str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py"))[
        "post_worker_init"
    ](None)
    cookies = f"{settings.SESSION_COOKIE_NAME}={person['session']}; csrftoken={person['csrf']}"
    counter = iter(range(1, 10**9))

    def call(
        method: str, path: str, body: dict[str, Any] | None = None, **headers: str
    ) -> tuple[int, bytes]:
        payload = json.dumps(body).encode() if body is not None else b""
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_CONNECTION": "close",
            "HTTP_COOKIE": cookies,
            "HTTP_X_CSRFTOKEN": person["csrf"],
            "HTTP_X_FORWARDED_FOR": f"10.0.0.{next(counter) % 250 + 1}",
            "CONTENT_TYPE": "application/json" if body is not None else "",
            "CONTENT_LENGTH": str(len(payload)),
            "wsgi.input": io.BytesIO(payload),
            "wsgi.errors": sys.stderr,
            "wsgi.url_scheme": "http",
            "wsgi.version": (1, 0),
            "wsgi.multithread": True,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
            **headers,
        }
        status: list[str] = []
        response = application(environ, lambda line, headers: status.append(line))
        try:
            content = b"".join(response)
        finally:
            response.close()  # type: ignore[attr-defined]
        return int(status[0].split()[0]), content

    # bench/load_swarm.py's goods, URL-encoded, in turn.
    goods = itertools.cycle(urllib.parse.quote(text) for text in load_data.GOODS)
    booking = {"shipment_id": person["booking_shipment"], "departure_id": fixture["departures"][0]}
    names = (
        "healthz",
        "authenticated GET",
        "booking request",
        "booking cancel",
        "shipment page",
        "line edit",
        "issue unchanged",
        "issue new version",
        "route search",
        "HS search",
    )
    line = person["lines"][0]  # [id, version], the version moving with each edit
    page = f"/shipments/{person['shipment']}/"
    issue = f"/api/v1/documents/shipments/{person['ready']}/issue"
    # Processor time, as the figures: on a busy machine wall time counts the waits.
    profiles = {name: cProfile.Profile(time.process_time) for name in names}

    server: int | None = None
    server_spent: dict[str, list[float]] = {name: [] for name in names}

    def timed(name: str, action: Callable[[], tuple[int, bytes]], expected: int) -> Any:
        profile = profiles[name] if args.profile else None
        queries: list[str] = []

        def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                queries.append(f"{(time.perf_counter() - started) * 1000:7.2f} ms  {sql}")

        with connection.execute_wrapper(count):
            if profile is not None:
                profile.enable()
            server_start = _cpu_ns(server)
            start = time.process_time()
            status, content = action()
            spent = (time.process_time() - start) * 1000
            server_spent[name].append((_cpu_ns(server) - server_start) / 1e6)
            spent += server_spent[name][-1]
            if profile is not None:
                profile.disable()
        assert status == expected, (name, status, content[:500])
        return spent, queries, content

    def round_() -> dict[str, tuple[float, list[str]]]:
        result: dict[str, tuple[float, list[str]]] = {}
        spent, count, _ = timed("healthz", lambda: call("GET", "/healthz"), 200)
        result["healthz"] = spent, count
        spent, count, _ = timed(
            "authenticated GET", lambda: call("GET", "/api/v1/accounts/organization"), 200
        )
        result["authenticated GET"] = spent, count
        spent, count, content = timed(
            "booking request", lambda: call("POST", "/api/v1/bookings", booking), 201
        )
        result["booking request"] = spent, count
        booked = json.loads(content)
        assert booked["status"] == "confirmed", booked
        url = f"/api/v1/bookings/{booked['id']}/cancel"
        result["booking cancel"] = timed("booking cancel", lambda: call("POST", url, {}), 200)[:2]
        result["shipment page"] = timed("shipment page", lambda: call("GET", page), 200)[:2]
        edit = f"/api/v1/shipments/{person['shipment']}/lines/{line[0]}"
        marks = {"marks": f"BENCH {next(counter)}"}
        spent, count, content = timed(
            "line edit",
            lambda: call("PATCH", edit, marks, HTTP_IF_MATCH=f'W/"{line[1]}"'),
            200,
        )
        line[1] = json.loads(content)["version"]
        result["line edit"] = spent, count
        result["issue unchanged"] = timed("issue unchanged", lambda: call("POST", issue), 200)[:2]
        # As bench/load.py's one member per company: a new invoice number, a new version.
        number = {"invoice_number": f"BENCH-INV-{next(counter)}"}
        assert call("PATCH", f"/api/v1/shipments/{person['ready']}", number)[0] == 200
        rendered = timed("issue new version", lambda: call("POST", issue), 201)
        result["issue new version"] = rendered[:2]
        search = {"origin": "CNCQI", "destination": "DEDUI", "objective": "balanced"}
        result["route search"] = timed(
            "route search", lambda: call("POST", "/api/v1/network/routes/search", search), 200
        )[:2]
        suggest = "/api/v1/compliance/hs/suggest"
        result["HS search"] = timed(
            "HS search", lambda: call("GET", suggest, QUERY_STRING=f"text={next(goods)}"), 200
        )[:2]
        return result

    profiling, args.profile = args.profile, None
    call("POST", issue)  # the first issue renders the pack (201); the rounds find it unchanged
    for _warm_up in range(5):
        round_()
    args.profile = profiling
    server = _server_process(connection)
    for spent_list in server_spent.values():
        spent_list.clear()
    rounds = [round_() for _round in range(args.rounds)]
    for name in names:
        median = statistics.median(run[name][0] for run in rounds)
        print(
            f"{name:<18} {median:6.2f} ms  queries {len(rounds[-1][name][1])}"
            + (
                f"  (of which the PostgreSQL server {statistics.median(server_spent[name]):.2f} ms)"
                if server
                else ""
            )
        )
        if args.queries:
            slowest_first = sorted(rounds[-1][name][1], reverse=True)
            print("".join(f"    {sql[:300]}\n" for sql in slowest_first))
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)
        for name, profile in profiles.items():
            profile.dump_stats(args.profile / f"{name.replace(' ', '-')}.prof")


def _server_process(connection: Any) -> int | None:
    """The PostgreSQL server process serving this connection, if it runs on this machine."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = int(cursor.fetchone()[0])
    return pid if Path(f"/proc/{pid}/schedstat").exists() else None


def _cpu_ns(pid: int | None) -> int:
    """Nanoseconds the process has run on a processor (0 without one)."""
    if pid is None:
        return 0
    return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])


if __name__ == "__main__":
    main()
