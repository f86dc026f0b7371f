"""The goods tables of many rows (``long-table`` in ``typst/common.typ``): one cell per row.

Each goods row is laid out as one table cell holding its columns as boxes, for speed; the
reader still sees a table of cells, every value in its column, and a row is never split
across two pages (a table of cells split a tall row at the page's foot).
"""

from __future__ import annotations

import io
import re
from dataclasses import replace

from pypdf import PdfReader

from cloudcabin.documents import selectors
from cloudcabin.documents.data import PackData
from cloudcabin.documents.kinds.base import Stamp, StampBook
from cloudcabin.documents.kinds.cim_smgs import CimSmgsNote
from cloudcabin.documents.kinds.commercial import CommercialInvoice, PackingList
from cloudcabin.shipments.models import Shipment
from cloudcabin.shipments.snapshot import shipment_snapshot

STAMP = Stamp("ABCDEFGH23", "https://cloudcabin.example/v/ABCDEFGH23", 1, "Issuer", "")
LINES = 60


def _many_tall_rows(shipment: Shipment) -> PackData:
    """The demo shipment with 60 goods lines whose descriptions take three or four lines."""
    data = selectors.pack_data(shipment_snapshot(shipment))
    first = data.lines[0]
    lines = [
        replace(
            first,
            line_no=n,
            description_en=f"Item{n:03d} " + "brake discs for motor vehicles " * (2 + n % 3),
            marks=f"MARK{n:03d}",
        )
        for n in range(1, LINES + 1)
    ]
    return replace(data, lines=lines)


def _pages(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _page_of(pages: list[str], token: str) -> int:
    found = [number for number, text in enumerate(pages, 1) if token in text]
    assert len(found) == 1, f"{token} on pages {found}"
    return found[0]


def test_a_goods_row_of_the_cim_smgs_note_is_never_split_across_two_pages(
    demo_shipment: Shipment,
) -> None:
    note = CimSmgsNote()
    (rendered,) = [
        r
        for r in note.render(
            _many_tall_rows(demo_shipment),
            StampBook(lambda: STAMP).for_kind(note.kind),
        )
        if r.format == "pdf"
    ]
    pages = _pages(rendered.content)
    assert len(pages) > 2
    for n in range(1, LINES + 1):
        # The description opens the row, the marks close it.
        assert _page_of(pages, f"Item{n:03d}") == _page_of(pages, f"MARK{n:03d}"), n


def test_the_invoice_prints_every_value_of_a_row_in_its_column_order(
    demo_shipment: Shipment,
) -> None:
    invoice = CommercialInvoice()
    data = _many_tall_rows(demo_shipment)
    (rendered,) = invoice.render(data, StampBook(lambda: STAMP).for_kind(invoice.kind))
    text = " ".join(_pages(rendered.content))
    first = data.lines[0]
    for line in data.lines:
        # No., description, HS, quantity, unit price, amount, origin: left to right.
        row = re.search(
            rf"\b{line.line_no} Item{line.line_no:03d} brake discs .*? {first.hs_code} "
            rf".*?{first.unit_price}.*?{first.amount} {first.origin_country}\b",
            text,
        )
        assert row is not None, line.line_no
        assert len(row.group(0)) < 400, line.line_no


def test_a_column_is_as_wide_as_its_widest_value_even_in_fewer_but_wider_letters(
    demo_shipment: Shipment,
) -> None:
    # Eight Chinese characters are wider than the ten Latin ones of the other eleven lines.
    packing_list = PackingList()
    data = selectors.pack_data(shipment_snapshot(demo_shipment))
    lines = [
        replace(
            data.lines[0],
            line_no=n,
            marks="唛头标记唛头标记" if n == 1 else f"MARK{n:06d}",
        )
        for n in range(1, 13)
    ]
    (rendered,) = packing_list.render(
        replace(data, lines=lines), StampBook(lambda: STAMP).for_kind(packing_list.kind)
    )
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(rendered.content)).pages)
    assert "唛头标记唛头标记" in text
