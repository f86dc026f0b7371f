"""Time issuing the document pack, each run a first render of new data with new stamps.

    .venv/bin/python bench/document_pack.py [--runs N] [--sizes 20,200,1000] [--threads N]
                                            [--database PATH]
    .venv/bin/python bench/document_pack.py --lines 1000,5000 [--runs N]

Each run builds a new shipment in the benchmark database (its own reference, model
numbers, descriptions and amounts, so Typst has rendered none of it before) and issues
it with ``services.issue_pack``: freeze the revision, the findings ("ready"), render
every PDF and XML, store the files. Issue makes new short codes, so the stamps (QR
codes) are new too. One warm-up issue per process (fonts, templates, imports) is not
counted: the figures are those of a running server.

Shipments: 4 containers (one per 800 lines above 3,200, as a 45' box takes no more),
Xi'an → Alashankou → Dostyk → Małaszewicze → Łódź by rail, lines alternating solar
modules and brake discs, which merge into 2 declaration items.
At 1,000 lines the route ends in Moscow: an entry summary takes at most 999 goods
items, so a 1,000-line shipment to the EU cannot be issued. "500 split" is a
consolidation whose 500 lines differ by model: 500 items, 10 declarations of 50, each
a PDF and an XML.

Columns: "issue" is the whole ``issue_pack`` (median / max of the runs, wall clock),
"cpu" the processor time it used (all threads and the Typst processes of large documents:
above "issue" when PDFs compile side by side; less sensitive to a busy machine);
"findings" and "render" are its two phases;
"checks" is ``selectors.pack_findings`` on the same shipment afterwards, what the
shipment page and ``GET …/checks`` run on every save. ``--threads 1`` renders one PDF
after the other, and ``--fonts-per-document`` lets Typst search the fonts for every PDF
(as before they were kept per process), for comparison.

``--lines`` measures only those sizes (no split consolidation), each in a process of its
own, and adds "peak MB": that process's peak resident memory (``ru_maxrss``: Django, the
reference tables, the warm-up and every run), what one web or task worker would need,
and "child MB", the largest of the processes a large document is compiled in
(``documents.typst_compile``, as each reports it; empty when none was).
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import os
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from common import setup_django

DATABASE = Path("/tmp/cloudcabin-bench-documents.sqlite3")
CONTAINERS = 4
# Lines per 45' container at most: 800 lines of 32.5 kg and the tare stay under 30,480 kg.
LINES_PER_CONTAINER = 800
CONSOLIDATION = "500 split"


@dataclass(frozen=True)
class Case:
    label: str
    lines: int
    by_model: bool = False  # every line its own model: one declaration item per line
    destination: str = "PLLOD"


def cases(sizes: list[int]) -> list[Case]:
    found = [Case(f"{n:,}", n, destination="PLLOD" if n <= 999 else "RUMOW") for n in sizes]
    return [*found, Case(CONSOLIDATION, 500, by_model=True)]


def goods(case: Case, token: str, run: int) -> list[dict[str, Any]]:
    """The lines of one run: new descriptions, model numbers and amounts every time."""
    result = []
    for n in range(1, case.lines + 1):
        solar = n % 2 == 1
        quantity = Decimal(30 + (n + run) % 7)
        price = (Decimal("96.50") if solar else Decimal("11.20")) + Decimal(run) / 100
        model = f"{token}-{n}" if case.by_model else token
        result.append(
            {
                "line_no": n,
                "description_zh": "单晶硅光伏组件" if solar else "汽车制动盘",
                "description_en": (
                    f"Monocrystalline photovoltaic modules 550 W, model {model}, lot {n}"
                    if solar
                    else f"Brake discs for motor vehicles, model {model}, lot {n}"
                ),
                "hs_code": "854143" if solar else "870830",
                # 10 digits with the CIQ code, or 8 digits with one 10-digit extension
                "national_code": "8541430000" if solar else "87083010",
                "ciq_code": "999" if solar else "",
                "brand_type": "1" if solar else "0",
                "export_preference": "0",
                "declared_elements": (
                    f"1|0|光伏组件|单晶硅|550W|LONGi {model}"
                    if solar
                    else f"0|0|制动盘|铸铁|汽车用|{model}"
                ),
                "quantity": quantity,
                "unit": "H87",
                "net_kg": Decimal("30"),
                "gross_kg": Decimal("32.5"),
                "packages": 2,
                "package_type": "22",
                "unit_price": price,
                "amount": quantity * price,
                "origin_country": "CN",
                "marks": f"SRT/{token}/{2 * n - 1}-{2 * n}",
            }
        )
    return result


class Bench:
    """An organization with its parties, making one new shipment per run."""

    def __init__(self) -> None:
        from cloudcabin.accounts.models import Membership, Organization, Role, User
        from cloudcabin.accounts.selectors import actor_for_user
        from cloudcabin.shipments import services

        nonce = secrets.token_hex(4)
        # The operator runs the trains and files the EU entry summary as the carrier.
        Organization.objects.get_or_create(
            is_operator=True,
            defaults={
                "name_en": "Bench Rail Operator",
                "country": "PL",
                "address": "ul. Kolejowa 1, 21-540 Małaszewicze",
                "eori": "PL1234567890000",
            },
        )
        self.organization = Organization.objects.create(
            name_en="Xi'an Silk Road Trading Co., Ltd.",
            name_zh="西安丝路贸易有限公司",
            country="CN",
        )
        self.user = user = User.objects.create_user(
            f"bench-{nonce}@example.com", secrets.token_hex(16)
        )
        Membership.objects.create(user=user, organization=self.organization, role=Role.OWNER)
        actor = actor_for_user(user)
        assert actor is not None
        self.actor = actor
        parties: dict[str, dict[str, Any]] = {
            "consignor": {
                "name_local": "西安丝路贸易有限公司",
                "name_latin": "Xi'an Silk Road Trading Co., Ltd.",
                "address_local": "陕西省西安市国际港务区",
                "address_latin": "Xi'an International Trade & Logistics Park",
                "city": "Xi'an",
                "country": "CN",
                "uscc": "91610131MA6U0EXA04",
                "customs_code": "6101234567",
            },
            "consignee": {
                "name_latin": "Łódź Żeglarska Import Sp. z o.o.",
                "address_latin": "ul. Świętojańska 12",
                "city": "Łódź",
                "postcode": "90-001",
                "country": "PL",
                "eori": "PL5260250274",
                "vat_number": "PL5260250274",
            },
            "declarant": {
                "name_local": "西安国际港务区报关有限公司",
                "name_latin": "Xi'an International Port Customs Brokerage Co., Ltd.",
                "city": "Xi'an",
                "country": "CN",
                "customs_code": "6101980XYZ",
            },
        }
        self.parties = {
            role: services.save_party(actor=actor, **fields).pk for role, fields in parties.items()
        }

    def shipment(self, case: Case, run: int) -> Any:
        from stdnum import iso6346

        from cloudcabin.shipments import services
        from cloudcabin.shipments.models import GoodsLine

        token = secrets.token_hex(3).upper()
        lines = goods(case, token, run)
        consignor, consignee = self.parties["consignor"], self.parties["consignee"]
        shipment = services.create_shipment(
            actor=self.actor,
            reference=f"BENCH-{case.lines}-{token}",
            invoice_number=f"SRT-{token}",
            contract_number=f"SRT-LDZ-{token}",
            consignment_note_number=f"{secrets.randbelow(10**8):08d}",
            incoterm="FCA",
            incoterm_place_locode="CNXIA",
            currency="USD",
            route_kind="rail",
            origin_locode="CNXIA",
            destination_locode=case.destination,
            loading_locode="CNXIA",
            transport_name=f"XAJJD{token}",
            train_number=f"X{8000 + run}",
            voyage_no=f"2026{run:04d}",
            invoice_total=sum((line["amount"] for line in lines), Decimal(0)),
            declared_packages=sum(line["packages"] for line in lines),
            declared_gross_kg=sum((line["gross_kg"] for line in lines), Decimal(0)),
            parties={
                "consignor": consignor,
                "seller": consignor,
                "consignee": consignee,
                "buyer": consignee,
                "declarant": self.parties["declarant"],
            },
        )
        # The journey comes from the planned route, as on a real shipment.
        services.plan_shipment_route(actor=self.actor, shipment_id=shipment.pk)
        services.replace_lines(
            actor=self.actor,
            shipment_id=shipment.pk,
            lines=[GoodsLine(**line) for line in lines],
            source="bench",
        )
        for n in range(max(CONTAINERS, -(-case.lines // LINES_PER_CONTAINER))):
            body = f"CSQU{secrets.randbelow(10**6):06d}"
            services.save_container(
                actor=self.actor,
                shipment_id=shipment.pk,
                number=body + iso6346.calc_check_digit(body),
                size_type="45G1",
                seals=[f"CN{token}{n}"],
                tare_kg=Decimal("3940"),
            )
        services.stow_everything_evenly(actor=self.actor, shipment_id=shipment.pk)
        shipment.refresh_from_db()
        return shipment

    def delete(self) -> None:
        """Everything the bench made (issued packs protect their revisions and parties)."""
        from cloudcabin.documents.models import DocumentPack
        from cloudcabin.shipments.models import Party, Shipment, ShipmentRevision

        organization = self.organization
        DocumentPack.objects.filter(organization=organization).delete()
        ShipmentRevision.objects.filter(shipment__organization=organization).delete()
        Shipment.objects.filter(organization=organization).delete()
        Party.objects.filter(organization=organization).delete()
        organization.delete()
        self.user.delete()


class Phases:
    """Time spent in the findings and in the rendering, inside ``issue_pack``."""

    def __init__(self) -> None:
        self.findings_ms = 0.0
        self.render_ms = 0.0

    @contextmanager
    def watching(self) -> Iterator[None]:
        from cloudcabin.documents import selectors, services

        findings_for, render_files = selectors.findings_for, services.render_files

        def timed(function: Callable[..., Any], phase: str) -> Callable[..., Any]:
            def run(*args: Any, **kwargs: Any) -> Any:
                started = time.perf_counter()
                try:
                    return function(*args, **kwargs)
                finally:
                    elapsed = (time.perf_counter() - started) * 1000
                    setattr(self, phase, getattr(self, phase) + elapsed)

            return run

        selectors.findings_for = timed(findings_for, "findings_ms")
        services.render_files = timed(render_files, "render_ms")
        try:
            yield
        finally:
            selectors.findings_for, services.render_files = findings_for, render_files


@dataclass
class Row:
    case: Case
    files: int = 0
    pdfs: int = 0
    kilobytes: float = 0.0
    issue_ms: list[float] | None = None
    cpu_ms: list[float] | None = None
    findings_ms: list[float] | None = None
    render_ms: list[float] | None = None
    checks_ms: list[float] | None = None
    peak_mb: float | None = None
    typst_mb: float | None = None  # the largest Typst compile in a process of its own


def cpu_seconds() -> float:
    """Processor time of this process, of the processes it has waited for and of the
    Typst processes of large documents (children of the template process, which say
    what they used; the template's own start, once per process, is not counted)."""
    from cloudcabin.documents import typst_compile

    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    waited = children.ru_utime + children.ru_stime
    return own.ru_utime + own.ru_stime + waited + typst_compile.usage.cpu_seconds


def measure(bench: Bench, case: Case, runs: int) -> Row:
    from cloudcabin.documents import selectors, services

    row = Row(case, issue_ms=[], cpu_ms=[], findings_ms=[], render_ms=[], checks_ms=[])
    assert row.issue_ms is not None and row.cpu_ms is not None and row.findings_ms is not None
    assert row.render_ms is not None and row.checks_ms is not None
    for run in range(runs):
        shipment = bench.shipment(case, run)
        errors = selectors.pack_findings(shipment).errors
        if errors:
            raise SystemExit(f"{case.label}: not fileable: " + "; ".join(map(str, errors[:5])))
        # pack_findings above has rendered nothing: the issue below is the first render.
        phases = Phases()
        with phases.watching():
            started, cpu = time.perf_counter(), cpu_seconds()
            pack = services.issue_pack(actor=bench.actor, shipment_id=shipment.pk).pack
            row.issue_ms.append((time.perf_counter() - started) * 1000)
            row.cpu_ms.append((cpu_seconds() - cpu) * 1000)
        row.findings_ms.append(phases.findings_ms)
        row.render_ms.append(phases.render_ms)
        started = time.perf_counter()
        selectors.pack_findings(shipment)
        row.checks_ms.append((time.perf_counter() - started) * 1000)
        files = list(pack.files.all())
        row.files = len(files)
        row.pdfs = sum(1 for item in files if item.format == "pdf")
        row.kilobytes = sum(item.size for item in files) / 1024
    return row


def run_in_children(options: argparse.Namespace) -> list[Row]:
    """Each size of ``--lines`` in a new process, so that its peak memory is its own."""
    rows = []
    for lines in [int(n) for n in options.lines.split(",")]:
        command = [sys.executable, __file__, "--child", str(lines), "--runs", str(options.runs)]
        command += ["--database", str(options.database)]
        if options.threads is not None:
            command += ["--threads", str(options.threads)]
        done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
        found = json.loads(done.stdout.strip().splitlines()[-1])
        found["case"] = Case(**found["case"])
        rows.append(Row(**found))
    return rows


def run_here(options: argparse.Namespace, chosen: list[Case]) -> list[Row]:
    from cloudcabin.documents import services, typst_compile
    from cloudcabin.documents.kinds import base

    if options.threads is not None:
        base.RENDER_THREADS = options.threads
    if options.fonts_per_document:
        # Typst accepts the folders instead of a built font set, and then searches them
        # (and the system's fonts) on every compile.
        typst_compile.fonts = lambda: typst_compile.FONT_DIRS  # type: ignore[assignment,return-value]
    bench = Bench()
    try:
        warm_up = bench.shipment(Case("warm-up", 20), 0)
        services.issue_pack(actor=bench.actor, shipment_id=warm_up.pk)
        return [measure(bench, case, options.runs) for case in chosen]
    finally:
        bench.delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="20,200,1000")
    parser.add_argument("--lines", help="only these sizes, each in its own process (peak MB)")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--threads", type=int, default=None, help="render threads (default: CPUs)")
    parser.add_argument("--database", type=Path, default=DATABASE)
    parser.add_argument(
        "--fonts-per-document",
        action="store_true",
        help="search the fonts again for every PDF, as before they were kept (for comparison)",
    )
    options = parser.parse_args()
    if options.lines:
        report(run_in_children(options), options)
        return
    media = tempfile.TemporaryDirectory(prefix="cloudcabin-bench-media-")
    os.environ["MEDIA_ROOT"] = media.name
    setup_django(options.database)

    from django.core.management import call_command

    # Brings an older benchmark database up to date (quick when nothing changed).
    call_command("load_reference", stdout=io.StringIO())
    call_command("load_network", stdout=io.StringIO())

    if options.child:
        lines = options.child
        chosen = [Case(f"{lines:,}", lines, destination="PLLOD" if lines <= 999 else "RUMOW")]
    else:
        chosen = cases([int(n) for n in options.sizes.split(",")])
    try:
        rows = run_here(options, chosen)
    finally:
        media.cleanup()
    if options.child:
        row = rows[0]
        row.peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        from cloudcabin.documents import typst_compile

        row.typst_mb = typst_compile.usage.peak_kb / 1024
        print(json.dumps(dataclasses.asdict(row)))
        return
    report(rows, options)


def report(rows: list[Row], options: argparse.Namespace) -> None:
    threads = options.threads or os.cpu_count()  # base.RENDER_THREADS by default
    print(f"{options.runs} runs per size, each a new shipment issued once (first render, new")
    print(f"stamps); {os.cpu_count()} CPUs, {threads} render threads, load average ", end="")
    print(" ".join(f"{load:.2f}" for load in os.getloadavg()) + " at the end.")
    print("Times in ms: median / max (cpu: median).\n")
    print(
        f"{'lines':>9} {'files':>5} {'PDFs':>4} {'kB':>5} {'issue':>13} {'cpu':>5} "
        f"{'findings':>11} {'render':>13} {'checks':>11} {'peak MB':>7} {'child MB':>8}"
    )
    for row in rows:

        def cell(values: list[float] | None, width: int) -> str:
            assert values
            return f"{statistics.median(values):.0f} / {max(values):.0f}".rjust(width)

        peak = "" if row.peak_mb is None else f"{row.peak_mb:.0f}"
        child = "" if not row.typst_mb else f"{row.typst_mb:.0f}"
        print(
            f"{row.case.label:>9} {row.files:>5} {row.pdfs:>4} {row.kilobytes:5.0f} "
            f"{cell(row.issue_ms, 13)} {statistics.median(row.cpu_ms or [0]):5.0f} "
            f"{cell(row.findings_ms, 11)} "
            f"{cell(row.render_ms, 13)} {cell(row.checks_ms, 11)} {peak:>7} {child:>8}"
        )


if __name__ == "__main__":
    main()
