"""Time the whole document pack (every kind in KINDS, PDF + XML, checks) by shipment size.

    .venv/bin/python bench/document_pack.py [--runs N] [--sizes 20,200,1000] [--no-slow]

"Pack" is ``services.render_pack`` on a ``PackData`` built by ``build_pack_data`` from a
synthetic snapshot dict (4 containers, lines stowed round-robin) and hand-made
``Lookups``: no database is used. The stamps are issue stamps (code, URL, QR), as at issue.

"WeasyPrint" is the slow way, beside it for the ratio: for each PDF the pack contains,
one HTML document rendered to PDF by WeasyPrint — a header (reference, parties, route,
totals) and two tables: the invoice lines (line, HS, description EN/ZH, quantity, unit,
unit price, amount, origin) and the packing list by container (line, packages, net, gross).
No XML and no checks in that column, so the ratio understates the difference.
WeasyPrint is a bench-only extra, not a dependency: ``.venv/bin/pip install weasyprint``
(it needs Debian's libpango-1.0-0 and libpangoft2-1.0-0); without it the column is skipped.
"""

from __future__ import annotations

import argparse
import html
import logging
import os
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CONTAINERS = 4
ISSUER = "Xi'an Silk Road Trading Co., Ltd."


def setup_django_without_database() -> None:
    """Settings and apps only: the documents are rendered from in-memory data."""
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cloudcabin.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def container_number(n: int) -> str:
    from stdnum import iso6346

    body = f"CSQU{305000 + n:06d}"
    return body + iso6346.calc_check_digit(body)


def snapshot(lines: int) -> dict[str, Any]:
    """A clean export by rail, Xi'an to Łódź via Dostyk and Małaszewicze, like the demo one."""
    goods = []
    for n in range(1, lines + 1):
        solar = n % 2 == 1
        quantity = Decimal(30 + n % 7)
        price = Decimal("96.50") if solar else Decimal("11.20")
        goods.append(
            {
                "id": n,
                "line_no": n,
                "description_zh": "单晶硅光伏组件" if solar else "汽车制动盘",
                "description_en": (
                    f"Monocrystalline photovoltaic modules 550 W, lot {n}"
                    if solar
                    else f"Brake discs for motor vehicles, lot {n}"
                ),
                "hs_code": "854143" if solar else "870830",
                "national_code": "85414300" if solar else "87083010",
                "brand_type": "1" if solar else "0",
                "export_preference": "0",
                "declared_elements": "1|0|光伏组件|单晶硅|550W" if solar else "0|0|制动盘|铸铁",
                "quantity": str(quantity),
                "unit": "H87",
                "net_kg": "300",
                "gross_kg": "325.5",
                "packages": 2,
                "package_type": "22",
                "unit_price": str(price),
                "amount": str(quantity * price),
                "origin_country": "CN",
                "marks": f"SRT/LDZ/{2 * n - 1}-{2 * n}",
                "un_number": "",
            }
        )
    numbers = [container_number(n) for n in range(CONTAINERS)]
    total = sum((Decimal(line["amount"]) for line in goods), Decimal(0))
    consignor = {
        "id": 1,
        "name_local": "西安丝路贸易有限公司",
        "name_latin": ISSUER,
        "address_local": "陕西省西安市国际港务区",
        "address_latin": "Xi'an International Trade & Logistics Park",
        "city": "Xi'an",
        "postcode": "710026",
        "country": "CN",
        "uscc": "91610131MA6U0EXA04",
        "uscc_checksum_confirmed": False,
        "eori": "",
        "vat_number": "",
        "tin": "",
        "customs_code": "6101234567",
        "contact": "",
    }
    consignee = consignor | {
        "id": 2,
        "name_local": "",
        "name_latin": "Łódź Żeglarska Import Sp. z o.o.",
        "address_local": "",
        "address_latin": "ul. Świętojańska 12",
        "city": "Łódź",
        "postcode": "90-001",
        "country": "PL",
        "uscc": "",
        "eori": "PL5260250274",
        "vat_number": "PL5260250274",
        "customs_code": "",
    }
    header = {
        "id": 1,
        "reference": f"BENCH-{lines}",
        "direction": "export",
        "revision": 1,
        "contract_number": "SRT-LDZ-2026-07",
        "contract_date": "2026-11-02",
        "invoice_number": "SRT-2026-118",
        "invoice_date": "2026-11-20",
        "ready_date": "2026-11-28",
        "consignment_note_number": "24680135",
        "incoterm": "FCA",
        "incoterm_place_locode": "CNXIA",
        "incoterm_place_text": "",
        "currency": "USD",
        "freight_amount": None,
        "freight_currency": "",
        "insurance_amount": None,
        "insurance_currency": "",
        "other_charges_amount": None,
        "other_charges_currency": "",
        "supervision_mode": "0110",
        "levy_nature": "101",
        "transaction_mode": "6",
        "route_kind": "rail",
        "origin_locode": "CNXIA",
        "destination_locode": "PLLOD",
        "loading_locode": "CNXIA",
        "border_crossings": ["KZDOS", "PLMAA"],
        "invoice_total": str(total),
        "declared_packages": 2 * lines,
        "declared_gross_kg": str(Decimal("325.5") * lines),
    }
    return {
        "snapshot_version": 1,
        "organization": {"id": 1, "name_en": ISSUER, "name_zh": "西安丝路贸易有限公司"},
        "shipment": header,
        "parties": {
            "seller": consignor,
            "buyer": consignee,
            "consignor": consignor,
            "consignee": consignee,
            "notify_party": None,
            "declarant": None,
            "producer": None,
        },
        "lines": goods,
        "containers": [
            {"id": i, "number": number, "size_type": "45G1", "seals": [f"CN2026{i:03d}"]}
            | {"tare_kg": "3940"}
            for i, number in enumerate(numbers)
        ],
        "stowage": [
            {"container": numbers[i % CONTAINERS], "line_no": line["line_no"], "packages": 2}
            for i, line in enumerate(goods)
        ],
    }


def lookups() -> Any:
    from cloudcabin.documents.data import Lookups, Place

    places = {
        "CNXIA": Place("CNXIA", "Xi'an", "CN"),
        "KZDOS": Place("KZDOS", "Dostyk", "KZ"),
        "PLMAA": Place("PLMAA", "Małaszewicze", "PL"),
        "PLLOD": Place("PLLOD", "Łódź", "PL"),
    }
    countries = {
        "CN": ("CHN", "China", "中国"),
        "KZ": ("KAZ", "Kazakhstan", "哈萨克斯坦"),
        "PL": ("POL", "Poland", "波兰"),
    }
    return Lookups(
        places=places,
        country_alpha3={code: alpha3 for code, (alpha3, _, _) in countries.items()},
        country_names={code: (en, zh) for code, (_, en, zh) in countries.items()},
        customs_unit_for_rec20={"H87": "011", "KGM": "035", "SET": "001"},
        customs_unit_names={"011": "件", "035": "千克", "001": "台"},
        customs_names={
            ("packaging", "22"): "纸制或纤维板制盒/箱",
            ("transport_mode", "3"): "铁路运输",
            ("supervision_mode", "0110"): "一般贸易",
            ("levy_nature", "101"): "一般征税",
            ("transaction_mode", "6"): "FCA",
        },
    )


def stamps(issued_at: str) -> dict[tuple[str, str], Any]:
    from cloudcabin.documents.kinds import KINDS
    from cloudcabin.documents.kinds.base import Stamp
    from cloudcabin.documents.services import new_short_code, verify_url

    return {
        (spec.kind, fmt): Stamp(code, verify_url(code), 1, ISSUER, issued_at)
        for spec in KINDS
        for fmt in spec.formats
        for code in [new_short_code()]
    }


# --- the slow way ------------------------------------------------------------------------

STYLE = """
@page { size: A4; margin: 12mm; }
body { font-family: "WenQuanYi Micro Hei", sans-serif; font-size: 8pt; }
table { width: 100%; border-collapse: collapse; margin-bottom: 6mm; }
th, td { border: 0.4pt solid #444; padding: 1mm; text-align: left; }
td.num { text-align: right; }
thead { display: table-header-group; }
"""


def html_document(title: str, data: Any) -> str:
    """The invoice and packing list of ``data`` as one plain HTML document."""
    e = html.escape
    parties = "".join(
        f"<p><b>{e(role)}</b>: {e(party.name)}, {e(party.address_latin)}, {e(party.city)}, "
        f"{e(party.country)}</p>"
        for role, party in data.parties.items()
        if party is not None
    )
    invoice_rows = "".join(
        f"<tr><td>{line.line_no}</td><td>{e(line.hs_code)}</td><td>{e(line.description_en)}"
        f"<br>{e(line.description_zh)}</td><td class=num>{line.quantity}</td><td>{line.unit}</td>"
        f"<td class=num>{line.unit_price}</td><td class=num>{line.amount}</td>"
        f"<td>{line.origin_country}</td></tr>"
        for line in data.lines
    )
    by_no = {line.line_no: line for line in data.lines}
    packing = "".join(
        f"<h3>{e(load.number)} {e(load.size_type)}</h3><table><thead><tr><th>Line</th>"
        "<th>Description</th><th>Packages</th><th>Net kg</th><th>Gross kg</th></tr></thead>"
        "<tbody>"
        + "".join(
            f"<tr><td>{line_no}</td><td>{e(by_no[line_no].description_en)}</td>"
            f"<td class=num>{packages}</td><td class=num>{by_no[line_no].net_kg}</td>"
            f"<td class=num>{by_no[line_no].gross_kg}</td></tr>"
            for line_no, packages in load.lines
        )
        + "</tbody></table>"
        for load in data.containers
    )
    return (
        f"<!doctype html><html><head><meta charset=utf-8><style>{STYLE}</style></head><body>"
        f"<h1>{e(title)} — {e(data.header['reference'])}</h1>{parties}"
        f"<p>Total: {data.total_packages} packages, {data.total_gross_kg} kg gross, "
        f"{data.total_amount} {e(data.currency)}</p>"
        "<h2>Invoice</h2><table><thead><tr><th>Line</th><th>HS</th><th>Description</th>"
        "<th>Qty</th><th>Unit</th><th>Unit price</th><th>Amount</th><th>Origin</th></tr></thead>"
        f"<tbody>{invoice_rows}</tbody></table><h2>Packing list</h2>{packing}</body></html>"
    )


def weasyprint_renderer() -> Callable[[str], bytes] | None:
    # Its per-step progress messages (some at import) would drown the table.
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    try:
        from weasyprint import HTML  # type: ignore[import-untyped]
    except (ImportError, OSError) as exc:  # OSError: Pango missing
        print(f"WeasyPrint column skipped: weasyprint is not importable ({exc}).")
        print("  Install it into the venv only: .venv/bin/pip install weasyprint")
        return None

    def render(document: str) -> bytes:
        pdf: bytes = HTML(string=document).write_pdf()
        return pdf

    return render


def render_all(render: Callable[[str], bytes], documents: list[str]) -> list[bytes]:
    return [render(document) for document in documents]


# --- timing ------------------------------------------------------------------------------


def median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="20,200,1000")
    parser.add_argument("--no-slow", action="store_true", help="skip the WeasyPrint column")
    options = parser.parse_args()
    setup_django_without_database()

    from cloudcabin.documents import services
    from cloudcabin.documents.data import build_pack_data
    from cloudcabin.documents.kinds import KINDS
    from cloudcabin.errors import ProblemError

    weasy = None if options.no_slow else weasyprint_renderer()
    reference = lookups()
    pack_stamps = stamps("2026-11-26T08:00:00+00:00")
    print(f"Kinds in KINDS: {', '.join(spec.kind for spec in KINDS)}; {CONTAINERS} containers;")
    print(f"median of {options.runs} runs each (first, warm-up run not counted).\n")
    rows = []
    notes: list[str] = []
    for size in (int(n) for n in options.sizes.split(",")):
        data = build_pack_data(snapshot(size), reference)
        # A kind that refuses this data (e.g. XML_INVALID) raises instead of rendering:
        # time the pack without it, and say so under the table.
        working = []
        for spec in KINDS:
            try:
                spec.render(data, {fmt: pack_stamps[(spec.kind, fmt)] for fmt in spec.formats})
            except ProblemError as exc:
                notes.append(f"{size} lines: {spec.kind} left out: {exc.problems[0].message}")
            else:
                working.append(spec)
        services.KINDS = tuple(working)
        first = services.render_pack(data, pack_stamps)  # warm-up: fonts, templates, imports
        pdfs = [item for item in first.files if item.format == "pdf"]
        if first.findings:
            codes = ", ".join(p.code for p in first.findings)
            notes.append(f"{size} lines: findings {codes}")
        pack_ms = median_ms(partial(services.render_pack, data, pack_stamps), options.runs)
        services.KINDS = KINDS
        slow_ms: float | None = None
        if weasy is not None:
            documents = [html_document(item.kind, data) for item in pdfs]
            weasy(documents[0])
            slow_ms = median_ms(partial(render_all, weasy, documents), options.runs)
        rows.append(
            (
                size,
                len(first.files),
                len(pdfs),
                sum(len(item.content) for item in first.files),
                len(first.findings),
                pack_ms,
                slow_ms,
            )
        )
    print(
        f"{'lines':>6} {'files':>5} {'PDFs':>4} {'pack kB':>8} {'findings':>8} "
        f"{'pack (typst) ms':>16} {'WeasyPrint PDFs ms':>19} {'ratio':>6}"
    )
    for size, files, pdf_count, size_bytes, findings, pack_ms, slow_ms in rows:
        slow = f"{slow_ms:19.0f}" if slow_ms is not None else f"{'skipped':>19}"
        ratio = f"{slow_ms / pack_ms:5.1f}x" if slow_ms is not None else f"{'—':>6}"
        print(
            f"{size:>6} {files:>5} {pdf_count:>4} {size_bytes / 1024:8.0f} {findings:>8} "
            f"{pack_ms:16.0f} {slow} {ratio}"
        )
    for note in notes:
        print(note)


if __name__ == "__main__":
    main()
