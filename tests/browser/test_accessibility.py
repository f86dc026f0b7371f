"""The main pages pass axe-core (no critical or serious violation) in English and Chinese;
the autocomplete is a combobox the keyboard drives; a skip link leads to the content; the
quote, booking and documents pages fit a 390 px phone and nothing covers their controls at
1366 px."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import Locator, Page, expect

from cloudcabin.bookings.models import Booking, Departure
from cloudcabin.bookings.services import book_slots
from cloudcabin.bookings.tests.conftest import (
    make_container_types,
    make_departure,
    make_service,
)
from cloudcabin.documents.tests.conftest import make_demo_shipment
from cloudcabin.network.loading import load_network_data
from cloudcabin.reference.loading import load_reference_data
from cloudcabin.reference.tests.conftest import reference_subset_dir  # noqa: F401 (fixture)
from cloudcabin.shipments.models import Shipment
from conftest import Tenants
from tests.browser.axe import assert_accessible
from tests.browser.signing import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
QUOTE = (
    "/routes/?origin=CNXIA&destination=DEDUI&container_count=2&size_type=40"
    "&ready_date=2026-12-07&objective=fastest"
)


@dataclass
class World:
    shipment: Shipment
    departure: Departure
    booking: Booking


@pytest.fixture
def world(
    tenants: Tenants,
    reference_subset_dir: Path,  # noqa: F811
    settings: object,
    tmp_path: Path,
) -> World:
    """Alice's documented Xi'an → Łódź shipment, booked on a train of that route."""
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
    load_reference_data(data_dir=reference_subset_dir, force=True)
    cache.clear()
    shipment = make_demo_shipment(tenants)
    make_container_types()
    service = make_service(
        code="XIA-LOD", name="Xi'an - Łódź", destination_id="PLLOD", capacity_teu=Decimal("44")
    )
    departure = make_departure(service, days=9, capacity="44")
    make_departure(service, days=12, capacity="44")
    result = book_slots(
        actor=tenants.actor(tenants.owner), shipment_id=shipment.pk, departure_id=departure.pk
    )
    return World(shipment=shipment, departure=departure, booking=result.booking)


def _switch_to_chinese(page: Page) -> None:
    page.locator("#language-switch [data-language=zh-hans]").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")


def _assert_fits(page: Page, width: int) -> None:
    """No horizontal scrolling of the page itself."""
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width} px wide at {width} px"


def _assert_reachable(control: Locator, width: int) -> None:
    """The control lies inside the viewport's width and nothing covers its centre."""
    place = control.evaluate(
        """(el) => {
            el.scrollIntoView({ block: "center" });
            const r = el.getBoundingClientRect();
            const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            const covered = !(hit && (hit === el || el.contains(hit)));
            return { left: r.left, right: r.right, covered: covered };
        }"""
    )
    assert place["left"] >= 0 and place["right"] <= width, place
    assert not place["covered"], f"something covers {control}"


def test_the_anonymous_quote_and_sign_in_pages_pass_axe_in_english_and_chinese(
    page: Page,
) -> None:
    load_network_data(force=True)
    cache.clear()
    for chinese in (False, True):
        page.set_viewport_size(LAPTOP)
        page.goto(QUOTE)
        if chinese:
            _switch_to_chinese(page)
        expect(page.get_by_test_id("route-option").first).to_be_visible()
        assert_accessible(page)
        page.set_viewport_size(PHONE)
        assert_accessible(page)
        page.goto("/login/")
        assert_accessible(page)
        page.goto("/signup/")
        assert_accessible(page)
        page.goto("/")  # the landing page
        assert_accessible(page)


def test_a_skip_link_is_the_first_stop_and_leads_to_the_content(page: Page) -> None:
    page.goto("/routes/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


def test_the_place_autocomplete_is_a_combobox_the_keyboard_drives(page: Page) -> None:
    load_network_data(force=True)
    cache.clear()
    page.goto("/routes/")
    origin = page.locator("#id_origin")
    expect(origin).to_have_attribute("aria-expanded", "false")
    origin.press_sequentially("Du", delay=20)
    options = page.locator("#origin-options [role=listbox] [role=option]")
    expect(options.first).to_be_visible()
    expect(origin).to_have_attribute("aria-expanded", "true")
    listbox_id = page.locator("#origin-options [role=listbox]").get_attribute("id")
    expect(origin).to_have_attribute("aria-controls", listbox_id or "?")
    assert options.count() >= 2
    assert_accessible(page)  # with the list open

    origin.press("ArrowDown")
    first_id = options.nth(0).get_attribute("id")
    expect(origin).to_have_attribute("aria-activedescendant", first_id or "?")
    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    origin.press("ArrowDown")
    origin.press("ArrowDown")
    origin.press("ArrowUp")
    second = options.nth(1)
    expect(origin).to_have_attribute("aria-activedescendant", second.get_attribute("id") or "?")
    expect(options.nth(0)).to_have_attribute("aria-selected", "false")
    picked = second.get_attribute("data-value")
    origin.press("Enter")
    # Enter picked the option: the list closed and the form was not sent.
    expect(origin).to_have_value(picked or "?")
    expect(origin).to_have_attribute("aria-expanded", "false")
    expect(origin).not_to_have_attribute("aria-activedescendant", first_id or "?")
    expect(page.get_by_test_id("route-option")).to_have_count(0)
    assert "origin=" not in page.url

    # Escape closes a list; ArrowDown on a closed list asks for suggestions again.
    destination = page.locator("#id_destination")
    destination.press_sequentially("Duis", delay=20)
    expect(page.locator("#destination-options [role=option]").first).to_be_visible()
    destination.press("Escape")
    expect(page.locator("#destination-options [role=option]")).to_have_count(0)
    expect(destination).to_have_attribute("aria-expanded", "false")
    destination.press("ArrowDown")
    expect(page.locator("#destination-options [data-value=DEDUI]")).to_be_visible()
    destination.press("ArrowDown")
    destination.press("Enter")
    expect(destination).to_have_value("DEDUI")


def test_a_shippers_pages_pass_axe_in_english_and_chinese(
    page: Page, tenants: Tenants, world: World
) -> None:
    shipment, booking = world.shipment, world.booking
    pages = [
        "/shipments/",
        f"/shipments/{shipment.pk}/",
        f"/documents/shipments/{shipment.pk}/",
        f"/documents/shipments/{shipment.pk}/origin/",
        "/bookings/",
        f"/bookings/{booking.pk}/",
        f"/bookings/shipments/{shipment.pk}/",
        "/organization/members/",
        "/organization/api-keys/",
        "/reference/",
    ]
    sign_in(page, tenants.owner.email)
    for chinese in (False, True):
        if chinese:
            _switch_to_chinese(page)
        for url in pages:
            page.goto(url)
            assert_accessible(page)
        # The HS autocomplete with its list open.
        page.locator("#id_hs_code").press_sequentially("8541", delay=20)
        expect(page.locator("#hs_code-options [role=option]").first).to_be_visible()
        assert_accessible(page)


def test_an_agents_pages_pass_axe_in_english_and_chinese(
    page: Page, tenants: Tenants, world: World
) -> None:
    sign_in(page, tenants.agent.email)
    for chinese in (False, True):
        if chinese:
            _switch_to_chinese(page)
        for url in (
            "/",  # the agent's work queue
            f"/bookings/agent/?service={world.departure.service_id}"
            f"&week={world.departure.departs_at:%Y-%m-%d}",
            f"/bookings/agent/departures/{world.departure.pk}/",
            f"/bookings/{world.booking.pk}/",
        ):
            page.goto(url)
            if "/agent/?" in url:
                # Each departure row links to its page: checked by axe with the board.
                expect(page.get_by_test_id("board-row").locator("a").first).to_be_attached()
            assert_accessible(page)


def test_the_documents_booking_and_quote_pages_fit_a_phone_and_a_laptop(
    page: Page, tenants: Tenants, world: World
) -> None:
    shipment, booking = world.shipment, world.booking
    load_network_data(force=True)
    sign_in(page, tenants.owner.email)
    page.goto(f"/documents/shipments/{shipment.pk}/")
    page.get_by_test_id("issue").click()
    expect(page.locator("[data-testid=pack][data-version='1']")).to_be_visible()
    for chinese in (False, True):
        if chinese:
            _switch_to_chinese(page)
        for viewport in (PHONE, LAPTOP):
            width = viewport["width"]
            page.set_viewport_size(viewport)

            page.goto(f"/documents/shipments/{shipment.pk}/")
            page.get_by_test_id("generate-preview").click()
            expect(page.locator("#preview tr[data-kind]").first).to_be_visible()
            _assert_fits(page, width)
            _assert_reachable(page.get_by_test_id("issue"), width)
            _assert_reachable(page.locator("#preview tr[data-kind] a").first, width)
            _assert_reachable(page.get_by_test_id("download-zip"), width)
            _assert_reachable(page.get_by_test_id("verify-link").first, width)
            assert_accessible(page)

            page.goto(f"/bookings/shipments/{shipment.pk}/")
            _assert_fits(page, width)
            later = page.locator("[data-testid^=departure-]").nth(1)
            _assert_reachable(later.locator("button[type=submit]"), width)
            _assert_reachable(later.locator("input[name^=count_]"), width)

            page.goto("/bookings/")
            _assert_fits(page, width)
            _assert_reachable(page.get_by_role("link", name=booking.reference), width)

            page.goto(f"/bookings/{booking.pk}/")
            _assert_fits(page, width)
            _assert_reachable(page.locator("form[action$='/cancel/'] button[type=submit]"), width)

            page.goto(QUOTE)
            option = page.get_by_test_id("route-option").first
            option.locator("details summary").first.click()
            _assert_fits(page, width)
            # The price table's amounts are on screen, not cut off at the right.
            _assert_reachable(option.locator("table").last.locator("td").last, width)
            _assert_reachable(option.get_by_test_id("contact-me"), width)
