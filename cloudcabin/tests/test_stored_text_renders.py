"""Rows already stored with a character a document cannot hold (written before the field
rules, or around the services) block or fail as findings: never a 500, for no one."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from cloudcabin.bookings import services as booking_services
from cloudcabin.bookings.tests.conftest import make_container_types, make_departure, make_service
from cloudcabin.documents.kinds import KINDS
from cloudcabin.documents.tests.conftest import make_demo_shipment
from cloudcabin.reference.tests.conftest import reference_data, reference_subset_dir  # noqa: F401
from cloudcabin.shipments.models import GoodsLine, Party, Shipment
from conftest import Tenants

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]
API = "/api/v1"
JSON = "application/json"

# A row written around the rules (an old row, a raw SQL fix): ESC, as PostgreSQL stores
# every control character but NUL, which it refuses outright.
STORED_CONTROL = "\x1b"


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def shipment(tenants: Tenants, media: Path) -> Shipment:
    return make_demo_shipment(tenants)


def _codes(response: Any) -> list[tuple[str, str]]:
    return [(e["code"], e["path"]) for e in response.json()["errors"]]


def test_a_stored_control_character_blocks_issue_as_a_finding_naming_the_field(
    tenants: Tenants, shipment: Shipment
) -> None:
    line = GoodsLine.objects.filter(shipment=shipment, line_no=1)
    line.update(description_en=f"a{STORED_CONTROL}b")
    client = tenants.client_for(tenants.owner)
    checks = client.get(f"{API}/shipments/{shipment.pk}/checks").json()["findings"]
    assert ("TEXT_CONTROL_CHARACTER", "lines[0].description_en") in [
        (f["code"], f["path"]) for f in checks
    ]
    issued = client.post(f"{API}/documents/shipments/{shipment.pk}/issue")
    assert issued.status_code == 409
    assert ("TEXT_CONTROL_CHARACTER", "lines[0].description_en") in _codes(issued)
    page = client.post(f"/documents/shipments/{shipment.pk}/issue/")
    assert page.status_code == 409


def test_previewing_and_exporting_stored_control_characters_answers_findings_not_500(
    tenants: Tenants, shipment: Shipment
) -> None:
    lines = GoodsLine.objects.filter(shipment=shipment)
    lines.update(description_en=f"a{STORED_CONTROL}b", marks="M\x0b")
    client = tenants.client_for(tenants.owner)
    preview = client.post(f"{API}/documents/shipments/{shipment.pk}/preview")
    assert preview.status_code == 200
    assert "RENDER_FAILED" in [f["code"] for f in preview.json()["findings"]]
    statuses = set()
    for spec in KINDS:
        for fmt in spec.formats:
            url = f"{API}/documents/shipments/{shipment.pk}/preview/{spec.kind}.{fmt}"
            response = client.get(url)
            statuses.add(response.status_code)
            assert response.status_code in (200, 404, 409), (url, response.status_code)
            if response.status_code == 409:
                assert _codes(response)[0][0] == "RENDER_FAILED"
            page = client.get(f"/documents/shipments/{shipment.pk}/preview/{spec.kind}.{fmt}")
            assert page.status_code in (200, 404, 409), (url, page.status_code)
    assert 409 in statuses
    exported = client.get(f"{API}/shipments/{shipment.pk}/export.xlsx")
    assert exported.status_code == 409 and _codes(exported)[0][0] == "RENDER_FAILED"
    page = client.get(f"/shipments/{shipment.pk}/export.xlsx")
    assert page.status_code == 302


def test_a_party_named_with_a_control_character_does_not_take_the_train_manifest_down(
    tenants: Tenants, shipment: Shipment
) -> None:
    make_container_types()
    service = make_service(destination_id="PLLOD", capacity_teu=Decimal("80"))
    departure = make_departure(service, days=10, capacity="80")
    booking_services.book_slots(
        actor=tenants.actor(tenants.owner), shipment_id=shipment.pk, departure_id=departure.pk
    )
    assert shipment.consignor_id is not None
    Party.objects.filter(pk=shipment.consignor_id).update(name_latin=f"Esc{STORED_CONTROL}X")
    agent = tenants.client_for(tenants.agent)
    for extension in ("xml", "xlsx"):
        url = f"{API}/bookings/departures/{departure.pk}/manifest.{extension}"
        response = agent.get(url)
        assert response.status_code == 409, (url, response.content[:300])
        assert _codes(response)[0][0] == "RENDER_FAILED"
        page = agent.get(f"/bookings/agent/departures/{departure.pk}/manifest.{extension}")
        assert page.status_code == 302
    assert agent.get(f"/bookings/agent/departures/{departure.pk}/manifest/").status_code == 200
