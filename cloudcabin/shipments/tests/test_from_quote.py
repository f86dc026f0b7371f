"""A saved quote becomes a draft shipment: places, route and border crossings carried over."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cloudcabin.network.loading import load_network_data
from cloudcabin.network.services import QuoteSearch, save_quote
from cloudcabin.shipments.models import Shipment
from cloudcabin.shipments.services import route_kind_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def quote(tenants):
    load_network_data(force=True)
    search = QuoteSearch(origin="CNXIA", destination="DEDUI", container_count=2)
    return save_quote(actor=tenants.actor(tenants.owner), search=search, rank=1)


def test_a_saved_quote_becomes_a_draft_shipment_with_its_route(tenants, quote):
    client = tenants.client_for(tenants.owner)
    response = client.post(reverse("shipments:from_quote", args=[quote.reference]))
    shipment = Shipment.objects.get(quote_reference=quote.reference)
    assert response["Location"] == reverse("shipments:detail", args=[shipment.pk])
    assert (shipment.origin_locode, shipment.destination_locode) == ("CNXIA", "DEDUI")
    assert shipment.route_option == quote.option
    # Every border station of the route, not only the crossings' exits.
    assert shipment.border_crossings == ["CNAKL", "KZDOS", "BYBQT", "PLMAA"]
    assert shipment.route_kind == "rail"
    page = client.get(reverse("shipments:detail", args=[shipment.pk])).content.decode()
    assert 'id="route"' in page and "<svg" in page


def test_the_api_turns_a_quote_into_a_shipment(tenants, quote):
    response = tenants.client_for(tenants.owner).post(
        f"/api/v1/shipments/from-quote/{quote.reference}"
    )
    assert response.status_code == 201
    assert response.json()["destination_locode"] == "DEDUI"


def test_a_stranger_cannot_use_someone_elses_quote(tenants, quote):
    client = tenants.client_for(tenants.stranger)
    assert client.post(f"/api/v1/shipments/from-quote/{quote.reference}").status_code == 404
    assert client.post(reverse("shipments:from_quote", args=[quote.reference])).status_code == 404
    assert not Shipment.objects.exists()


def test_the_read_only_colleague_cannot_create_a_shipment_from_a_quote(tenants, quote):
    response = tenants.client_for(tenants.colleague).post(
        f"/api/v1/shipments/from-quote/{quote.reference}"
    )
    assert response.status_code == 403 and not Shipment.objects.exists()


@pytest.mark.parametrize(
    ("modes", "kind"),
    [
        (["rail_1435", "rail_1520"], "rail"),
        (["rail_1435", "ferry", "rail_1520"], "sea_rail"),
        (["sea"], "sea"),
        (["rail_1435", "road"], "rail_road"),
        (["road"], "road"),
    ],
)
def test_the_route_kind_follows_the_modes_of_the_legs(modes, kind):
    assert route_kind_for(modes) == kind
