"""An anonymous shipper compares routes Xi'an → Duisburg and leaves contact details;
the operator's agent sees the enquiry."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from cloudcabin.network.loading import load_network_data
from cloudcabin.network.models import Enquiry
from conftest import PASSWORD, Tenants

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_anonymous_quote_becomes_an_enquiry_an_agent_sees(page: Page, tenants: Tenants) -> None:
    load_network_data(force=True)
    cache.clear()
    page.goto("/routes/")
    page.locator("#id_origin").press_sequentially("Xi'a", delay=20)
    expect(page.locator("#origin-options [data-value=CNXIA]")).to_be_visible()
    page.locator("#origin-options [data-value=CNXIA]").click()
    expect(page.locator("#id_origin")).to_have_value("CNXIA")
    page.locator("#id_destination").fill("Duisburg")
    page.locator("select[name=size_type]").select_option("40")
    page.locator("#id_container_count").fill("2")
    page.get_by_role("button", name="Find routes").click()

    options = page.get_by_test_id("route-option")
    expect(options.first).to_be_visible()
    assert options.count() >= 2
    expect(page.get_by_test_id("indicative")).to_contain_text("Indicative")
    first = options.first
    expect(first.locator("svg.route-map")).to_be_visible()
    expect(first.get_by_test_id("gauge")).to_have_count(2)
    expect(first.get_by_test_id("gauge").last).to_contain_text("1520→1435")
    expect(options.nth(1).get_by_test_id("transit")).to_be_visible()

    first.get_by_test_id("contact-me").click()
    form = first.locator("form[action='/routes/contact/']")
    form.locator("[name=name]").fill("Wang Li")
    form.locator("[name=company]").fill("Shaanxi Solar Co.")
    form.locator("[name=email]").fill("wang.li@example.cn")
    form.locator("[name=message]").fill("Two 40' containers every month.")
    form.get_by_role("button", name="Send").click()
    expect(page.get_by_test_id("enquiry-received")).to_be_visible()
    reference = page.get_by_test_id("enquiry-reference").inner_text()
    assert Enquiry.objects.get(reference=reference).quote.destination_locode == "DEDUI"

    page.goto("/login/")
    page.locator("[name=username]").fill(tenants.agent.email)
    page.locator("[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).last.click()
    page.wait_for_url("/")
    page.get_by_role("link", name="Enquiries").click()
    row = page.get_by_test_id("enquiry-row").filter(has_text=reference)
    expect(row).to_contain_text("Wang Li")
    expect(row).to_contain_text("Duisburg")
