"""The shipment page's lines table: each compact row shows its own line's values, codes with
their names in the reader's language, the flags of its own errors, and opens its own editor."""

from __future__ import annotations

from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from cloudcabin.reference import codes
from cloudcabin.shipments import services
from cloudcabin.shipments.models import GoodsLine, Shipment
from cloudcabin.shipments.tests.test_code_pickers import codes as code_tables  # noqa: F401
from cloudcabin.shipments.tests.test_views import LINE, a_shipment
from conftest import Tenants

pytestmark = pytest.mark.django_db
HOSTILE = '<img src=x onerror="alert(1)">'


class Rows(HTMLParser):
    """The compact rows of ``#line-rows``: each row's attributes and its cells (text, class)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, object]] = []
        self.in_row = False
        self.cell: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "tr" and "line-view" in found.get("class", ""):
            self.rows.append({"attrs": found, "cells": []})
            self.in_row = True
        elif tag == "td" and self.in_row and self.cell is None:
            self.cell = {"class": found.get("class", ""), "label": found.get("data-label", "")}
            self.cell["text"] = ""

    def handle_endtag(self, tag: str) -> None:
        self.in_row = self.in_row and tag != "tr"
        if tag == "td" and self.cell is not None:
            self.cell["text"] = " ".join(self.cell["text"].split())
            cells = self.rows[-1]["cells"]
            assert isinstance(cells, list)
            cells.append(self.cell)
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell["text"] += data


def _rows(page: str) -> list[dict[str, object]]:
    parser = Rows()
    parser.feed(page)
    return parser.rows


def _cells(row: dict[str, object]) -> list[dict[str, str]]:
    cells = row["cells"]
    assert isinstance(cells, list)
    return cells


@pytest.fixture
def shipment(tenants: Tenants, code_tables: None) -> Shipment:  # noqa: F811 - a fixture
    """Three lines: the first as imported, the second with net over gross, the third with
    an amount that is not quantity × price and a description to escape."""
    created = a_shipment(tenants)
    actor = tenants.actor(tenants.owner)
    services.save_line(
        actor=actor, shipment_id=created.pk, **(LINE | {"line_no": 2, "net_kg": Decimal(19000)})
    )
    services.save_line(
        actor=actor,
        shipment_id=created.pk,
        **(LINE | {"line_no": 3, "amount": Decimal(1), "description_en": HOSTILE}),
    )
    GoodsLine.objects.filter(shipment=created).update(package_type="22")
    return created


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_each_row_shows_its_own_line_with_code_names_in_the_readers_language(
    tenants: Tenants, shipment: Shipment, language: str
) -> None:
    tenants.owner.language = language
    tenants.owner.save(update_fields=["language"])
    client = tenants.client_for(tenants.owner)
    page = client.get(reverse("shipments:detail", args=[shipment.pk])).content.decode()
    rows = _rows(page)
    lines = list(GoodsLine.objects.filter(shipment=shipment).order_by("line_no"))
    assert [row["attrs"]["id"] for row in rows] == [f"line-{line.pk}" for line in lines]  # type: ignore[index]
    zh = language == "zh-hans"
    unit = codes.unit_name("H87")[0 if zh else 1]
    assert unit in (("个", "件") if zh else ("piece", "piece (article)"))
    package = "纸制或纤维板制盒/箱" if zh else "Paper or fibreboard boxes/cartons"
    first = [cell["text"] for cell in _cells(rows[0])]
    assert first == [
        "1",
        "854143 85414300",
        "Photovoltaic modules 光伏组件",
        f"600 H87 {unit}",
        "16800 / 18000",
        f"20 22 {package}",
        "57300",
        "CN",
        "0/20",
        "编辑" if zh else "Edit",
    ]
    assert [cell["label"] for cell in _cells(rows[0])][:2] == ["项号" if zh else "No.", "HS"]
    assert _cells(rows[1])[4]["text"] == "19000 / 18000"
    # The description is text, never markup.
    assert HOSTILE not in page
    assert _cells(rows[2])[2]["text"] == f"{HOSTILE} 光伏组件"


def test_a_lines_error_flags_its_own_row_and_cell_only(owner: Client, shipment: Shipment) -> None:
    page = owner.get(reverse("shipments:detail", args=[shipment.pk])).content.decode()
    rows = _rows(page)
    flagged = [
        [index for index, cell in enumerate(_cells(row)) if "flag" in cell["class"].split()]
        for row in rows
    ]
    # Every line: its HS code (the test's tariff is empty) and its packages (none stowed);
    # line 2 its masses (net over gross), line 3 its amount.
    assert flagged == [[1, 5], [1, 4, 5], [1, 5, 6]]
    # Each row's cell ids are the anchors the check panel links to, in order.
    assert [_cells(row)[0].get("label") for row in rows] == ["No."] * 3
    assert 'href="#f-lines-1-net_kg"' in page and 'id="f-lines-1"' in page


def test_a_row_opens_its_own_lines_editor_and_a_reader_sees_details(
    tenants: Tenants, owner: Client, shipment: Shipment
) -> None:
    rows = _rows(owner.get(reverse("shipments:detail", args=[shipment.pk])).content.decode())
    third = GoodsLine.objects.get(shipment=shipment, line_no=3)
    editor = owner.get(str(rows[2]["attrs"]["data-edit"])).content.decode()  # type: ignore[index]
    assert f'id="line-{third.pk}"' in editor and 'id="f-lines-2-amount"' in editor
    assert 'value="1"' in editor
    # Done: the compact row again, the same as on the page.
    row = owner.get(reverse("shipments:line_row", args=[shipment.pk, third.pk])).content.decode()
    assert _rows(row) == [rows[2]]
    reader = tenants.client_for(tenants.colleague)
    read = _rows(reader.get(reverse("shipments:detail", args=[shipment.pk])).content.decode())
    assert [_cells(row)[-1]["text"] for row in read] == ["Details"] * 3
