"""How long an issue blocks other writers on SQLite: a 1,000-line pack is issued while
another process writes in a loop.

    .venv/bin/python bench/issue_blocking.py [--lines 1000] [--runs 3] [--database PATH] [--debug]

The writer is a separate process, as another web worker would be: each transaction
``BEGIN IMMEDIATE`` (the write lock, as Django's SQLite settings take it), one insert,
``COMMIT``, every 5 ms. Its longest wait while an issue runs is what a concurrent
booking would wait at worst. The shipment is built as in ``document_pack.py`` (route to
Moscow: an entry summary takes at most 999 items); each run a new shipment, first render.
The locked step (``services._decide_and_store``: the decision and the rows in one
transaction, under the shipment's lock, commit included) is timed alone too, in
wall-clock and in this process's processor time.
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import os
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from common import setup_django

DATABASE = Path("/tmp/cloudcabin-bench-issue-blocking.sqlite3")


def writer(database: str, stop: multiprocessing.synchronize.Event, waits: list[float]) -> None:
    db = sqlite3.connect(database, timeout=60, isolation_level=None)
    db.execute("CREATE TABLE IF NOT EXISTS bench_writer (at REAL)")
    found = []
    while not stop.is_set():
        started = time.perf_counter()
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO bench_writer VALUES (?)", (started,))
        db.execute("COMMIT")
        found.append((time.perf_counter() - started) * 1000)
        time.sleep(0.005)
    waits.extend(found)
    db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database", type=Path, default=DATABASE)
    parser.add_argument("--debug", action="store_true", help="keep DEBUG's query log on")
    options = parser.parse_args()
    media = tempfile.TemporaryDirectory(prefix="cloudcabin-bench-media-")
    os.environ["MEDIA_ROOT"] = media.name
    setup_django(options.database)

    from django.conf import settings
    from django.core.management import call_command

    # As in production: with DEBUG every query's SQL is formatted for the query log, and
    # the revision's insert carries the whole snapshot (~50 ms at 5,000 lines).
    settings.DEBUG = options.debug

    call_command("load_reference", stdout=io.StringIO())
    call_command("load_network", stdout=io.StringIO())

    from document_pack import Bench, Case

    from cloudcabin.documents import services

    decide = services._decide_and_store
    locked: list[tuple[float, float]] = []

    def timed_decide(*args: Any, **kwargs: Any) -> Any:
        started, cpu = time.perf_counter(), time.process_time()
        try:
            return decide(*args, **kwargs)
        finally:
            locked.append(
                ((time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000)
            )

    services._decide_and_store = timed_decide
    bench = Bench()
    manager = multiprocessing.Manager()
    results = []
    try:
        warm_up = bench.shipment(Case("warm-up", 20), 0)
        services.issue_pack(actor=bench.actor, shipment_id=warm_up.pk)
        case = Case(f"{options.lines:,}", options.lines, destination="RUMOW")
        for run in range(options.runs):
            shipment = bench.shipment(case, run)
            waits = manager.list()
            stop = manager.Event()
            process = multiprocessing.Process(
                target=writer, args=(str(options.database), stop, waits)
            )
            process.start()
            time.sleep(0.5)
            locked.clear()
            started = time.perf_counter()
            services.issue_pack(actor=bench.actor, shipment_id=shipment.pk)
            issue_ms = (time.perf_counter() - started) * 1000
            time.sleep(0.2)
            stop.set()
            process.join()
            values = list(waits)
            wall, cpu = locked[-1]
            results.append(
                (issue_ms, wall, cpu, max(values), statistics.median(values), len(values))
            )
    finally:
        bench.delete()
        media.cleanup()
    print(f"{options.lines:,}-line pack issued {options.runs} times with a writer beside it")
    print(
        f"{'issue ms':>9} {'locked ms':>10} {'locked cpu ms':>14}"
        f" {'writer max wait ms':>19} {'median ms':>10} {'writes':>7}"
    )
    for issue_ms, wall, cpu, longest, median, count in results:
        print(f"{issue_ms:9.0f} {wall:10.1f} {cpu:14.1f} {longest:19.1f} {median:10.2f} {count:7d}")
    print(f"load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
