"""A shipper books two 40' containers on the next Xi'an → Duisburg train, sees the capacity
drop, cancels one; an agent downloads the departure manifest."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from cloudcabin.bookings.tests.conftest import (
    make_container_types,
    make_departure,
    make_nodes,
    make_service,
    make_shipment,
)
from tests.browser.signing import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("/login/")


def test_a_shipper_books_and_cancels_and_an_agent_downloads_the_manifest(
    page: Page, tenants
) -> None:
    make_nodes()
    make_container_types()
    service = make_service(capacity_teu=Decimal("44"))
    departure = make_departure(service, days=9, capacity="44")
    make_departure(service, days=12, capacity="44")
    shipment = make_shipment(tenants, reference="CC-TRAIN-1", containers=2)
    first_container = shipment.containers.order_by("id").first()
    assert first_container is not None

    # The shipper books both 40' containers on the next departure.
    sign_in(page, tenants.owner.email)
    page.goto(f"/bookings/shipments/{shipment.pk}/")
    row = page.get_by_test_id(f"departure-{departure.pk}")
    expect(row.get_by_test_id("remaining")).to_have_text("44")
    expect(row.locator("[name=count_45G1]")).to_have_value("2")
    row.get_by_role("button", name="Book").click()
    expect(page.get_by_test_id("status")).to_have_text("Confirmed")
    expect(page.get_by_test_id("remaining")).to_have_text("40")
    page.goto(f"/bookings/shipments/{shipment.pk}/")
    expect(
        page.get_by_test_id(f"departure-{departure.pk}").get_by_test_id("remaining")
    ).to_have_text("40")

    # …then cancels one of the two containers.
    page.get_by_role("link", name="BK-").first.click()
    page.locator("[name=cancel_45G1]").fill("1")
    page.once("dialog", lambda dialog: dialog.accept())  # "Cancel booking …? The slots …"
    page.get_by_role("button", name="Cancel").click()
    expect(page.get_by_test_id("teu")).to_have_text("2.00")
    expect(page.get_by_test_id("status")).to_have_text("Confirmed")
    expect(page.get_by_test_id("remaining")).to_have_text("42")
    _sign_out(page)

    # The agent downloads the manifest of that departure.
    sign_in(page, tenants.agent.email)
    page.goto("/bookings/agent/")
    page.locator(f"a[href='/bookings/agent/departures/{departure.pk}/']").first.click()
    expect(page.get_by_test_id("remaining")).to_have_text("42.00")
    with page.expect_download() as download_info:
        page.get_by_test_id("manifest-xlsx").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    path = download.path()
    assert path is not None
    with open(path, "rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).active
    cells = {str(cell.value) for row_cells in sheet.iter_rows() for cell in row_cells}
    assert first_container.number in cells  # the one container left on the booking
    assert "CC-TRAIN-1" in cells
