"""Return trains: an import from Hamburg into Xi'an books a seeded eastbound departure
through the API and the page exactly as an export books a westbound one."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from cloudcabin.bookings.models import Booking, BookingStatus, TrainService
from cloudcabin.bookings.tests.conftest import container_number, make_container_types
from cloudcabin.network.loading import load_network_data
from cloudcabin.shipments import services as shipment_services
from cloudcabin.shipments.models import Direction, Shipment
from conftest import Tenants

pytestmark = pytest.mark.django_db
API = "/api/v1/bookings"
JSON = "application/json"


@pytest.fixture
def seeded(db: None) -> None:
    load_network_data(force=True)
    make_container_types()
    call_command("seed_schedules", stdout=StringIO(), stderr=StringIO())


def routed_shipment(tenants: Tenants, origin: str, destination: str) -> Shipment:
    actor = tenants.actor(tenants.owner)
    shipment = shipment_services.create_shipment(
        actor=actor, reference=f"CC-{origin}", origin_locode=origin, destination_locode=destination
    )
    shipment_services.save_container(
        actor=actor,
        shipment_id=shipment.pk,
        number=container_number(401200 + shipment.pk),
        size_type="45G1",
    )
    return shipment_services.plan_shipment_route(actor=actor, shipment_id=shipment.pk)


@pytest.fixture
def hamburg_import(tenants: Tenants, seeded: None) -> Shipment:
    shipment = routed_shipment(tenants, "DEHAM", "CNXIA")
    assert shipment.direction == Direction.IMPORT
    return shipment


def test_the_return_trains_leave_european_stations_in_their_own_time_zone(seeded):
    returns = {
        service.code: service
        for service in TrainService.objects.filter(destination_id="CNXIA").exclude(
            origin__country="CN"
        )
    }

    assert sorted(returns) == ["DUI-XIA", "HAM-XIA", "LOD-XIA"]
    assert {code: s.timezone for code, s in returns.items()} == {
        "DUI-XIA": "Europe/Berlin",
        "HAM-XIA": "Europe/Berlin",
        "LOD-XIA": "Europe/Warsaw",
    }
    assert all(14 <= s.transit_days <= 16 for s in returns.values())
    hamburg = returns["HAM-XIA"]
    departure = hamburg.departures.first()
    assert departure is not None
    local = departure.departs_at.astimezone(ZoneInfo("Europe/Berlin"))
    assert (local.isoweekday(), local.hour) == (4, 16)  # Thursday 16:00 in Hamburg
    # Cut-off 3 working days before, at the departure's local time: the Monday before.
    cutoff = departure.cutoff_at.astimezone(ZoneInfo("Europe/Berlin"))
    assert (cutoff.date(), cutoff.hour) == (local.date() - timedelta(days=3), 16)


def test_an_import_from_hamburg_is_offered_and_books_a_return_departure_by_the_api(
    tenants, hamburg_import
):
    client = tenants.client_for(tenants.owner)

    offered = client.get(f"{API}/departures", {"shipment_id": hamburg_import.pk}).json()
    booked = client.post(
        API,
        {"shipment_id": hamburg_import.pk, "departure_id": offered[0]["id"]},
        content_type=JSON,
    )

    assert offered and {row["service"] for row in offered} == {"HAM-XIA"}
    assert offered[0]["departs_local"][11:16] == "16:00"
    assert booked.status_code == 201, booked.json()
    assert booked.json()["status"] == "confirmed"
    booking = Booking.objects.get()
    assert (booking.shipment_id, booking.departure.service.code) == (hamburg_import.pk, "HAM-XIA")


def test_an_import_from_hamburg_books_a_return_departure_from_the_page(tenants, hamburg_import):
    client = tenants.client_for(tenants.owner)
    departure = (
        TrainService.objects.get(code="HAM-XIA")
        .departures.filter(pk__in=[r["id"] for r in _offered(client, hamburg_import)])
        .first()
    )
    assert departure is not None

    page = client.get(f"/bookings/shipments/{hamburg_import.pk}/").content.decode()
    sent = client.post(
        f"/bookings/shipments/{hamburg_import.pk}/book/",
        {"departure_id": departure.pk, "idempotency_key": "ham-1", "count_45G1": "1"},
    )

    assert "HAM-XIA" in page and "Berlin time (UTC+" in page and "XIA-DUI" not in page
    booking = Booking.objects.get()
    assert sent.url == f"/bookings/{booking.pk}/"
    assert (booking.departure_id, booking.status) == (departure.pk, BookingStatus.CONFIRMED)


def test_a_westbound_departure_is_refused_for_the_import(tenants, hamburg_import):
    westbound = TrainService.objects.get(code="XIA-DUI").departures.first()
    assert westbound is not None

    refused = tenants.client_for(tenants.owner).post(
        API,
        {"shipment_id": hamburg_import.pk, "departure_id": westbound.pk},
        content_type=JSON,
    )

    assert refused.json()["errors"][0]["code"] == "BOOKING_ROUTE_MISMATCH"
    assert not Booking.objects.exists()


def test_a_shipment_from_an_alias_of_xian_is_offered_the_xian_trains(tenants, seeded):
    shipment = routed_shipment(tenants, "CNXAG", "DEDUI")

    offered = _offered(tenants.client_for(tenants.owner), shipment)

    assert offered and {row["service"] for row in offered} == {"XIA-DUI"}


def test_a_shipment_from_an_alias_of_xian_books_a_xian_train_and_not_a_foreign_one(tenants, seeded):
    client = tenants.client_for(tenants.owner)
    shipment = routed_shipment(tenants, "CNXAG", "DEDUI")
    offered = _offered(client, shipment)
    elsewhere = TrainService.objects.exclude(origin_id="CNXIA").first()
    assert elsewhere is not None
    foreign = elsewhere.departures.order_by("departs_at").first()
    assert foreign is not None

    booked = client.post(
        API, {"shipment_id": shipment.pk, "departure_id": offered[0]["id"]}, content_type=JSON
    )
    refused = client.post(
        API, {"shipment_id": shipment.pk, "departure_id": foreign.pk}, content_type=JSON
    )

    assert booked.status_code == 201, booked.json()
    assert refused.json()["errors"][0]["code"] == "BOOKING_ROUTE_MISMATCH"


def _offered(client, shipment: Shipment) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = client.get(
        f"{API}/departures", {"shipment_id": shipment.pk}
    ).json()
    return rows
