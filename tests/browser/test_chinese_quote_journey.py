"""A Chinese visitor asks for a quote: the ready date the page proposes is shown in the date
picker (it was left empty in Chinese, so the form could not be sent), a date picked in the
browser is sent, and the options name their modes and charges in Chinese."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from cloudcabin.network.loading import load_network_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width,height", [(1366, 900), (390, 844)])
def test_a_chinese_visitor_sends_the_quote_form_with_the_proposed_and_a_picked_date(
    page: Page, width: int, height: int
) -> None:
    load_network_data(force=True)
    cache.clear()
    page.set_viewport_size({"width": width, "height": height})
    page.goto("/routes/", timeout=60_000)  # the live server's first page warms it up
    page.context.add_cookies([{"name": "cloudcabin_language", "value": "zh-hans", "url": page.url}])
    page.goto("/routes/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")

    ready = page.locator("#id_ready_date")
    expect(ready).to_have_value(re.compile(r"^\d{4}-\d{2}-\d{2}$"))
    page.locator("#id_origin").fill("CNXIA")
    page.locator("#id_destination").fill("DEDUI")
    page.locator("#quote-form button[type=submit]").click()
    expect(page.get_by_test_id("route-option").first).to_be_visible()

    ready = page.locator("#id_ready_date")
    ready.fill("2026-12-07")
    page.locator("#quote-form button[type=submit]").click()
    # htmx swaps the options in and then pushes the searched URL: wait for the search
    # with the picked date (the first search's options are still on the page till then).
    expect(page).to_have_url(re.compile(r"ready_date=2026-12-07"))
    expect(page.get_by_test_id("route-option").first).to_be_visible()
    expect(page.locator("#id_ready_date")).to_have_value("2026-12-07")

    first = page.get_by_test_id("route-option").first
    first.locator("details summary").first.click()
    breakdown = first.locator("details").first
    expect(breakdown).to_contain_text("铁路 1435 mm")
    expect(breakdown).not_to_contain_text("rail_1435")
    expect(breakdown).to_contain_text("安保及单证附加费")
