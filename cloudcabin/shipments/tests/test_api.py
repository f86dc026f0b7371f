from __future__ import annotations

import pytest
from django.test import Client

from cloudcabin.reference.tests.conftest import reference_data, reference_subset_dir  # noqa: F401
from cloudcabin.shipments import services
from cloudcabin.shipments.models import GoodsLine, Shipment, ShipmentEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]
API = "/api/v1/shipments"
JSON = "application/json"

LINE = {
    "description_zh": "光伏组件",
    "description_en": "Photovoltaic modules",
    "hs_code": "854143",
    "national_code": "85414300",
    "brand_type": "1",
    "export_preference": "0",
    "declared_elements": "1|0|光伏组件|550W",
    "quantity": "600",
    "unit": "H87",
    "net_kg": "16800",
    "gross_kg": "18000",
    "packages": 20,
    "unit_price": "95.50",
    "amount": "57300.00",
    "origin_country": "CN",
}


@pytest.fixture
def owner(tenants):
    return tenants.client_for(tenants.owner)


@pytest.fixture
def shipment(tenants):
    actor = tenants.actor(tenants.owner)
    consignor = services.save_party(
        actor=actor, name_latin="Xi'an Silk Road", country="CN", uscc="91610131MA6U0EXA04"
    )
    consignee = services.save_party(
        actor=actor, name_latin="Duisburg Import GmbH", country="DE", eori="DE4567890123456"
    )
    created = services.create_shipment(
        actor=actor,
        reference="CC-API-1",
        incoterm="FCA",
        incoterm_place_locode="CNXIA",
        origin_locode="CNXIA",
        destination_locode="DEDUI",
        parties={"consignor": consignor.pk, "consignee": consignee.pk},
    )
    services.save_line(actor=actor, shipment_id=created.pk, **{k: v for k, v in LINE.items()})
    return created


def test_a_shipment_is_created_read_and_listed(owner):
    response = owner.post(API, {"reference": "CC-NEW", "incoterm": "CPT"}, content_type=JSON)
    assert response.status_code == 201
    body = response.json()
    assert body["reference"] == "CC-NEW" and body["transaction_mode"] == "2"
    assert owner.get(f"{API}/{body['id']}").json()["incoterm"] == "CPT"
    assert [s["reference"] for s in owner.get(API).json()] == ["CC-NEW"]


def test_a_reference_is_generated_when_none_is_given(owner):
    body = owner.post(API, {}, content_type=JSON).json()
    assert body["reference"].startswith("CC-")


def test_a_duplicate_reference_is_a_409(owner, shipment):
    response = owner.post(API, {"reference": "CC-API-1"}, content_type=JSON)
    assert response.status_code == 409
    assert response.json()["errors"][0]["path"] == "reference"


def test_lines_are_added_changed_and_deleted(owner, shipment):
    added = owner.post(
        f"{API}/{shipment.pk}/lines", LINE | {"hs_code": "870899"}, content_type=JSON
    )
    assert added.status_code == 201 and added.json()["line_no"] == 2
    line_id = added.json()["id"]
    patched = owner.patch(
        f"{API}/{shipment.pk}/lines/{line_id}", {"packages": 5}, content_type=JSON
    )
    assert patched.json()["packages"] == 5 and patched.json()["hs_code"] == "870899"
    assert owner.delete(f"{API}/{shipment.pk}/lines/{line_id}").status_code == 204
    assert GoodsLine.objects.filter(shipment=shipment).count() == 1


def test_a_line_after_one_numbered_at_the_limit_needs_its_number_given(owner, shipment):
    """Numbering on from 2,147,483,647 would overflow the column (a 500 on PostgreSQL)."""
    last = owner.post(
        f"{API}/{shipment.pk}/lines", LINE | {"line_no": 2**31 - 1}, content_type=JSON
    )
    assert last.status_code == 201
    response = owner.post(f"{API}/{shipment.pk}/lines", LINE, content_type=JSON)
    assert response.status_code == 422
    assert response.json()["errors"][0]["path"] == "line_no"
    assert GoodsLine.objects.filter(shipment=shipment).count() == 2
    given = owner.post(f"{API}/{shipment.pk}/lines", LINE | {"line_no": 3}, content_type=JSON)
    assert given.status_code == 201


def test_a_malformed_number_is_a_422_naming_the_field_and_saves_nothing(owner, shipment):
    response = owner.post(
        f"{API}/{shipment.pk}/lines", LINE | {"net_kg": "12,5kg"}, content_type=JSON
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["path"] == "net_kg"
    assert GoodsLine.objects.filter(shipment=shipment).count() == 1


def test_too_many_decimals_on_an_amount_are_refused(owner, shipment):
    response = owner.post(
        f"{API}/{shipment.pk}/lines", LINE | {"amount": "1.001"}, content_type=JSON
    )
    assert response.status_code == 422 and response.json()["errors"][0]["path"] == "amount"


def test_checks_report_findings_with_paths_and_the_clean_shipment_has_none(owner, shipment):
    checks = owner.get(f"{API}/{shipment.pk}/checks").json()
    assert checks == {"errors": 0, "warnings": 0, "findings": []}
    line = GoodsLine.objects.get(shipment=shipment)
    owner.patch(f"{API}/{shipment.pk}/lines/{line.pk}", {"net_kg": "20000"}, content_type=JSON)
    checks = owner.get(f"{API}/{shipment.pk}/checks").json()
    assert checks["errors"] == 1
    assert checks["findings"][0] | {"message": ""} == {
        "code": "NET_GT_GROSS",
        "severity": "error",
        "path": "lines[0].net_kg",
        "message": "",
    }


def test_containers_and_stowage_feed_the_checks(owner, shipment):
    container = owner.post(
        f"{API}/{shipment.pk}/containers",
        {"number": "CSQU3054384", "size_type": "45G1", "seals": ["CN1"]},
        content_type=JSON,
    ).json()
    codes = [f["code"] for f in owner.get(f"{API}/{shipment.pk}/checks").json()["findings"]]
    assert codes == ["CONTAINER_CHECK_DIGIT", "PACKAGES_NOT_STOWED"]
    owner.patch(
        f"{API}/{shipment.pk}/containers/{container['id']}",
        {"number": "CSQU3054383"},
        content_type=JSON,
    )
    line = GoodsLine.objects.get(shipment=shipment)
    stowed = owner.put(
        f"{API}/{shipment.pk}/containers/{container['id']}/stowage/{line.pk}",
        {"packages": 20},
        content_type=JSON,
    )
    assert stowed.status_code == 204
    assert owner.get(f"{API}/{shipment.pk}/checks").json()["findings"] == []
    assert owner.get(f"{API}/{shipment.pk}").json()["stowage"] == [
        {"container": "CSQU3054383", "line_no": 1, "packages": 20}
    ]


def test_a_party_from_another_organization_cannot_be_used(tenants, owner, shipment):
    foreign = services.save_party(
        actor=tenants.actor(tenants.stranger), name_latin="Other", country="DE"
    )
    response = owner.patch(
        f"{API}/{shipment.pk}", {"parties": {"buyer": foreign.pk}}, content_type=JSON
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["path"] == "parties.buyer"


def test_an_edit_after_freezing_starts_a_new_revision_and_the_old_one_stays_readable(
    tenants, owner, shipment
):
    services.freeze_revision(actor=tenants.actor(tenants.owner), shipment_id=shipment.pk)
    response = owner.patch(f"{API}/{shipment.pk}", {"invoice_number": "INV-2"}, content_type=JSON)
    assert response.json()["revision"] == 2 and response.json()["revision_frozen"] is False
    first = owner.get(f"{API}/{shipment.pk}/revisions/1").json()
    assert first["snapshot"]["shipment"]["invoice_number"] == ""
    assert first["snapshot"]["lines"][0]["net_kg"] == "16800.000"
    assert first["snapshot"]["parties"]["consignee"]["eori"] == "DE4567890123456"
    assert ShipmentEvent.objects.filter(shipment=shipment, kind="revision_started").count() == 1


def test_a_shipment_with_a_frozen_revision_cannot_be_deleted(tenants, owner, shipment):
    services.freeze_revision(actor=tenants.actor(tenants.owner), shipment_id=shipment.pk)
    assert owner.delete(f"{API}/{shipment.pk}").status_code == 409
    assert Shipment.objects.filter(pk=shipment.pk).exists()


def test_an_api_key_reads_and_a_read_only_key_cannot_write(tenants, shipment):
    read_only = {"HTTP_X_API_KEY": tenants.api_key(access="read_only")}
    client = Client()
    assert client.get(f"{API}/{shipment.pk}", **read_only).status_code == 200
    response = client.post(f"{API}/{shipment.pk}/lines", LINE, content_type=JSON, **read_only)
    assert response.status_code == 403
    assert GoodsLine.objects.filter(shipment=shipment).count() == 1


def endpoints(shipment):
    line = GoodsLine.objects.get(shipment=shipment)
    base = f"{API}/{shipment.pk}"
    return [
        ("get", base, None),
        ("patch", base, {"invoice_number": "X"}),
        ("delete", base, None),
        ("get", f"{base}/checks", None),
        ("get", f"{base}/lines", None),
        ("post", f"{base}/lines", LINE),
        ("patch", f"{base}/lines/{line.pk}", {"packages": 1}),
        ("delete", f"{base}/lines/{line.pk}", None),
        ("post", f"{base}/containers", {"number": "CSQU3054383"}),
        ("get", f"{base}/revisions", None),
        ("get", f"{base}/revisions/1", None),
    ]


def test_a_stranger_gets_404_from_every_shipment_endpoint(tenants, shipment):
    client = tenants.client_for(tenants.stranger)
    for method, url, body in endpoints(shipment):
        response = getattr(client, method)(url, body, content_type=JSON)
        assert response.status_code == 404, (method, url)
    assert GoodsLine.objects.filter(shipment=shipment).count() == 1
    assert Shipment.objects.get(pk=shipment.pk).invoice_number == ""


def test_the_read_only_colleague_reads_but_cannot_write_anything(tenants, shipment):
    client = tenants.client_for(tenants.colleague)
    for method, url, body in endpoints(shipment):
        response = getattr(client, method)(url, body, content_type=JSON)
        expected = (200, 404) if method == "get" else (403,)
        assert response.status_code in expected, (method, url, response.status_code)
    assert GoodsLine.objects.filter(shipment=shipment).count() == 1
    assert Shipment.objects.filter(pk=shipment.pk).exists()


def test_a_stranger_sees_neither_the_shipment_nor_the_parties_in_lists(tenants, shipment):
    client = tenants.client_for(tenants.stranger)
    assert client.get(API).json() == []
    assert client.get(f"{API}/parties").json() == []


def test_listing_shipments_does_not_query_per_shipment(
    tenants, owner, django_assert_max_num_queries
):
    actor = tenants.actor(tenants.owner)
    for number in range(12):
        created = services.create_shipment(actor=actor, reference=f"CC-L-{number}")
        services.save_line(actor=actor, shipment_id=created.pk, **LINE)
    with django_assert_max_num_queries(4):
        assert len(owner.get(API).json()) == 12


def test_an_offset_past_any_database_integer_is_an_empty_page_not_a_500(tenants):
    client = tenants.client_for(tenants.owner)

    answer = client.get("/api/v1/shipments?offset=8000000000000000000000000000000")

    assert answer.status_code == 200
    assert answer.json() == []
