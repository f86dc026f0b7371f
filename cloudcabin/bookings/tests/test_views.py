from __future__ import annotations

import pytest

from cloudcabin.bookings import services
from cloudcabin.bookings.models import Booking
from cloudcabin.bookings.tests.conftest import make_shipment

pytestmark = pytest.mark.django_db


def _book(tenants, shipment, departure):
    return services.book_slots(
        actor=tenants.actor(tenants.owner), shipment_id=shipment.pk, departure_id=departure.pk
    ).booking


def test_a_shipper_books_from_the_shipment_page_once_even_if_the_form_is_sent_twice(
    tenants, schedule, shipment
):
    client = tenants.client_for(tenants.owner)
    page = client.get(f"/bookings/shipments/{shipment.pk}/")
    assert page.status_code == 200 and b"XIA-DUI" in page.content
    form = {
        "departure_id": schedule.departure.pk,
        "idempotency_key": "form-1",
        "waitlist": "on",
        "count_45G1": "2",
    }
    first = client.post(f"/bookings/shipments/{shipment.pk}/book/", form)
    second = client.post(f"/bookings/shipments/{shipment.pk}/book/", form)
    booking = Booking.objects.get()
    assert first.url == second.url == f"/bookings/{booking.pk}/"
    detail = client.get(first.url)
    assert b"Confirmed" in detail.content
    cancelled = client.post(f"/bookings/{booking.pk}/cancel/", {"cancel_45G1": "1"})
    assert cancelled.status_code == 302
    booking.refresh_from_db()
    assert booking.teu == 2 and booking.status == "confirmed"
    assert client.get("/bookings/").status_code == 200


def test_a_stranger_gets_404_from_every_booking_page(tenants, schedule, shipment):
    booking = _book(tenants, shipment, schedule.departure)
    stranger = tenants.client_for(tenants.stranger)
    assert stranger.get(f"/bookings/{booking.pk}/").status_code == 404
    assert stranger.post(f"/bookings/{booking.pk}/cancel/").status_code == 404
    assert stranger.get(f"/bookings/shipments/{shipment.pk}/").status_code == 404
    assert stranger.post(f"/bookings/shipments/{shipment.pk}/book/", {}).status_code == 404
    assert b"CC-BK-1" not in stranger.get("/bookings/").content


def test_a_read_only_member_sees_but_cannot_book(tenants, schedule, shipment):
    reader = tenants.client_for(tenants.colleague)
    page = reader.get(f"/bookings/shipments/{shipment.pk}/")
    assert page.status_code == 200 and b'type="submit" class="primary"' not in page.content
    form = {"departure_id": schedule.departure.pk, "idempotency_key": "x", "count_45G1": "1"}
    reader.post(f"/bookings/shipments/{shipment.pk}/book/", form)
    assert not Booking.objects.exists()


def test_agent_pages_are_404_for_shippers(tenants, schedule, shipment):
    owner = tenants.client_for(tenants.owner)
    departure = schedule.departure.pk
    for url in (
        "/bookings/agent/",
        f"/bookings/agent/departures/{departure}/",
        f"/bookings/agent/departures/{departure}/manifest/",
        f"/bookings/agent/departures/{departure}/manifest.xlsx",
    ):
        assert owner.get(url).status_code == 404, url


def test_an_agent_sees_the_board_decides_and_reads_a_flagged_manifest(tenants, schedule, shipment):
    _book(tenants, shipment, schedule.departure)
    waiting = _book(tenants, make_shipment(tenants, "CC-BK-2"), schedule.departure)
    agent = tenants.client_for(tenants.agent)
    board = agent.get("/bookings/agent/", {"service": schedule.service.pk})
    assert board.status_code == 200
    assert b"<svg" in board.content and waiting.reference.encode() in board.content
    departure_page = agent.get(f"/bookings/agent/departures/{schedule.departure.pk}/")
    assert departure_page.status_code == 200
    agent.post(f"/bookings/agent/bookings/{waiting.pk}/reject/", {"reason": "full"})
    waiting.refresh_from_db()
    assert waiting.status == "rejected"
    manifest = agent.get(f"/bookings/agent/departures/{schedule.departure.pk}/manifest/")
    # The shipment has no goods lines yet: its rows are flagged with the shipment's errors.
    assert manifest.status_code == 200 and b'class="flagged"' in manifest.content
    for container in shipment.containers.all():
        assert container.number.encode() in manifest.content
    assert (
        agent.get(f"/bookings/agent/departures/{schedule.departure.pk}/manifest.pdf").status_code
        == 404
    )


def test_departures_are_shown_in_the_station_time_zone_not_utc(tenants, schedule, shipment):
    from zoneinfo import ZoneInfo

    departs = schedule.departure.departs_at
    shanghai = departs.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M")
    utc = departs.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%d %H:%M")
    page = tenants.client_for(tenants.owner).get(f"/bookings/shipments/{shipment.pk}/")
    assert shanghai in page.content.decode() and utc not in page.content.decode()
    board = tenants.client_for(tenants.agent).get("/bookings/agent/").content.decode()
    assert departs.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%H:%M") in board
