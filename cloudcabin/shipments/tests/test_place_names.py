"""A shipment's place fields take a UN/LOCODE or a place's name in any script, on the page
and in the API, and store the UN/LOCODE."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cloudcabin.errors import ProblemError
from cloudcabin.network.loading import load_network_data
from cloudcabin.reference.tests.conftest import reference_data, reference_subset_dir  # noqa: F401
from cloudcabin.shipments import services
from cloudcabin.shipments.forms import ShipmentForm
from cloudcabin.shipments.models import Shipment
from conftest import Tenants

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]
API = "/api/v1/shipments"
JSON = "application/json"
CURLY = "Xi\u2019an"


@pytest.fixture
def shipment(tenants: Tenants) -> Shipment:
    load_network_data(force=True)
    return services.create_shipment(actor=tenants.actor(tenants.owner), reference="CC-ZH-1")


def _header(shipment: Shipment, **changes: str) -> dict[str, str]:
    data = {
        key: "" if value is None else str(value)
        for key, value in ShipmentForm.initial_for(shipment).items()
    }
    return {**data, **changes}


def test_the_page_stores_chinese_place_names_as_their_un_locodes(tenants, shipment):
    owner = tenants.client_for(tenants.owner)
    url = reverse("shipments:detail", args=[shipment.pk])

    response = owner.post(
        url,
        _header(
            shipment,
            origin_locode="西安",
            loading_locode="西安",
            destination_locode="杜伊斯堡",
            incoterm_place_locode="Duisburg",
        ),
    )

    assert response.status_code == 302
    shipment.refresh_from_db()
    assert (shipment.origin_locode, shipment.loading_locode) == ("CNXIA", "CNXIA")
    assert shipment.destination_locode == "DEDUI"
    assert shipment.incoterm_place_locode == "DEDUI"


def test_an_unknown_place_name_is_shown_beside_its_field_and_nothing_is_saved(tenants, shipment):
    owner = tenants.client_for(tenants.owner)
    url = reverse("shipments:detail", args=[shipment.pk])

    response = owner.post(url, _header(shipment, origin_locode="西安", destination_locode="火星城"))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-field="destination_locode"' in html and "火星城" in html
    shipment.refresh_from_db()
    assert shipment.origin_locode == "" and shipment.destination_locode == ""


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("西安", "CNXIA"),
        ("Xian", "CNXIA"),
        (CURLY, "CNXIA"),
        ("杜伊斯堡", "DEDUI"),
        ("Lodz", "PLLOD"),
        ("de dui", "DEDUI"),
        ("DEDUI", "DEDUI"),
    ],
)
def test_the_api_stores_a_place_typed_any_way_as_its_un_locode(tenants, typed, stored):
    owner = tenants.client_for(tenants.owner)
    load_network_data(force=True)

    created = owner.post(
        API, {"reference": "CC-ZH-API", "destination_locode": typed}, content_type=JSON
    )

    assert created.status_code == 201, created.content
    assert created.json()["destination_locode"] == stored


def test_the_api_refuses_a_place_name_nobody_knows(tenants, shipment):
    owner = tenants.client_for(tenants.owner)

    response = owner.patch(
        f"{API}/{shipment.pk}", {"origin_locode": "Atlantis City"}, content_type=JSON
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "PLACE_UNKNOWN"
    assert response.json()["errors"][0]["path"] == "origin_locode"


def test_a_well_formed_code_nobody_knows_is_kept_for_the_checks_to_report(tenants, shipment):
    changed = services.update_shipment(
        actor=tenants.actor(tenants.owner), shipment_id=shipment.pk, origin_locode="zzqqq"
    )

    assert changed.origin_locode == "ZZQQQ"


def test_a_place_name_never_reaches_the_database_unresolved(tenants, shipment):
    with pytest.raises(ProblemError) as refused:
        services.update_shipment(
            actor=tenants.actor(tenants.owner), shipment_id=shipment.pk, loading_locode="杜伊"
        )

    assert refused.value.problems[0].code == "PLACE_UNKNOWN"
