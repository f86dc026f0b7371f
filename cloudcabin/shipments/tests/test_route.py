"""The planned route is the shipment's journey record: planned, kept, re-planned, dropped."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cloudcabin.errors import ProblemError
from cloudcabin.network.loading import load_network_data
from cloudcabin.shipments import services
from cloudcabin.shipments.models import Shipment
from conftest import Tenants

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipment(tenants: Tenants) -> Shipment:
    load_network_data(force=True)
    return services.create_shipment(
        actor=tenants.actor(tenants.owner),
        origin_locode="CNXIA",
        destination_locode="DEDUI",
        border_crossings=["CNAKL", "BYBQT"],
    )


def plan(tenants: Tenants, shipment: Shipment) -> Shipment:
    return services.plan_shipment_route(actor=tenants.actor(tenants.owner), shipment_id=shipment.pk)


def test_planning_stores_the_route_and_derives_the_border_crossings(tenants, shipment):
    planned = plan(tenants, shipment)

    assert [n["locode"] for n in planned.route_option["nodes"]][2:6] == [
        "CNAKL",
        "KZDOS",
        "BYBQT",
        "PLMAA",
    ]
    assert planned.border_crossings == ["CNAKL", "KZDOS", "BYBQT", "PLMAA"]
    assert planned.route_kind == "rail"


def test_hand_typed_crossings_are_refused_while_a_route_is_planned(tenants, shipment):
    plan(tenants, shipment)

    with pytest.raises(ProblemError) as refused:
        services.update_shipment(
            actor=tenants.actor(tenants.owner), shipment_id=shipment.pk, border_crossings=["CNAKL"]
        )

    assert refused.value.problems[0].code == "ROUTE_CROSSINGS_DERIVED"
    assert refused.value.status == 409
    shipment.refresh_from_db()
    assert shipment.border_crossings == ["CNAKL", "KZDOS", "BYBQT", "PLMAA"]


def test_changing_the_destination_plans_the_route_again(tenants, shipment):
    plan(tenants, shipment)

    moved = services.update_shipment(
        actor=tenants.actor(tenants.owner), shipment_id=shipment.pk, destination_locode="KZALA"
    )

    assert moved.route_option["nodes"][-1]["locode"] == "KZALA"
    assert "BYBQT" not in moved.border_crossings and "PLMAA" not in moved.border_crossings


def test_an_alias_of_the_origin_keeps_the_hubs_route(tenants, shipment):
    planned = plan(tenants, shipment)

    kept = services.update_shipment(
        actor=tenants.actor(tenants.owner), shipment_id=shipment.pk, origin_locode="CNXAG"
    )

    assert kept.route_option == planned.route_option


def test_a_destination_off_the_network_drops_the_route_and_keeps_the_crossings(tenants, shipment):
    plan(tenants, shipment)

    moved = services.update_shipment(
        actor=tenants.actor(tenants.owner), shipment_id=shipment.pk, destination_locode=""
    )

    assert moved.route_option == {}
    assert moved.border_crossings == ["CNAKL", "KZDOS", "BYBQT", "PLMAA"]


def test_planning_without_a_destination_names_the_field(tenants, shipment):
    services.update_shipment(
        actor=tenants.actor(tenants.owner), shipment_id=shipment.pk, destination_locode=""
    )

    with pytest.raises(ProblemError) as refused:
        plan(tenants, shipment)

    assert [(p.code, p.path) for p in refused.value.problems] == [
        ("REQUIRED", "destination_locode")
    ]


def test_the_api_plans_and_drops_the_route(tenants, shipment):
    client = tenants.client_for(tenants.owner)
    url = f"/api/v1/shipments/{shipment.pk}/route"

    planned = client.post(url, {"objective": "fastest"}, content_type="application/json")
    assert planned.status_code == 200
    assert planned.json()["border_crossings"] == ["CNAKL", "KZDOS", "BYBQT", "PLMAA"]
    assert planned.json()["route_option"]["nodes"][0]["locode"] == "CNXIA"

    refused = client.patch(
        f"/api/v1/shipments/{shipment.pk}",
        {"border_crossings": ["CNAKL"]},
        content_type="application/json",
    )
    assert refused.status_code == 409
    assert refused.json()["errors"][0]["code"] == "ROUTE_CROSSINGS_DERIVED"

    dropped = client.delete(url)
    assert dropped.status_code == 200 and dropped.json()["route_option"] == {}


def test_the_read_only_colleague_and_the_stranger_cannot_plan_a_route(tenants, shipment):
    url = f"/api/v1/shipments/{shipment.pk}/route"

    for user, status in ((tenants.colleague, 403), (tenants.stranger, 404)):
        response = tenants.client_for(user).post(url, {}, content_type="application/json")
        assert response.status_code == status
    page = reverse("shipments:route", args=[shipment.pk])
    assert tenants.client_for(tenants.stranger).post(page).status_code == 404
    shipment.refresh_from_db()
    assert shipment.route_option == {}


def test_the_shipment_page_plans_the_route_and_shows_what_it_derives(tenants, shipment):
    client = tenants.client_for(tenants.owner)
    detail = reverse("shipments:detail", args=[shipment.pk])
    assert "Plan the route" in client.get(detail).content.decode()

    response = client.post(reverse("shipments:route", args=[shipment.pk]), {"action": "plan"})

    assert response.status_code == 302 and response["Location"].endswith("#route")
    page = client.get(detail).content.decode()
    assert "CN → KZ → RU → BY → PL → DE" in page
    assert "Małaszewicze" in page and "<svg" in page
    # The derived crossings are shown read-only in the header form.
    assert 'name="border_crossings"' in page and "disabled" in page

    client.post(reverse("shipments:route", args=[shipment.pk]), {"action": "clear"})
    shipment.refresh_from_db()
    assert shipment.route_option == {}
