"""Dangerous actions on the booking pages (and the shipment page they start from) ask
first, naming the booking, train or container and what happens."""

from __future__ import annotations

import html
import re

import pytest

from cloudcabin.bookings import services
from cloudcabin.bookings.tests.conftest import make_shipment
from cloudcabin.network import services as network_services
from cloudcabin.shipments import services as shipment_services

pytestmark = pytest.mark.django_db


def _confirms(page: bytes) -> list[str]:
    return [html.unescape(t) for t in re.findall(r'data-confirm="([^"]*)"', page.decode())]


def _book(tenants, shipment, departure):
    return services.book_slots(
        actor=tenants.actor(tenants.owner), shipment_id=shipment.pk, departure_id=departure.pk
    ).booking


def test_cancelling_a_booking_asks_naming_booking_train_and_the_lost_slot(
    tenants, schedule, shipment
):
    booking = _book(tenants, shipment, schedule.departure)
    page = tenants.client_for(tenants.owner).get(f"/bookings/{booking.pk}/").content
    day = schedule.departure.departs_local.strftime("%Y-%m-%d")
    assert (
        f"Cancel booking {booking.reference} on train XIA-DUI of {day}? The cancelled "
        "containers' slots are released to other customers and cannot be recovered."
    ) in _confirms(page)


def test_rejecting_a_request_asks_on_the_board_and_on_the_departure_page(
    tenants, schedule, shipment
):
    _book(tenants, shipment, schedule.departure)
    waiting = _book(tenants, make_shipment(tenants, "CC-BK-2"), schedule.departure)
    agent = tenants.client_for(tenants.agent)
    day = schedule.departure.departs_local.strftime("%Y-%m-%d")
    question = (
        f"Reject booking {waiting.reference} of Xi'an Silk Road Trading Co., Ltd. on train "
        f"XIA-DUI of {day}? The customer is told, its slots go to the waitlist, and the "
        "booking cannot be reopened."
    )
    board = agent.get("/bookings/agent/", {"service": schedule.service.pk}).content
    assert question in _confirms(board)
    departure = agent.get(f"/bookings/agent/departures/{schedule.departure.pk}/").content
    assert question in _confirms(departure)


def test_generating_departures_and_cancelling_a_departure_ask_first(tenants, schedule):
    agent = tenants.client_for(tenants.agent)
    board = agent.get("/bookings/agent/", {"service": schedule.service.pk}).content
    assert any(
        text.startswith("Add the departures of train XIA-DUI for the next 8 weeks?")
        for text in _confirms(board)
    )
    departure = agent.get(f"/bookings/agent/departures/{schedule.departure.pk}/").content
    cancelled = re.search(rb'<option value="cancelled"[^>]*>', departure)
    assert cancelled and b"data-confirm=" in cancelled.group(0)
    # The status the departure has asks nothing.
    assert b'<option value="open" selected>' in departure


def test_closing_an_enquiry_as_lost_asks_first(tenants):
    enquiry = network_services.create_enquiry(name="Anna", email="anna@lodz.example")
    page = tenants.client_for(tenants.agent).get(f"/routes/enquiries/{enquiry.pk}/").content
    lost = re.search(rb'<option value="lost"[^>]*>', page)
    assert lost and b"Close this enquiry as lost?" in lost.group(0)
    assert b'<option value="contacted">' in page


def test_moving_a_booking_asks_for_the_departure_chosen(tenants, schedule, shipment):
    booking = _book(tenants, shipment, schedule.departure)
    page = tenants.client_for(tenants.agent).get(
        f"/bookings/agent/departures/{schedule.departure.pk}/"
    )
    later = schedule.later.departs_local.strftime("%Y-%m-%d")
    assert (
        f"Move booking {booking.reference} of Xi'an Silk Road Trading Co., Ltd. to the "
        f"departure of {later}? The customer is told, and its place on this train goes to "
        "the waitlist."
    ) in _confirms(page.content)


def test_the_shipment_page_asks_before_restowing_and_names_the_line_or_container_removed(
    tenants, schedule, shipment
):
    line = shipment_services.save_line(
        actor=tenants.actor(tenants.owner), shipment_id=shipment.pk, description_en="Brake pads"
    )
    client = tenants.client_for(tenants.owner)
    page = client.get(f"/shipments/{shipment.pk}/").content
    confirms = _confirms(page)
    # The delete button is in the line's editor, opened one line at a time.
    editor = client.get(f"/shipments/{shipment.pk}/lines/{line.pk}/row/?edit=1").content.decode()
    deleting = [html.unescape(t) for t in re.findall(r'hx-confirm="([^"]*)"', editor)]
    assert deleting == [
        "Delete line 1 (Brake pads)? Its goods, quantities and stowage in containers are "
        "removed; this cannot be undone."
    ]
    assert any(text.startswith("Spread every line over the containers?") for text in confirms)
    for container in shipment.containers.all():
        assert (
            f"Remove container {container.number}? What is stowed in it is unstowed "
            "(the goods lines stay); this cannot be undone."
        ) in confirms
