"""The live check panel: findings link to their field, and turn clean after a fix."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cloudcabin.network.loading import load_network_data
from cloudcabin.reference.tests.conftest import reference_data, reference_subset_dir  # noqa: F401
from cloudcabin.shipments import services
from cloudcabin.shipments.models import GoodsLine, Shipment
from cloudcabin.shipments.tests.test_views import LINE_POST, a_shipment
from conftest import Tenants

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]


# What the line needs beyond the invoice facts for the China declaration to be fileable.
DECLARED: dict[str, Any] = {"national_code": "8541430000", "ciq_code": "999", "package_type": "22"}
READY_LINE_POST = LINE_POST | DECLARED


def ready_for_documents(tenants: Tenants, shipment: Shipment) -> Shipment:
    """Alice's shipment completed until every check passes: "ready" for booking and issue."""
    actor = tenants.actor(tenants.owner)
    assert shipment.consignor_id is not None
    services.save_party(
        actor=actor,
        party_id=shipment.consignor_id,
        address_local="陕西省西安市国际港务区",
        customs_code="6101234567",
        city="Xi'an",
    )
    assert shipment.consignee_id is not None
    # The EU entry summary states every party's city.
    services.save_party(actor=actor, party_id=shipment.consignee_id, city="Duisburg")
    broker = services.save_party(
        actor=actor, name_latin="Xi'an Port Brokerage", country="CN", customs_code="6101980XYZ"
    )
    services.update_shipment(
        actor=actor,
        shipment_id=shipment.pk,
        contract_number="SRT-DUI-1",
        consignment_note_number="24680135",
        transport_name="XAJJD20261012007",
        train_number="X8024",
        parties={"declarant": broker.pk},
    )
    # The journey comes from the planned route (Alashankou, Dostyk, Brest, Małaszewicze).
    load_network_data()
    services.plan_shipment_route(actor=actor, shipment_id=shipment.pk)
    line = GoodsLine.objects.get(shipment=shipment)
    services.save_line(actor=actor, shipment_id=shipment.pk, line_id=line.pk, **DECLARED)
    container = shipment.containers.get()
    services.stow(
        actor=actor,
        shipment_id=shipment.pk,
        container_id=container.pk,
        line_id=line.pk,
        packages=20,
    )
    return shipment


@pytest.fixture
def shipment(tenants: Tenants) -> Shipment:
    return ready_for_documents(tenants, a_shipment(tenants))


def test_a_ready_shipment_shows_no_errors(owner: Client, shipment: Shipment) -> None:
    page = owner.get(reverse("shipments:detail", args=[shipment.pk])).content.decode()
    # Warnings may stay (e.g. no freight-station code is known for Xi'an or Duisburg).
    assert "check-panel has-errors" not in page
    assert 'data-testid="check-ok"' in page


def test_a_finding_links_to_its_field_and_the_panel_turns_clean_after_the_fix(
    owner: Client, shipment: Shipment
) -> None:
    line = GoodsLine.objects.get(shipment=shipment)
    url = reverse("shipments:line", args=[shipment.pk, line.pk])

    broken = owner.post(url, READY_LINE_POST | {"net_kg": "18500"}, HTTP_HX_REQUEST="true")
    body = broken.content.decode()
    assert "check-panel has-errors" in body
    assert re.search(r"Line 1: net mass 18500(\.0+)? kg is more than gross mass 18000", body)
    assert re.search(r'<a href="#f-lines-0-net_kg"[^>]*>Line 1: net mass', body)
    assert 'id="f-lines-0-net_kg"' in body and "flag" in body
    page = owner.get(reverse("shipments:detail", args=[shipment.pk])).content.decode()
    # The link names the field; the line's compact row is its anchor until the editor opens.
    assert 'href="#f-lines-0-net_kg"' in page and 'id="f-lines-0"' in page
    assert 'id="f-lines-0-net_kg"' in _editor(owner, shipment)

    fixed = owner.post(url, READY_LINE_POST | {"net_kg": "16800"}, HTTP_HX_REQUEST="true")
    body = fixed.content.decode()
    assert "check-panel has-errors" not in body
    assert 'data-testid="check-ok"' in body
    assert 'hx-swap-oob="true"' in body


def test_header_findings_link_to_the_header_fields(owner: Client, shipment: Shipment) -> None:
    Shipment.objects.filter(pk=shipment.pk).update(incoterm="", consignee=None)
    page = owner.get(reverse("shipments:detail", args=[shipment.pk])).content.decode()
    for anchor in ("f-incoterm", "f-parties-consignee"):
        assert f'href="#{anchor}"' in page
        assert f'id="{anchor}"' in page


def test_the_line_editor_offers_the_10_digit_codes_the_tariff_lists(
    tenants: Tenants, owner: Client, shipment: Shipment
) -> None:
    line = GoodsLine.objects.get(shipment=shipment)
    services.save_line(
        actor=tenants.actor(tenants.owner),
        shipment_id=shipment.pk,
        line_id=line.pk,
        hs_code="870830",
        national_code="87083099",
        ciq_code="",
    )

    page = owner.get(reverse("shipments:detail", args=[shipment.pk])).content.decode()
    editor = _editor(owner, shipment)

    assert 'list="codes-0"' in editor
    for code in ("8708309911", "8708309919", "8708309990"):
        assert f'<option value="{code}">' in editor
    assert 'href="#f-lines-0-national_code"' in page  # "pick the one that fits"


def test_derived_declaration_values_show_greyed_in_their_empty_fields(
    owner: Client, shipment: Shipment
) -> None:
    page = owner.get(reverse("shipments:detail", args=[shipment.pk])).content.decode()
    page += _editor(owner, shipment)

    assert 'placeholder="9404 阿拉山口 · from the route"' in page
    assert 'placeholder="650302 阿拉山口铁路 · from the route"' in page
    assert 'placeholder="61019 西安其他 · from the address"' in page


def _editor(owner: Client, shipment: Shipment) -> str:
    """The first line's editor, as its "Edit" swaps it in."""
    line = GoodsLine.objects.filter(shipment=shipment).order_by("line_no").first()
    assert line is not None
    url = reverse("shipments:line_row", args=[shipment.pk, line.pk]) + "?edit=1"
    return owner.get(url).content.decode()
