"""An import's queries do not grow with its lines: the checks ask the reference once per
run and the new lines go in one statement (a 10,000-line import once ran 20,000 queries
asking for the tariff index again per line, and 272 INSERTs on SQLite)."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cloudcabin.reference.tests.conftest import reference_data, reference_subset_dir  # noqa: F401
from cloudcabin.shipments import services
from cloudcabin.shipments.models import GoodsLine
from cloudcabin.shipments.spreadsheets.importing import import_lines
from cloudcabin.shipments.spreadsheets.reading import read_sheet

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]


def goods_file(count: int) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["No.", "Description", "品名", "HS code", "Quantity", "Unit", "N.W.", "G.W."])
    for number in range(1, count + 1):
        hs_code = "8541.43.00" if number % 2 else "870830"
        sheet.append(
            [number, f"Solar module {number}", f"光伏组件 {number}", hs_code, 10, "PCS", 5, 6]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def queries_to_import(tenants, count: int) -> int:
    actor = tenants.actor(tenants.owner)
    shipment = services.create_shipment(actor=actor, reference=f"CC-Q-{count}")
    sheet = read_sheet(goods_file(count), "lines.xlsx")
    with CaptureQueriesContext(connection) as captured:
        result = import_lines(
            actor=actor, shipment_id=shipment.pk, sheet=sheet, mapping=sheet.suggested_mapping
        )
    assert result.lines == count
    assert GoodsLine.objects.filter(shipment=shipment).count() == count
    return len(captured)


def test_an_import_of_eighty_lines_runs_as_many_queries_as_one_of_two(tenants):
    queries_to_import(tenants, 1)  # the tariff index is built by the first check run
    assert queries_to_import(tenants, 80) == queries_to_import(tenants, 2)


def test_imported_lines_keep_their_exact_values(tenants):
    actor = tenants.actor(tenants.owner)
    shipment = services.create_shipment(actor=actor, reference="CC-Q-VALUES")
    sheet = read_sheet(goods_file(2), "lines.xlsx")
    import_lines(actor=actor, shipment_id=shipment.pk, sheet=sheet, mapping=sheet.suggested_mapping)
    stored = list(
        GoodsLine.objects.filter(shipment=shipment)
        .order_by("line_no")
        .values_list("line_no", "hs_code", "national_code", "quantity", "net_kg", "version")
    )
    assert [(no, hs, national, str(q), str(net), v) for no, hs, national, q, net, v in stored] == [
        (1, "854143", "85414300", "10.000", "5.000", 1),
        (2, "870830", "", "10.000", "5.000", 1),
    ]
