"""Time and memory of reading hostile (and one honest, full-size) spreadsheets.

    .venv/bin/python bench/hostile_spreadsheets.py [--case NAME]

Each file is built and saved to a temporary file, then read by ``read_sheet`` in a
subprocess of its own, twice: once timed, reporting the process's peak resident memory
(``ru_maxrss``, Django and python-calamine loaded, before and after), once under tracemalloc,
reporting the peak of what the read itself allocated (the scan uses expat, which
builds no tree, so Python's allocations are what grows). The goal: every refusal
within 1 s and 100 MB.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
PACKAGE = "http://schemas.openxmlformats.org/package/2006"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
OOXML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
CONTENT_TYPES = (
    f'<Types xmlns="{PACKAGE}/content-types">'
    '<Default Extension="rels" ContentType="application/xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{OOXML}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{OOXML}.worksheet+xml"/>'
    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{OOXML}.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    f'<Relationships xmlns="{PACKAGE}/relationships">'
    f'<Relationship Id="rId1" Target="xl/workbook.xml" Type="{OFFICE}/officeDocument"/>'
    "</Relationships>"
)
WORKBOOK = (
    f'<workbook xmlns="{MAIN}" xmlns:r="{OFFICE}">'
    '<sheets><sheet name="Goods" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'<Relationships xmlns="{PACKAGE}/relationships">'
    f'<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="{OFFICE}/worksheet"/>'
    "</Relationships>"
)


def workbook(
    sheet_data: str, *, dimension: str = "", after: str = "", shared: list[str] | None = None
) -> bytes:
    """A minimal .xlsx whose one worksheet holds ``sheet_data`` (rows of inline strings)."""
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">{declared}'
        f"<sheetData>{sheet_data}</sheetData>{after}</worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared is not None:
            items = "".join(f"<si><t>{text}</t></si>" for text in shared)
            archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">{items}</sst>')
    return buffer.getvalue()


def text(ref: str, value: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def row(number: int, *values: str) -> str:
    cells = "".join(text(f"{chr(65 + i)}{number}", value) for i, value in enumerate(values))
    return f'<row r="{number}">{cells}</row>'


HEADER = row(1, "HS code", "Description", "Quantity") + row(2, "854143", "Solar panels", "10")


def far_row(number: int) -> bytes:
    return workbook(HEADER + row(number, "854143", "x", "1"))


def filled_rows(count: int) -> bytes:
    body = "".join(row(n, "854143", f"Goods {n}", str(n % 97 + 1)) for n in range(2, count + 1))
    return workbook(row(1, "HS code", "Description", "Quantity") + body)


def wide_row(cells: int) -> bytes:
    # Shuffled references keep the compression ratio low enough to pass the zip checks.
    refs = [f"{_letters(n)}3" for n in range(1, cells + 1)]
    random.Random(1).shuffle(refs)
    return workbook(HEADER + '<row r="3">' + "".join(f'<c r="{r}"/>' for r in refs) + "</row>")


def many_elements(count: int) -> bytes:
    """``count`` empty elements between the header and the first goods row."""
    # Two names in random order: enough disorder to pass the compression-ratio check.
    rng = random.Random(2)
    bulk = "".join(rng.choice(("<x/>", "<y/>")) for _ in range(count))
    return workbook(row(1, "HS code", "Description") + bulk + row(2, "854143", "Solar panels"))


def honest(lines: int) -> bytes:
    """A shipper's invoice of ``lines`` goods lines, as openpyxl writes it."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["No.", "品名", "Description", "HS code", "Quantity", "Unit", "N.W. (kg)"])
    for n in range(1, lines + 1):
        sheet.append([n, f"货物 {n}", f"Goods item {n}", "854143", n % 97 + 1, "PCS", n % 300])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


CASES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "xlsx-row-3-million": ("lines.xlsx", lambda: far_row(3_000_000)),
    "xlsx-row-100-million": ("lines.xlsx", lambda: far_row(100_000_000)),
    "xlsx-dimension-3-million": (
        "lines.xlsx",
        lambda: workbook(HEADER, dimension="A1:C3000000"),
    ),
    "xlsx-100001-filled-rows": ("lines.xlsx", lambda: filled_rows(100_001)),
    "xlsx-20021-filled-rows": ("lines.xlsx", lambda: filled_rows(20_021)),
    "xlsx-row-of-1-million-cells": ("lines.xlsx", lambda: wide_row(1_000_000)),
    "xlsx-3-million-empty-elements": ("lines.xlsx", lambda: many_elements(3_000_000)),
    "csv-2-million-blank-lines": (
        "lines.csv",
        lambda: b"HS code,Description\n854143,Solar panels\n" + b"\n" * 2_000_000,
    ),
    "csv-100001-filled-rows": (
        "lines.csv",
        lambda: b"HS code,Quantity\n" + b"854143,1\n" * 100_000,
    ),
    "csv-line-of-3-million-fields": (
        "lines.csv",
        lambda: b"HS code,Description\n854143," + b",;\t" * 3_000_000 + b"\n",
    ),
    "accepted: xlsx 20000 lines": ("lines.xlsx", lambda: honest(20_000)),
    "xlsx-200001-shared-strings": (
        "lines.xlsx",
        lambda: workbook(HEADER, shared=[format(n, "x") for n in range(200_001)]),
    ),
    "xlsx-200001-elements-between-rows": ("lines.xlsx", lambda: many_elements(200_001)),
}


def measure(name: str, path: str) -> dict[str, object]:
    """Run in the subprocess: read the file, then parse it and measure the parse alone."""
    import resource
    import tracemalloc

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cloudcabin.settings")
    os.environ.setdefault("DEBUG", "1")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import python_calamine  # noqa: F401  (imported before measuring, as a running server has it)

    from cloudcabin.errors import ProblemError
    from cloudcabin.shipments.spreadsheets.reading import read_sheet

    filename, _build = CASES[name]
    data = Path(path).read_bytes()

    def read() -> str:
        try:
            return f"read, {len(read_sheet(data, filename).rows)} rows"
        except ProblemError as refused:
            return f"refused {refused.problems[0].code}"

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    outcome = read()
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    read()
    _size, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "case": name,
        "kb": len(data) // 1024,
        "outcome": outcome,
        "seconds": seconds,
        "allocated_mb": peak / 2**20,
        "rss_mb": (before / 1024, after / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=list(CASES), help="one case (default: all)")
    parser.add_argument("--measure", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--build", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        name, path = args.build
        Path(path).write_bytes(CASES[name][1]())
        return
    if args.measure:
        print(json.dumps(measure(*args.measure)))
        return
    print(f"{'case':<36} {'file':>8} {'time':>7} {'allocated':>9} {'peak RSS':>13}  outcome")
    for name in [args.case] if args.case else list(CASES):
        with tempfile.NamedTemporaryFile(suffix=CASES[name][0]) as file:
            # Built in a process of its own: Linux keeps a process's peak memory across
            # exec, so a reader started from a parent that built the file would inherit it.
            subprocess.run([sys.executable, __file__, "--build", name, file.name], check=True)
            done = subprocess.run(
                [sys.executable, __file__, "--measure", name, file.name],
                capture_output=True,
                text=True,
                check=True,
            )
        result = json.loads(done.stdout.strip().splitlines()[-1])
        before, after = result["rss_mb"]
        print(
            f"{result['case']:<36} {result['kb']:>5} KB {result['seconds']:>5.2f} s"
            f" {result['allocated_mb']:>6.1f} MB {before:>4.0f}→{after:>4.0f} MB"
            f"  {result['outcome']}"
        )


if __name__ == "__main__":
    main()
