"""The origin page and API: entering a line's criterion and bill of materials by hand."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cloudcabin.accounts.models import User
from cloudcabin.documents.models import MaterialLine, OriginLine
from cloudcabin.documents.origin.services import save_origin
from cloudcabin.shipments.models import GoodsLine, Shipment
from conftest import Tenants

BASE = "/api/v1/documents"

# Line 1 is HS 854143, 59 830.00 USD under FCA, so FOB = 59 830.00.
# Non-originating cells 20 000.00: build-down (59 830 - 20 000) / 59 830 = 66.57 %;
# originating frame 5 000.00: build-up 5 000 / 59 830 = 8.35 %. The cells share heading
# 8541 (CTH fails) but not subheading 854143 (CTSH passes).
CELLS = {"description": "Solar cells", "hs_code": "854142", "value": "20000.00"}
FRAME = {
    "description": "Aluminium frame",
    "hs_code": "761610",
    "origin_country": "CN",
    "value": "5000.00",
    "originating": True,
}


def _row(prefix: str, index: int, material: dict[str, Any]) -> dict[str, str]:
    row = {
        f"{prefix}-{index}-{name}": str(material.get(name, ""))
        for name in ("description", "hs_code", "origin_country", "value", "currency")
    }
    if material.get("originating"):
        row[f"{prefix}-{index}-originating"] = "on"
    return row


def _post_data(line_no: int, criterion: str, materials: list[dict[str, Any]]) -> dict[str, str]:
    prefix = f"line{line_no}-materials"
    data = {
        "line_no": str(line_no),
        f"line{line_no}-criterion": criterion,
        f"line{line_no}-rvc_method": "build_down",
        f"line{line_no}-fob_value": "",
        f"line{line_no}-direct_costs": "",
        f"{prefix}-TOTAL_FORMS": str(len(materials) + 1),
        f"{prefix}-INITIAL_FORMS": "0",
    }
    for index, material in enumerate([*materials, {}]):  # a trailing blank row is ignored
        data.update(_row(prefix, index, material))
    return data


def _api(tenants: Tenants, user: User, access: str = "read_write") -> Client:
    return Client(headers={"X-API-Key": tenants.api_key(user, access)})


def _page_url(shipment: Shipment) -> str:
    return reverse("documents:origin", args=[shipment.pk])


def test_the_documents_page_links_to_the_origin_page(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    response = tenants.client_for(tenants.owner).get(
        reverse("documents:shipment", args=[demo_shipment.pk])
    )
    assert _page_url(demo_shipment) in response.content.decode()


def test_the_owner_enters_a_criterion_and_materials_on_the_page_and_sees_the_rvc(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    client = tenants.client_for(tenants.owner)
    empty = client.get(_page_url(demo_shipment))
    assert empty.status_code == 200
    assert empty.content.decode().count('data-testid="origin-line"') == 2

    response = client.post(_page_url(demo_shipment), _post_data(1, "RVC40", [CELLS, FRAME]))
    assert response.status_code == 302

    origin = OriginLine.objects.get(shipment=demo_shipment, line_no=1)
    assert origin.criterion == "RVC40"
    assert origin.rvc_percent == Decimal("66.57")
    assert origin.criterion_is_met is True
    assert list(origin.materials.values_list("hs_code", "value", "originating")) == [
        ("854142", Decimal("20000.00"), False),
        ("761610", Decimal("5000.00"), True),
    ]
    page = client.get(_page_url(demo_shipment)).content.decode()
    assert "66.57 %" in page
    assert "8.35 %" in page
    assert 'value="Solar cells"' in page  # the saved rows come back for editing


def test_the_page_names_each_lines_product_specific_rule_or_says_none_is_on_file(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    GoodsLine.objects.filter(shipment=demo_shipment, line_no=2).update(hs_code="940330")
    page = tenants.client_for(tenants.owner).get(_page_url(demo_shipment)).content.decode()
    # Line 1, PV modules 8541.43: no Annex 3A row read; line 2 re-coded to chapter 94.
    assert "none on file for this HS code" in page
    assert "<strong>CTH or RVC40</strong>" in page
    assert "page212.html" in page


def test_a_bad_material_shows_its_errors_beside_the_fields_and_saves_nothing(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    bad = {"description": "Glass", "hs_code": "85", "value": "abc"}
    response = tenants.client_for(tenants.owner).post(
        _page_url(demo_shipment), _post_data(1, "RVC40", [CELLS, bad])
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert 'data-field="line1-materials-1-hs_code"' in page
    assert 'data-field="line1-materials-1-value"' in page
    assert "is not an HS code for a material" in page
    assert "is not a value" in page
    assert not OriginLine.objects.exists()
    assert not MaterialLine.objects.exists()


def test_an_unknown_criterion_is_shown_beside_the_criterion(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    data = _post_data(2, "XYZ", [])
    response = tenants.client_for(tenants.owner).post(_page_url(demo_shipment), data)
    # The select refuses it before the service sees it.
    assert response.status_code == 400
    assert 'data-field="criterion"' in response.content.decode()
    assert not OriginLine.objects.exists()


def test_the_read_only_colleague_sees_the_page_without_a_save_button_and_cannot_post(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    client = tenants.client_for(tenants.colleague)
    page = client.get(_page_url(demo_shipment))
    assert page.status_code == 200
    assert 'data-testid="save-origin"' not in page.content.decode()
    response = client.post(_page_url(demo_shipment), _post_data(1, "RVC40", [CELLS]))
    assert response.status_code == 403
    assert not OriginLine.objects.exists()


def test_the_stranger_gets_a_404_from_the_page_and_the_api(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    page = tenants.client_for(tenants.stranger)
    assert page.get(_page_url(demo_shipment)).status_code == 404
    assert page.post(_page_url(demo_shipment), _post_data(1, "RVC40", [CELLS])).status_code == 404
    api = _api(tenants, tenants.stranger)
    assert api.get(f"{BASE}/shipments/{demo_shipment.pk}/origin").status_code == 404
    put = api.put(
        f"{BASE}/shipments/{demo_shipment.pk}/origin/lines/1",
        {"criterion": "RVC40", "materials": [CELLS]},
        content_type="application/json",
    )
    assert put.status_code == 404
    assert not OriginLine.objects.exists()


def test_the_owner_puts_a_line_through_the_api_and_reads_the_rvc_back(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    client = _api(tenants, tenants.owner)
    response = client.put(
        f"{BASE}/shipments/{demo_shipment.pk}/origin/lines/1",
        {"criterion": "CTSH", "materials": [CELLS, FRAME]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["criterion"] == "CTSH"
    assert body["result"]["rvc_build_down"] == "66.57"
    assert body["result"]["rvc_build_up"] == "8.35"
    assert "CTH" not in body["result"]["met"]
    assert body["result"]["claimed_is_met"] is True

    lines = client.get(f"{BASE}/shipments/{demo_shipment.pk}/origin").json()
    assert [line["line_no"] for line in lines] == [1, 2]
    assert [m["hs_code"] for m in lines[0]["materials"]] == ["854142", "761610"]
    assert lines[0]["result"]["rvc"] == "66.57"
    assert lines[1]["entered"] is False and lines[1]["result"] is None


def test_the_api_names_the_bad_material_field_and_saves_nothing(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    client = _api(tenants, tenants.owner)
    save_origin(
        actor=tenants.actor(tenants.owner),
        shipment_id=demo_shipment.pk,
        line_no=1,
        criterion="RVC40",
        materials=[CELLS],
    )
    url = f"{BASE}/shipments/{demo_shipment.pk}/origin/lines/1"
    bad_hs = {**CELLS, "hs_code": "85"}
    response = client.put(
        url,
        {"criterion": "CC", "materials": [FRAME, CELLS, bad_hs]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert [e["path"] for e in response.json()["errors"]] == ["materials[2].hs_code"]

    bad_value = {**CELLS, "value": "abc"}
    response = client.put(url, {"materials": [bad_value]}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["path"] == "materials[0].value"

    origin = OriginLine.objects.get()
    assert origin.criterion == "RVC40"  # the earlier save stands, untouched
    assert list(origin.materials.values_list("hs_code", flat=True)) == ["854142"]


@pytest.mark.parametrize("caller", ["colleague_session", "owner_read_key"])
def test_a_read_only_caller_gets_a_403_from_the_put(
    tenants: Tenants, demo_shipment: Shipment, caller: str
) -> None:
    # Only owners create keys: the colleague calls with the browser session.
    if caller == "colleague_session":
        client = tenants.client_for(tenants.colleague)
    else:
        client = _api(tenants, tenants.owner, "read_only")
    assert client.get(f"{BASE}/shipments/{demo_shipment.pk}/origin").status_code == 200
    response = client.put(
        f"{BASE}/shipments/{demo_shipment.pk}/origin/lines/1",
        {"criterion": "RVC40", "materials": [CELLS]},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not OriginLine.objects.exists()


@pytest.mark.parametrize("model", ["originline", "documentpack", "documentevent"])
def test_the_admin_changelists_load_for_a_superuser(
    tenants: Tenants, demo_shipment: Shipment, model: str
) -> None:
    save_origin(
        actor=tenants.actor(tenants.owner),
        shipment_id=demo_shipment.pk,
        line_no=1,
        criterion="RVC40",
        materials=[CELLS],
    )
    admin = User.objects.create_superuser("root@operator.example", "pw-not-used-4-tests")
    client = Client()
    client.force_login(admin)
    response = client.get(reverse(f"admin:documents_{model}_changelist"), {"q": "CC-DOC"})
    assert response.status_code == 200
    if model == "originline":
        origin = OriginLine.objects.get()
        change = client.get(reverse("admin:documents_originline_change", args=[origin.pk]))
        assert change.status_code == 200
        assert "854142" in change.content.decode()
