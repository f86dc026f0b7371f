"""No spreadsheet the product writes holds a formula, whatever text the database holds.

Every .xlsx route, page and API, is downloaded with a hostile value in every text column
it writes; each file is opened as Excel would (formulas kept, not their results) and
must hold the hostile texts as plain text. A new .xlsx route fails
``test_every_xlsx_route_is_walked`` until it is added here, and a module that builds a
workbook without ``cloudcabin.xlsx`` fails ``test_only_cloudcabin_xlsx_writes_workbooks``.
"""

from __future__ import annotations

import ast
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver
from openpyxl.cell.cell import Cell, MergedCell

from cloudcabin.bookings.models import Booking
from cloudcabin.bookings.tests.conftest import (
    make_container_types,
    make_departure,
    make_nodes,
    make_service,
    make_shipment,
)
from cloudcabin.shipments.models import Allocation, GoodsLine, Party
from cloudcabin.shipments.spreadsheets.fields import IMPORT_FIELDS

pytestmark = pytest.mark.django_db
PRODUCT = Path(__file__).resolve().parent.parent
# Longest first: each column gets the longest that fits it.
HOSTILE = ('=HYPERLINK("http://evil.example/x","Click me")', "=HYPERLINK(A1)", "=1+1", "=1", "@")
XLSX_ROUTES = {
    "api/v1/shipments/<int:shipment_id>/export.xlsx",
    "shipments/<int:shipment_id>/export.xlsx",
    "api/v1/bookings/departures/<departure_id>/manifest.xlsx",
    "bookings/agent/departures/<int:departure_id>/manifest.<str:extension>",
}


def hostile(field: models.Field[object, object], variant: int = 0) -> str:
    """The longest hostile text that fits the column (a variant for unique columns)."""
    fitting = [text for text in HOSTILE if len(text) <= (field.max_length or 1000)]
    text = fitting[0]
    return text if not variant else f"{text[: (field.max_length or 1000) - 1]}{variant}"


def cells(content: bytes) -> list[Cell | MergedCell]:
    book = openpyxl.load_workbook(io.BytesIO(content), data_only=False)
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_plain_text(content: bytes, expected: set[str]) -> None:
    written = cells(content)
    assert [cell.coordinate for cell in written if cell.data_type == "f"] == []
    texts = {cell.value for cell in written if isinstance(cell.value, str)}
    assert expected <= texts, expected - texts
    # Shown as the text itself, and still text once someone edits the cell.
    assert all(cell.quotePrefix for cell in written if cell.value in expected)


def test_every_xlsx_route_is_walked():
    def routes(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern)

    found = {route for route in routes(get_resolver().url_patterns) if "xlsx" in route}
    assert found | {r for r in XLSX_ROUTES if "<str:extension>" in r} == XLSX_ROUTES


def test_only_cloudcabin_xlsx_writes_workbooks():
    builders = []
    for path in PRODUCT.rglob("*.py"):
        relative = path.relative_to(PRODUCT)
        if "tests" in relative.parts or relative == Path("xlsx.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            imported = isinstance(node, ast.ImportFrom) and node.module == "openpyxl"
            if imported and any(alias.name == "Workbook" for alias in node.names):
                builders.append(str(relative))
            if isinstance(node, ast.Attribute) and node.attr == "Workbook":
                builders.append(str(relative))
    assert builders == []


def test_the_goods_export_writes_every_text_column_as_plain_text(tenants):
    shipment = make_shipment(tenants, reference="CC-XLSX-1")
    text_fields = [
        field
        for field in GoodsLine._meta.concrete_fields
        if field.name in IMPORT_FIELDS and isinstance(field, models.CharField | models.TextField)
    ]
    values = {field.name: hostile(field) for field in text_fields}
    GoodsLine.objects.create(
        shipment=shipment, line_no=1, net_kg=Decimal(1), gross_kg=Decimal(2), **values
    )
    owner = tenants.client_for(tenants.owner)

    for url in (
        f"/api/v1/shipments/{shipment.pk}/export.xlsx",
        f"/shipments/{shipment.pk}/export.xlsx",
    ):
        response = owner.get(url)
        assert response.status_code == 200, url
        assert_plain_text(response.content, set(values.values()))


def test_the_departure_manifest_writes_every_text_column_as_plain_text(tenants):
    make_nodes()
    make_container_types()
    service = make_service()
    departure = make_departure(service)
    shipment = make_shipment(tenants, containers=1)
    owner = tenants.client_for(tenants.owner)
    booked = owner.post(
        "/api/v1/bookings",
        {"shipment_id": shipment.pk, "departure_id": departure.pk},
        content_type="application/json",
    )
    assert booked.status_code == 201 and booked.json()["status"] == "confirmed"
    container = shipment.containers.get()
    line = GoodsLine.objects.create(
        shipment=shipment, line_no=1, packages=1, net_kg=Decimal(1), gross_kg=Decimal(2)
    )
    Allocation.objects.create(container=container, line=line, packages=1)
    values = {
        "service": hostile(_field(type(service), "name")),
        "reference": hostile(_field(type(shipment), "reference")),
        "consignor": hostile(_field(Party, "name_latin")),
        "consignee": hostile(_field(Party, "name_latin"), variant=2),
        "container": hostile(_field(type(container), "number")),
        "seal": hostile(_field(Party, "name_latin")),
        "note": hostile(_field(Booking, "consignment_note_number")),
        "hs_code": hostile(_field(GoodsLine, "hs_code")),
    }
    type(service).objects.filter(pk=service.pk).update(name=values["service"])
    type(shipment).objects.filter(pk=shipment.pk).update(reference=values["reference"])
    Party.objects.filter(pk=shipment.consignor_id).update(name_latin=values["consignor"])
    Party.objects.filter(pk=shipment.consignee_id).update(name_latin=values["consignee"])
    type(container).objects.filter(pk=container.pk).update(
        number=values["container"], seals=[values["seal"]]
    )
    Booking.objects.filter(shipment=shipment).update(consignment_note_number=values["note"])
    GoodsLine.objects.filter(pk=line.pk).update(hs_code=values["hs_code"])
    agent = tenants.client_for(tenants.agent)

    for url in (
        f"/api/v1/bookings/departures/{departure.pk}/manifest.xlsx",
        f"/bookings/agent/departures/{departure.pk}/manifest.xlsx",
    ):
        response = agent.get(url)
        assert response.status_code == 200, url
        assert_plain_text(response.content, set(values.values()))


def _field(model: type[models.Model], name: str) -> models.Field[object, object]:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field
