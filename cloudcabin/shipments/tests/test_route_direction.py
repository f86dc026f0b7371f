"""The direction follows the planned route: out of China an export, into China an import."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from cloudcabin.errors import ProblemError
from cloudcabin.network.loading import load_network_data
from cloudcabin.network.services import QuoteSearch, save_quote
from cloudcabin.shipments import services
from cloudcabin.shipments.forms import ShipmentForm
from cloudcabin.shipments.models import Direction, Shipment
from conftest import Tenants

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def network(db: None) -> None:
    load_network_data(force=True)


def planned(tenants: Tenants, origin: str, destination: str, direction: str) -> Shipment:
    actor = tenants.actor(tenants.owner)
    shipment = services.create_shipment(
        actor=actor, origin_locode=origin, destination_locode=destination, direction=direction
    )
    return services.plan_shipment_route(actor=actor, shipment_id=shipment.pk)


def test_the_route_search_finds_a_hamburg_to_xian_train_through_alashankou(client):
    response = client.post(
        "/api/v1/network/routes/search",
        json.dumps({"origin": "DEHAM", "destination": "CNXIA", "container_count": 1}),
        content_type="application/json",
    )

    assert response.status_code == 200
    nodes = [node["locode"] for node in response.json()["options"][0]["nodes"]]
    assert nodes[0] == "DEHAM" and nodes[-1] == "CNXIA"
    assert nodes.index("KZDOS") + 1 == nodes.index("CNAKL")


def test_a_shipment_from_a_hamburg_to_xian_quote_is_an_import(tenants):
    quote = save_quote(
        actor=tenants.actor(tenants.owner),
        search=QuoteSearch(origin="DEHAM", destination="CNXIA", container_count=1),
        rank=1,
    )

    response = tenants.client_for(tenants.owner).post(
        f"/api/v1/shipments/from-quote/{quote.reference}"
    )

    assert response.status_code == 201
    assert response.json()["direction"] == "import"
    assert Shipment.objects.get(quote_reference=quote.reference).direction == Direction.IMPORT


def test_a_route_out_of_china_makes_an_export_whatever_was_typed_before(tenants):
    shipment = planned(tenants, "CNXIA", "DEDUI", direction="import")

    assert shipment.direction == Direction.EXPORT


def test_moving_the_destination_into_china_turns_the_shipment_into_an_import(tenants):
    shipment = planned(tenants, "CNXIA", "DEDUI", direction="export")

    moved = services.update_shipment(
        actor=tenants.actor(tenants.owner),
        shipment_id=shipment.pk,
        origin_locode="DEHAM",
        destination_locode="CNXIA",
    )

    assert moved.route_option["nodes"][-1]["locode"] == "CNXIA"
    assert moved.direction == Direction.IMPORT


def test_a_hand_typed_direction_against_the_route_is_refused_and_nothing_is_saved(tenants):
    shipment = planned(tenants, "DEHAM", "CNXIA", direction="export")

    with pytest.raises(ProblemError) as refused:
        services.update_shipment(
            actor=tenants.actor(tenants.owner),
            shipment_id=shipment.pk,
            direction="export",
            contract_number="HX-1",
        )

    assert [(p.code, p.path) for p in refused.value.problems] == [
        ("ROUTE_DIRECTION_DERIVED", "direction")
    ]
    assert refused.value.status == 409
    shipment.refresh_from_db()
    assert (shipment.direction, shipment.contract_number) == (Direction.IMPORT, "")


def test_the_api_refuses_a_direction_against_the_route_and_accepts_the_same_one(tenants):
    shipment = planned(tenants, "DEHAM", "CNXIA", direction="export")
    client = tenants.client_for(tenants.owner)
    url = f"/api/v1/shipments/{shipment.pk}"

    refused = client.patch(url, {"direction": "export"}, content_type="application/json")
    same = client.patch(url, {"direction": "import"}, content_type="application/json")

    assert refused.status_code == 409
    assert refused.json()["errors"][0]["code"] == "ROUTE_DIRECTION_DERIVED"
    assert same.status_code == 200 and same.json()["direction"] == "import"


def test_the_page_shows_the_derived_direction_read_only_and_keeps_it_on_save(tenants):
    shipment = planned(tenants, "DEHAM", "CNXIA", direction="export")
    client = tenants.client_for(tenants.owner)
    url = reverse("shipments:detail", args=[shipment.pk])

    page = client.get(url).content.decode()
    form = {
        key: "" if value is None else str(value)
        for key, value in ShipmentForm.initial_for(shipment).items()
    }
    saved = client.post(url, form | {"direction": "export", "contract_number": "HX-1"})

    select = page.split('name="direction"')[1].split(">")[0]
    assert "disabled" in select
    assert saved.status_code == 302
    shipment.refresh_from_db()
    assert (shipment.direction, shipment.contract_number) == (Direction.IMPORT, "HX-1")


def test_a_route_that_neither_starts_nor_ends_in_china_leaves_the_direction_to_the_user(tenants):
    shipment = planned(tenants, "DEDUI", "KZALA", direction="import")

    changed = services.update_shipment(
        actor=tenants.actor(tenants.owner), shipment_id=shipment.pk, direction="export"
    )

    assert shipment.route_option["nodes"][-1]["locode"] == "KZALA"
    assert shipment.direction == Direction.IMPORT
    assert changed.direction == Direction.EXPORT


def test_dropping_the_route_keeps_the_direction_and_frees_it(tenants):
    shipment = planned(tenants, "DEHAM", "CNXIA", direction="export")
    actor = tenants.actor(tenants.owner)

    services.clear_shipment_route(actor=actor, shipment_id=shipment.pk)
    kept = Shipment.objects.get(pk=shipment.pk)
    changed = services.update_shipment(actor=actor, shipment_id=shipment.pk, direction="export")

    assert kept.direction == Direction.IMPORT
    assert changed.direction == Direction.EXPORT
