"""Time a 10,000-line .xlsx goods-line import with every check, on a fresh SQLite database.

    .venv/bin/python bench/shipment_import.py [--lines 10000] [--runs 3] [--profile]
        [--all-reference] [--cold]

Creates a temporary SQLite file, runs ``migrate`` and loads the reference data the
checks read (HS codes, countries, currencies, container types, customs units), then
times ``read_sheet`` + ``import_lines`` on a generated workbook and prints the median
(processor and wall time) and the load average. The process first does what a gunicorn
worker does before it takes requests (``post_worker_init`` in ``gunicorn.conf.py``: the
URLconf, the in-memory tariff index, then ``gc.freeze()`` of what it loaded), timed
apart; ``--cold`` leaves the index to the first import and freezes nothing. Run 1 is
then a process's first import (with ``--all-reference``: every description is scored
against the tariff); later runs find the fits cached. ``--profile`` profiles one more
first import (the fits dropped, and with ``--cold`` the index too) and prints its
costliest functions.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import runpy
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATASETS = (
    "hs-sections",
    "hs-codes",
    "countries",
    "currencies",
    "container-types",
    "cn-customs-units",
)


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], check=True, env=env)


def workbook(hs_codes: list[str], lines: int) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["PACKING LIST AND INVOICE"])
    sheet.append([])
    sheet.append(
        [
            "No.", "品名", "Description", "HS code", "Quantity", "Unit", "N.W. (kg)",
            "G.W. (kg)", "Packages", "Package type", "Unit price", "Amount", "Origin",
            "Declared elements", "Marks",
        ]
    )  # fmt: skip
    for number in range(1, lines + 1):
        quantity = Decimal(number % 97 + 1)
        price = Decimal(number % 500 + 1) / 4
        net = Decimal(number % 300 + 10)
        sheet.append(
            [
                number,
                f"货物 {number}",
                f"Goods item {number}",
                hs_codes[number % len(hs_codes)],
                float(quantity),
                "PCS" if number % 2 else "千克",
                float(net),
                float(net + 2),
                number % 9 + 1,
                "CTNS",
                float(price),
                float(quantity * price),
                "China",
                f"0|0|货物 {number}|型号 {number % 50}",
                f"N/M {number}",
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="cProfile one more run")
    parser.add_argument(
        "--all-reference",
        action="store_true",
        help="load every reference dataset, so the tariff-text checks run too (slower setup)",
    )
    parser.add_argument(
        "--cold", action="store_true", help="no warm-up: the first import builds the index"
    )
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        database = Path(tmp) / "import-bench.sqlite3"
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DEBUG": "1"}
        manage(env, "migrate", "--verbosity", "0")
        only = [] if options.all_reference else ["--only", *DATASETS]
        manage(env, "load_reference", "--force", *only)
        os.environ.update(DATABASE_URL=env["DATABASE_URL"], DEBUG="1")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cloudcabin.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        run(options.lines, options.runs, profile=options.profile, cold=options.cold)


def run(lines: int, runs: int, *, profile: bool = False, cold: bool = False) -> None:
    from cloudcabin.accounts.models import Membership, Organization, Role, User
    from cloudcabin.accounts.selectors import actor_for_user
    from cloudcabin.reference.models import HsCode, HsLevel
    from cloudcabin.shipments import services
    from cloudcabin.shipments.models import GoodsLine
    from cloudcabin.shipments.spreadsheets.importing import import_lines
    from cloudcabin.shipments.spreadsheets.reading import read_sheet

    organization = Organization.objects.create(name_en="Bench Trading", country="CN")
    user = User.objects.create_user("bench@example.com", "bench-password-123456")
    Membership.objects.create(user=user, organization=organization, role=Role.OWNER)
    actor = actor_for_user(user)
    assert actor is not None
    shipment = services.create_shipment(actor=actor, reference="BENCH-1")
    hs_codes = list(
        HsCode.objects.filter(level=HsLevel.SUBHEADING).values_list("code", flat=True)[:2000]
    )
    data = workbook([f"{c[:4]}.{c[4:]}" for c in hs_codes], lines)
    print(f"workbook: {lines} lines, {len(data) / 2**20:.2f} MiB, {len(hs_codes)} HS codes")
    if not cold:
        cpu_started = time.process_time()
        runpy.run_path(str(ROOT / "gunicorn.conf.py"))["post_worker_init"](None)
        spent = time.process_time() - cpu_started
        print(f"warm-up (post_worker_init: cloudcabin.warm, gc.freeze): {spent:.2f} s CPU")

    walls, cpus = [], []
    for number in range(1, runs + 1):
        started, cpu_started = time.perf_counter(), time.process_time()
        sheet = read_sheet(data, "bench.xlsx")
        read, read_cpu = time.perf_counter() - started, time.process_time() - cpu_started
        result = import_lines(
            actor=actor, shipment_id=shipment.pk, sheet=sheet, mapping=sheet.suggested_mapping
        )
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu_started)
        print(
            f"run {number}: read_sheet {read:.2f} s ({read_cpu:.2f} s CPU), "
            f"import_lines {walls[-1] - read:.2f} s, "
            f"total {walls[-1]:.2f} s wall, {cpus[-1]:.2f} s CPU "
            f"({result.lines} lines, {len(result.warnings)} warnings)"
        )
    assert GoodsLine.objects.filter(shipment=shipment).count() == lines
    print(
        f"median of {runs}: {statistics.median(walls):.2f} s wall, "
        f"{statistics.median(cpus):.2f} s CPU (SQLite in this process); "
        "load average %.2f %.2f %.2f" % os.getloadavg()
    )
    if profile:
        from cloudcabin.shipments import selectors

        # A first import again: no fit cached (and with --cold, no index).
        selectors.tariff_index().forget()
        if cold:
            selectors._tariff = None
        profiler = cProfile.Profile()
        profiler.runcall(
            lambda: import_lines(
                actor=actor,
                shipment_id=shipment.pk,
                sheet=(sheet := read_sheet(data, "bench.xlsx")),
                mapping=sheet.suggested_mapping,
            )
        )
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(40)
        stats.sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
