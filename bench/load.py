"""Load test: 100 simulated users against the production server (gunicorn with the repo's
gunicorn.conf.py, DEBUG=0, after collectstatic) on PostgreSQL, on 127.0.0.1.

    .venv/bin/python bench/load.py [--users 100] [--seconds 60] [--alone-seconds 10]
        [--database-url postgres://…]  # else a throw-away server is started on --pg-port
        [--prepared]   # prepare_demo, createcachetable and collectstatic have run (CI)
        [--workers N] [--threads N]    # else gunicorn.conf.py's defaults (cores, 1)
        [--profile DIR]  # cProfile every worker (one thread each), DIR/<pid>.prof
        [--competing N]  # N processes spinning on the cores meanwhile, as a shared host's

Prepares the data (``prepare_demo``, then ``bench/load_data.py``: companies, their
200-line and ready shipments, a session per user, departures with room), starts
gunicorn, and runs ``bench/load_swarm.py`` (locust, headless, as a library): the mix —
route searches, the 200-line shipment page, line edits with If-Match, HS search,
bookings requested and cancelled, pack issues — then each action alone for its capacity
as a ratio to ``/healthz``. Prints a Markdown table, the host's speed before the run and
how busy the cores were during the mix; exits non-zero on any failed request.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"


def server_environment(
    database_url: str, port: int, media: Path, options: argparse.Namespace
) -> dict[str, str]:
    """Production settings as .env.example describes them, for plain HTTP on 127.0.0.1."""
    environment = dict(os.environ)
    environment.update(
        DEBUG="0",
        DATABASE_URL=database_url,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        # TLS ends at the reverse proxy in production; the load test speaks plain HTTP.
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        MEDIA_ROOT=str(media),
        HOST="127.0.0.1",
        PORT=str(port),
        # As behind nginx: each simulated user is its own client to the rate limiter.
        TRUSTED_PROXY_COUNT="1",
        # Web processes queue background work; a worker (not started here) would run it.
        TASKS_BACKEND="database",
    )
    if options.workers:
        environment["WEB_CONCURRENCY"] = str(options.workers)
    if options.threads:
        environment["GUNICORN_THREADS"] = str(options.threads)
    return environment


PROFILED_CONFIG = """
# gunicorn.conf.py, plus cProfile in every worker from fork to exit (written by bench/load.py).
import cProfile

exec(open({config!r}).read())


def post_fork(server, worker):
    worker.profile = cProfile.Profile()
    worker.profile.enable()


def worker_exit(server, worker):
    worker.profile.disable()
    worker.profile.dump_stats({directory!r} + "/" + str(worker.pid) + ".prof")
"""


def manage(environment: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=environment,
        check=True,
        stdout=subprocess.DEVNULL,
    )


@contextmanager
def competing_work(processes: int) -> Iterator[None]:
    """``processes`` busy loops beside the test, at the same priority: a host whose cores
    other work wants too (each asks for a whole core)."""
    spinning = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(processes)
    ]
    try:
        yield
    finally:
        for process in spinning:
            process.kill()
            process.wait()


@contextmanager
def gunicorn(environment: dict[str, str], log: Path, config: Path) -> Iterator[str]:
    base = f"http://127.0.0.1:{environment['PORT']}"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(config), "cloudcabin.wsgi"],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(base + "/healthz", server)
        yield base
    finally:
        server.send_signal(signal.SIGINT)  # gunicorn's quick shutdown: the run is over
        server.wait(timeout=60)


def wait_for(url: str, server: subprocess.Popen[bytes]) -> None:
    import urllib.request

    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode} before answering")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer 200 within 180 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--alone-seconds", type=float, default=10)
    parser.add_argument("--wait", type=float, nargs=2, default=(1.0, 3.0), metavar=("MIN", "MAX"))
    parser.add_argument("--companies", type=int, default=10)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--pg-port", type=int, default=54431)
    parser.add_argument("--prepared", action="store_true")
    parser.add_argument("--port", type=int, default=8792)
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--keep", type=Path, default=None, help="keep gunicorn's log here")
    parser.add_argument("--profile", type=Path, default=None)
    parser.add_argument("--competing", type=int, default=0, metavar="N")
    options = parser.parse_args()

    sys.path.insert(0, str(BENCH))
    from booking_throughput import throwaway_postgres
    from common import host_speed_ms

    database = nullcontext(options.database_url) if options.database_url else None
    with (
        database or throwaway_postgres(options.pg_port) as url,
        tempfile.TemporaryDirectory(prefix="cloudcabin-load.") as scratch,
    ):
        work = Path(scratch)
        # Issued files belong with the database they are recorded in: an existing one's
        # MEDIA_ROOT is kept (CI's smoke database), a new one's is scratch.
        media = Path(os.environ.get("MEDIA_ROOT") or work / "media")
        environment = server_environment(url, options.port, media, options)
        print("==> preparing the data", flush=True)
        if not options.prepared:
            manage(environment, "prepare_demo")
            manage(environment, "createcachetable")
            manage(environment, "collectstatic", "--noinput", "-v0")
        fixtures = work / "fixtures.json"
        subprocess.run(
            [
                sys.executable,
                str(BENCH / "load_data.py"),
                str(fixtures),
                f"--users={options.users}",
                f"--companies={options.companies}",
            ],
            env=environment,
            check=True,
        )
        log = options.keep or work / "gunicorn.log"
        config = ROOT / "gunicorn.conf.py"
        if options.profile:
            # cProfile sees the thread that enabled it: one thread per worker (sync).
            environment["GUNICORN_THREADS"] = "1"
            options.profile.mkdir(parents=True, exist_ok=True)
            config = work / "gunicorn-profiled.conf.py"
            config.write_text(
                PROFILED_CONFIG.format(
                    config=str(ROOT / "gunicorn.conf.py"), directory=str(options.profile.resolve())
                )
            )
        # Before anything of the test runs: the host's speed, to compare runs of other hours.
        speed = host_speed_ms()
        with competing_work(options.competing), gunicorn(environment, log, config) as base:
            workers = environment.get("WEB_CONCURRENCY", f"{os.cpu_count() or 1}")
            threads = environment.get("GUNICORN_THREADS", "1")
            print(
                f"==> gunicorn at {base}: {workers} workers × {threads} threads, "
                f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; "
                f"host speed: a fixed Python loop took {speed:.0f} ms (median of 5); "
                f"{options.competing} competing busy processes",
                flush=True,
            )
            swarm = subprocess.run(
                [
                    sys.executable,
                    str(BENCH / "load_swarm.py"),
                    str(fixtures),
                    f"--host={base}",
                    f"--users={options.users}",
                    f"--seconds={options.seconds}",
                    f"--alone-seconds={options.alone_seconds}",
                    "--wait",
                    *(str(value) for value in options.wait),
                ],
                env=environment,
            )
        if swarm.returncode != 0:
            print(f"--- the last lines of gunicorn's log ({log}):")
            print("\n".join(log.read_text(errors="replace").splitlines()[-30:]))
        sys.exit(swarm.returncode)


if __name__ == "__main__":
    main()
