"""A German exporter quotes processors to Xi'an: the options through Russia are marked as
restricted for the goods, and "search again avoiding RU" finds options that are not."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from cloudcabin.compliance.goods.loading import load_goods_rules
from cloudcabin.network.loading import load_network_data
from tests.browser.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_options_restricted_for_the_goods_are_marked_and_avoiding_russia_resolves_them(
    page: Page,
) -> None:
    load_network_data(force=True)
    load_goods_rules()
    cache.clear()
    page.goto("/routes/")
    page.locator("#id_origin").fill("DEDUI")
    page.locator("#id_destination").fill("CNXIA")
    page.locator("#id_hs_codes").fill("8542.31")
    page.get_by_role("button", name="Find routes").click()

    options = page.get_by_test_id("route-option")
    expect(options.first).to_be_visible()
    restricted = page.locator("[data-restricted=true]")
    expect(restricted.first.get_by_test_id("goods-restricted")).to_be_visible()
    assert restricted.count() == options.count()
    expect(restricted.first).to_contain_text("833/2014")
    assert_accessible(page)

    restricted.first.get_by_test_id("goods-resolve").click()
    expect(page.get_by_role("checkbox", name="Russia")).to_be_checked()
    expect(page.get_by_test_id("route-option").first).to_be_visible()
    expect(page.locator("[data-restricted=true]")).to_have_count(0)
    # Sold from the EU to China all the same: the Art. 12g clause stays as a note.
    expect(page.get_by_test_id("goods-mark").first).to_contain_text("contract clause")
