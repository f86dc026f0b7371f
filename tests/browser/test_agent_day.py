"""An agent's day, at a laptop's width and a phone's: they land on their work queue, open
a request to confirm it, see every service on the capacity board, and mark the train as
departed; the shipper then finds the booking departed, with its price, transit time and
expected arrival, and no cancel button."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cloudcabin.bookings import services
from cloudcabin.bookings.tests.conftest import (
    make_container_types,
    make_departure,
    make_nodes,
    make_service,
    make_shipment,
)
from cloudcabin.network.loading import load_network_data
from tests.browser.signing import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [(1366, 900), (390, 844)]


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("/login/")


def _fits_the_width(page: Page) -> None:
    """Nothing on the page is wider than the window (tables scroll inside their box)."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow} px wider than the window"


@pytest.mark.parametrize(("width", "height"), WIDTHS)
def test_an_agent_works_the_queue_and_the_departed_train_reaches_the_shipper(
    page: Page, tenants, width: int, height: int
) -> None:
    page.set_viewport_size({"width": width, "height": height})
    load_network_data(force=True)
    make_nodes()
    make_container_types()
    by_hand = make_service("XIA-DUI", auto_confirm=False)
    departure = make_departure(by_hand, days=2, cutoff_at=timezone.now() + timedelta(hours=20))
    make_service(
        "DUI-XIA",
        name="Duisburg - Xi'an",
        origin_id="DEDUI",
        destination_id="CNXIA",
        timezone="Europe/Berlin",
    )
    shipment = make_shipment(tenants, reference="CC-DAY-1", containers=2)
    booking = services.book_slots(
        actor=tenants.actor(tenants.owner), shipment_id=shipment.pk, departure_id=departure.pk
    ).booking
    assert booking.status == "requested"

    # The agent lands on the work queue: one request, one train closing with room.
    sign_in(page, tenants.agent.email)
    queue = page.get_by_test_id("work-queue")
    expect(queue.get_by_test_id("queue-requests").get_by_test_id("count")).to_have_text("1")
    expect(queue.get_by_test_id("queue-closing").get_by_test_id("count")).to_have_text("1")
    expect(queue.get_by_test_id("queue-enquiries")).to_contain_text("No new enquiries.")
    _fits_the_width(page)
    queue.get_by_test_id("queue-requests").get_by_role("link", name=booking.reference).click()
    page.wait_for_url(f"/bookings/agent/departures/{departure.pk}/")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_test_id("remaining")).to_have_text("2.00")

    # The capacity board shows both directions, the return train without departures.
    page.goto("/bookings/agent/")
    expect(page.get_by_test_id("board-XIA-DUI").get_by_test_id("board-row")).to_have_count(1)
    expect(page.get_by_test_id("board-DUI-XIA").get_by_test_id("board-empty")).to_be_visible()
    _fits_the_width(page)

    # The train leaves: the agent marks it departed.
    page.goto(f"/bookings/agent/departures/{departure.pk}/")
    page.get_by_label("Status").select_option("departed")
    page.get_by_role("button", name="Save").first.click()
    expect(page.get_by_test_id("departure-status")).to_have_text("Departed")
    _sign_out(page)

    # The shipper sees it departed, with price, transit and arrival, and cannot cancel.
    sign_in(page, tenants.owner.email)
    page.goto("/bookings/")
    expect(page.get_by_test_id("bookings")).to_contain_text("Departed")
    page.get_by_role("link", name=booking.reference).click()
    expect(page.get_by_test_id("status")).to_have_text("Departed")
    expect(page.get_by_test_id("departed-note")).to_contain_text("can no longer be cancelled")
    expect(page.get_by_role("button", name="Cancel")).to_have_count(0)
    expect(page.get_by_test_id("price")).to_contain_text("USD")
    expect(page.get_by_test_id("transit")).to_have_text("14 days")
    arrival = (departure.departs_local + timedelta(days=14)).strftime("%Y-%m-%d")
    expect(page.get_by_test_id("arrival")).to_have_text(arrival)
    expect(page.get_by_test_id("cutoff")).to_have_text(
        departure.cutoff_local.strftime("%Y-%m-%d %H:%M")
    )
    _fits_the_width(page)
