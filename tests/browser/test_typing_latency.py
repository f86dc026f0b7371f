"""The line editor on a slow network: nothing typed is lost, nobody's change is undone,
and the shipment page fits a laptop beside its check panel and a phone as cards.

Every request takes 400 ms more (Chromium's network emulation, so that answers arrive
while the person is still typing, as on the line from a warehouse in Xinjiang).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from cloudcabin.reference.loading import load_reference_data
from cloudcabin.reference.tests.conftest import reference_subset_dir  # noqa: F401 (fixture)
from cloudcabin.shipments.models import GoodsLine, Shipment
from cloudcabin.shipments.tests.test_views import a_shipment
from conftest import Tenants
from tests.browser.signing import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LATENCY_MS = 400
SAVED = "All changes saved."


@pytest.fixture
def shipment(tenants: Tenants, reference_subset_dir: Path) -> Shipment:  # noqa: F811
    load_reference_data(data_dir=reference_subset_dir, force=True)
    return a_shipment(tenants)


@pytest.fixture
def second_page(browser: Browser, live_server: object) -> Iterator[Page]:
    """Another person's browser."""
    context = browser.new_context(base_url=str(live_server), locale="en-GB")
    yield context.new_page()
    context.close()


def _slow_network(page: Page) -> None:
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    session.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": LATENCY_MS, "downloadThroughput": -1, "uploadThroughput": -1},
    )


def _type(page: Page, selector: str, text: str) -> None:
    """Type as a person does, quickly, replacing what the field held."""
    field = page.locator(selector)
    field.click()
    field.press("ControlOrMeta+a")
    field.press_sequentially(text, delay=25)


def _open(page: Page, index: int) -> None:
    """Open the line at this place in the table (0 for the first) with its "Edit"."""
    row = page.locator(f'#line-rows > tr.line-view[data-index="{index}"]')
    row.get_by_role("button", name="Edit").click()


def test_quick_typing_across_fields_and_lines_is_all_saved_at_400_ms(
    page: Page, tenants: Tenants, shipment: Shipment
) -> None:
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, tenants.owner.email)
    page.goto(f"/shipments/{shipment.pk}/")
    _slow_network(page)

    # A new line opens as its editor; the HS code is found by words, then the description
    # is typed straight after picking it (that description used to be lost).
    page.get_by_test_id("add-line").click()
    new = page.locator("#line-rows > tr.line-editing")
    expect(new).to_have_count(1)
    _type(page, "#f-lines-1-hs_code", "太阳能电池")
    suggestion = page.locator("#f-lines-1-hs_code-options [data-value]").first
    expect(suggestion).to_have_attribute("data-value", "854142")
    suggestion.click()
    page.locator("#f-lines-1-description_en").press_sequentially("Solar cells", delay=25)
    page.keyboard.press("Tab")
    page.keyboard.type("太阳能电池片", delay=25)
    _type(page, "#f-lines-1-quantity", "1200")
    _type(page, "#f-lines-1-net_kg", "4901")
    page.keyboard.press("Tab")
    page.keyboard.type("5301", delay=25)
    _type(page, "#f-lines-1-origin_country", "cn")

    # Meanwhile line 1 opens too, and its masses change while line 2's saves are answered.
    _open(page, 0)
    _type(page, "#f-lines-0-net_kg", "16901")
    page.keyboard.press("Tab")
    page.keyboard.type("18301", delay=25)
    _type(page, "#f-lines-0-description_en", "Photovoltaic modules 550 W")
    page.keyboard.press("Tab")

    for row in page.locator("#line-rows > tr.line-editing").all():
        expect(row.locator(".save-state")).to_have_text(SAVED, timeout=15_000)

    first, second = GoodsLine.objects.filter(shipment=shipment).order_by("line_no")
    assert (first.net_kg, first.gross_kg) == (Decimal("16901"), Decimal("18301"))
    assert first.description_en == "Photovoltaic modules 550 W"
    assert second.hs_code == "854142"
    assert (second.description_en, second.description_zh) == ("Solar cells", "太阳能电池片")
    assert (second.quantity, second.net_kg, second.gross_kg) == (
        Decimal("1200"),
        Decimal("4901"),
        Decimal("5301"),
    )
    assert second.origin_country == "CN"
    # The screen shows the same (the country as the server normalised it).
    expected = {
        "#f-lines-0-net_kg": "16901",
        "#f-lines-0-gross_kg": "18301",
        "#f-lines-0-description_en": "Photovoltaic modules 550 W",
        "#f-lines-1-hs_code": "854142",
        "#f-lines-1-description_en": "Solar cells",
        "#f-lines-1-description_zh": "太阳能电池片",
        "#f-lines-1-quantity": "1200",
        "#f-lines-1-net_kg": "4901",
        "#f-lines-1-gross_kg": "5301",
        "#f-lines-1-origin_country": "CN",
    }
    for selector, value in expected.items():
        expect(page.locator(selector)).to_have_value(value)
    # The saves really waited 400 ms each on the way.
    durations = page.evaluate(
        "performance.getEntriesByType('resource')"
        ".filter(e => /lines\\/\\d+\\/$/.test(e.name)).map(e => e.duration)"
    )
    assert durations and min(durations) >= LATENCY_MS

    # Done closes each line to its compact row, showing what was saved.
    for row in page.locator("#line-rows > tr.line-editing").all():
        row.get_by_role("button", name="Done").click()
    expect(page.locator("#line-rows > tr.line-editing")).to_have_count(0)
    expect(page.locator("#line-rows > tr.line-view").nth(1)).to_contain_text("4901 / 5301")


def test_two_editors_never_undo_each_other_and_a_clash_is_theirs_or_mine(
    page: Page, second_page: Page, tenants: Tenants, shipment: Shipment
) -> None:
    anna, ben = page, second_page
    for person in (anna, ben):
        sign_in(person, tenants.owner.email)
        person.goto(f"/shipments/{shipment.pk}/")
        _slow_network(person)
        _open(person, 0)
        expect(person.locator("#f-lines-0-net_kg")).to_have_value("16800")

    def saved(person: Page) -> None:
        expect(person.locator("#line-rows .save-state")).to_have_text(SAVED, timeout=15_000)

    # Different fields: both kept, and each screen takes in the other's change.
    _type(anna, "#f-lines-0-gross_kg", "18500")
    anna.keyboard.press("Tab")
    saved(anna)
    _type(ben, "#f-lines-0-description_en", "Monocrystalline modules")
    ben.keyboard.press("Tab")
    saved(ben)
    line = GoodsLine.objects.get(shipment=shipment)
    assert (line.gross_kg, line.description_en) == (Decimal("18500"), "Monocrystalline modules")
    expect(ben.locator("#f-lines-0-gross_kg")).to_have_value("18500")

    # Anna's page is now a version behind; her change of another field still just saves.
    _type(anna, "#f-lines-0-net_kg", "16500")
    anna.keyboard.press("Tab")
    saved(anna)
    line.refresh_from_db()
    assert (line.net_kg, line.description_en) == (Decimal("16500"), "Monocrystalline modules")

    # The same field, changed by both: Ben's save is refused and he chooses.
    _type(ben, "#f-lines-0-net_kg", "16901")
    ben.keyboard.press("Tab")
    conflict = ben.locator("[data-conflict]")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("16500")
    expect(conflict).to_contain_text("16901")
    expect(ben.locator("#f-lines-0-net_kg")).to_have_value("16901")  # his, still shown
    line.refresh_from_db()
    assert line.net_kg == Decimal("16500")  # hers, not silently undone
    conflict.get_by_role("button", name="Keep mine").click()
    expect(conflict).to_have_count(0)
    saved(ben)
    line.refresh_from_db()
    assert line.net_kg == Decimal("16901")
    assert line.gross_kg == Decimal("18500")


def test_the_shipment_page_fits_beside_its_panel_and_on_a_phone_as_cards(
    page: Page, tenants: Tenants, shipment: Shipment
) -> None:
    sign_in(page, tenants.owner.email)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"/shipments/{shipment.pk}/")
    _open(page, 0)
    expect(page.locator("#f-lines-0-net_kg")).to_be_visible()
    lines = page.locator("#lines").bounding_box()
    editor = page.locator("#line-rows > tr.line-editing").bounding_box()
    panel = page.get_by_test_id("check-panel").bounding_box()
    assert lines and editor and panel
    assert editor["x"] + editor["width"] <= panel["x"]
    assert lines["x"] + lines["width"] <= panel["x"]

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/shipments/{shipment.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    book = page.get_by_role("link", name="Book a train")
    box = book.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
    card = page.locator("#line-rows > tr.line-view").first
    expect(card).to_have_css("display", "grid")
    _open(page, 0)
    expect(page.locator("#f-lines-0-net_kg")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_field_link_followed_while_another_lines_editor_loads_keeps_the_person_there(
    page: Page, tenants: Tenants, shipment: Shipment
) -> None:
    # A second line, so that two closed lines can be asked for one after the other.
    first = shipment.lines.get()
    first.pk = None
    first.line_no = 2
    first.save()
    sign_in(page, tenants.owner.email)
    page.goto(f"/shipments/{shipment.pk}/")
    expect(page.locator("#line-rows > tr.line-view")).to_have_count(2)

    # The first line's editor answers late: the person has followed the next link by then.
    held: list[Route] = []
    first_row = f"**/lines/{shipment.lines.get(line_no=1).pk}/row/**"
    page.route(first_row, lambda route: held.append(route))
    page.evaluate("location.hash = '#f-lines-0-description_en'")
    for _ in range(100):  # Playwright hands the request over between its own calls
        if held:
            break
        page.wait_for_timeout(50)
    assert len(held) == 1
    page.evaluate("location.hash = '#f-lines-1-description_en'")
    expect(page.locator("#f-lines-1-description_en")).to_be_focused()

    held[0].continue_()
    expect(page.locator("#f-lines-0-description_en")).to_be_attached()
    # The late answer opens its line but neither takes the focus nor the #hash back.
    expect(page).to_have_url(re.compile("#f-lines-1-description_en$"))
    expect(page.locator("#f-lines-1-description_en")).to_be_focused()
