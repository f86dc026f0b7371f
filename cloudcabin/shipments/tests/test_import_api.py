"""The import, preview, export and template endpoints: results, error shape, tenancy."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cloudcabin.reference.tests.conftest import reference_data, reference_subset_dir  # noqa: F401
from cloudcabin.shipments import services
from cloudcabin.shipments.models import GoodsLine, ImportTemplate
from cloudcabin.shipments.spreadsheets.exporting import XLSX_CONTENT_TYPE
from cloudcabin.shipments.spreadsheets.reading import MAX_UPLOAD_BYTES

FIXTURES = Path(__file__).parent / "fixtures"
API = "/api/v1/shipments"
pytestmark = pytest.mark.usefixtures("reference_data")

GOOD_CSV = (
    "Line,Description,HS code,Quantity,Unit,Net weight (kg),Gross weight (kg),Packages,"
    "Unit price,Amount,Declared elements\n"
    "1,Solar modules,8541.43.00,600,PCS,16800,18000,20,95.5,57300,1|0|光伏组件|单晶硅\n"
    "2,Brake parts,870830,10,PCS,10,12,1,5,50,0|0|制动器|铸铁\n"
).encode()


def with_key(key):
    return {"HTTP_X_API_KEY": key}


def upload(data=GOOD_CSV, name="lines.csv"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.fixture
def shipment(tenants):
    return services.create_shipment(actor=tenants.actor(tenants.owner), reference="CC-API-1")


def test_an_owner_key_imports_a_file_with_the_detected_mapping(tenants, shipment):
    response = Client().post(
        f"{API}/{shipment.pk}/import", {"file": upload()}, **with_key(tenants.api_key())
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"lines": 2, "warnings": []}
    assert GoodsLine.objects.filter(shipment=shipment).count() == 2


def test_an_explicit_mapping_is_used_and_a_malformed_one_refused(tenants, shipment):
    key = tenants.api_key()
    mapping = json.dumps({"hs_code": "HS code", "description_zh": "Description"})
    response = Client().post(
        f"{API}/{shipment.pk}/import", {"file": upload(), "mapping": mapping}, **with_key(key)
    )
    assert response.status_code == 200, response.content
    line = GoodsLine.objects.filter(shipment=shipment).first()
    assert (line.description_zh, line.quantity) == ("Solar modules", None)

    response = Client().post(
        f"{API}/{shipment.pk}/import", {"file": upload(), "mapping": "{oops"}, **with_key(key)
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["path"] == "mapping"


def test_a_bad_file_answers_422_with_every_problem(tenants, shipment):
    data = (FIXTURES / "lines_en_bad.csv").read_bytes()
    response = Client().post(
        f"{API}/{shipment.pk}/import", {"file": upload(data)}, **with_key(tenants.api_key())
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert len(errors) == 7
    assert errors[0] == {
        "code": "IMPORT_HS_INVALID",
        "severity": "error",
        "path": "rows[3].hs_code",
        "message": "Row 3, column “HS code”: “8541.4X” is not an HS code "
        "(6 digits, or the 8- or 10-digit national code).",
    }
    assert not GoodsLine.objects.filter(shipment=shipment).exists()


def test_files_that_are_not_spreadsheets_answer_in_the_error_shape(tenants, shipment):
    response = Client().post(
        f"{API}/{shipment.pk}/import",
        {"file": upload(b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "x.xlsx")},
        **with_key(tenants.api_key()),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "FILE_NOT_SPREADSHEET"


def test_an_upload_over_the_limit_is_refused_by_its_size(tenants, shipment):
    response = Client().post(
        f"{API}/{shipment.pk}/import",
        {"file": upload(b"a" * (MAX_UPLOAD_BYTES + 1))},
        **with_key(tenants.api_key()),
    )
    assert response.status_code == 413
    assert response.json()["errors"][0]["code"] == "FILE_TOO_LARGE"


def test_the_preview_shows_the_header_the_mapping_and_the_first_rows(tenants, shipment):
    rows = "Packing list\n" + GOOD_CSV.decode() + "3,Bolts,731815,1,PCS,1,1,1,1,1,0|0|x|y\n" * 30
    response = Client().post(
        f"{API}/{shipment.pk}/import/preview",
        {"file": upload(rows.encode())},
        **with_key(tenants.api_key()),
    )
    assert response.status_code == 200
    body = response.json()
    assert body["header_row_number"] == 2
    assert body["headers"][2] == "HS code"
    assert body["suggested_mapping"]["hs_code"] == "HS code"
    assert len(body["rows"]) == 20
    assert body["row_count"] == 32
    assert not GoodsLine.objects.filter(shipment=shipment).exists()


def test_a_named_template_maps_the_import(tenants, shipment):
    client = tenants.client_for(tenants.owner)
    response = client.post(
        f"{API}/import-templates",
        {"name": "Our ERP", "mapping": {"hs_code": "Tarif", "description_en": "Ware"}},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    data = b"Ware;Tarif\nPumpe;8413.70\n"
    response = client.post(
        f"{API}/{shipment.pk}/import", {"file": upload(data), "template": "Our ERP"}
    )
    assert response.status_code == 200, response.content
    assert GoodsLine.objects.get(shipment=shipment).hs_code == "841370"
    listed = client.get(f"{API}/import-templates").json()
    assert [t["name"] for t in listed] == ["Our ERP"]


def test_an_unknown_template_name_is_refused(tenants, shipment):
    response = Client().post(
        f"{API}/{shipment.pk}/import",
        {"file": upload(), "template": "nope"},
        **with_key(tenants.api_key()),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["path"] == "template"


def test_the_export_is_an_xlsx_of_the_lines(tenants, shipment):
    key = tenants.api_key()
    Client().post(f"{API}/{shipment.pk}/import", {"file": upload()}, **with_key(key))
    response = Client().get(f"{API}/{shipment.pk}/export.xlsx", **with_key(key))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert "cc-api-1-goods-lines.xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=4).value == "854143"


# --- tenancy -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/import"),
        ("post", "/import/preview"),
        ("get", "/export.xlsx"),
    ],
)
def test_the_stranger_gets_404_from_every_import_endpoint(tenants, shipment, method, path):
    key = tenants.api_key(tenants.stranger)
    call = getattr(Client(), method)
    data = {"file": upload()} if method == "post" else None
    response = call(f"{API}/{shipment.pk}{path}", data, **with_key(key))
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "NOT_FOUND"


def test_the_stranger_does_not_see_the_owners_templates(tenants):
    ImportTemplate.objects.create(organization=tenants.org, name="Ours", mapping={})
    response = Client().get(
        f"{API}/import-templates", **with_key(tenants.api_key(tenants.stranger))
    )
    assert response.json() == []


def test_a_read_only_key_and_the_read_only_colleague_get_403_on_import(tenants, shipment):
    read_only = with_key(tenants.api_key(access="read_only"))
    for client, extra in (
        (Client(), read_only),
        (tenants.client_for(tenants.colleague), {}),
    ):
        response = client.post(f"{API}/{shipment.pk}/import", {"file": upload()}, **extra)
        assert response.status_code == 403
        assert response.json()["errors"][0]["code"] == "PERMISSION_DENIED"
    assert not GoodsLine.objects.filter(shipment=shipment).exists()
    response = Client().get(f"{API}/{shipment.pk}/export.xlsx", **read_only)
    assert response.status_code == 200
