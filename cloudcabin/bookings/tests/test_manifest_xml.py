"""The departure manifest's XML: written by the one XML writer, refused cleanly when invalid."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from cloudcabin.bookings.exports import NAMESPACE
from cloudcabin.bookings.tests.conftest import make_shipment
from cloudcabin.shipments.models import Container

pytestmark = pytest.mark.django_db
API = "/api/v1/bookings"
JSON = "application/json"


def _book_and_confirm(tenants, schedule) -> None:
    owner = tenants.client_for(tenants.owner)
    shipment = make_shipment(tenants)
    body = {"shipment_id": shipment.pk, "departure_id": schedule.departure.pk}
    assert owner.post(API, body, content_type=JSON).status_code == 201


def test_the_manifest_is_in_its_namespace_without_touching_the_global_prefix_map(
    tenants, schedule
) -> None:
    _book_and_confirm(tenants, schedule)
    agent = tenants.client_for(tenants.agent)
    response = agent.get(f"{API}/departures/{schedule.departure.pk}/manifest.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == f"{{{NAMESPACE}}}DepartureManifest"
    assert root.find(f"{{{NAMESPACE}}}Containers/{{{NAMESPACE}}}Container") is not None
    # ElementTree's prefix map is process-wide: registering the manifest's namespace as
    # the default would change how every other writer prints its elements.
    assert NAMESPACE not in ET._namespace_map  # type: ignore[attr-defined]


def test_a_manifest_that_breaks_its_schema_is_a_clear_409_naming_the_error(
    tenants, schedule
) -> None:
    _book_and_confirm(tenants, schedule)
    # written around the services, which refuse such a number
    box = Container.objects.first()
    assert box is not None
    Container.objects.filter(pk=box.pk).update(number="NOT A BOX")
    agent = tenants.client_for(tenants.agent)
    response = agent.get(f"{API}/departures/{schedule.departure.pk}/manifest.xml")
    assert response.status_code == 409
    (error,) = response.json()["errors"]
    assert error["code"] == "XML_INVALID"
    assert "Number" in error["message"] and "NOT A BOX" in error["message"]
