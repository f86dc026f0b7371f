"""A German exporter of processors to Xi'an: the quote marks the options through Russia as
restricted for the goods and "search again avoiding RU" finds options that are not; the
shipment page shows the block with its legal reference."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from cloudcabin.compliance.goods.loading import load_goods_rules
from cloudcabin.network.loading import load_network_data
from cloudcabin.reference.loading import load_reference_data
from cloudcabin.reference.tests.conftest import reference_subset_dir  # noqa: F401 (fixture)
from cloudcabin.shipments import services
from conftest import Tenants
from tests.browser.axe import assert_accessible
from tests.browser.signing import sign_in

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


def test_the_shipment_page_shows_the_goods_held_on_the_route_with_the_legal_reference(
    page: Page,
    tenants: Tenants,
    reference_subset_dir: Path,  # noqa: F811
) -> None:
    load_reference_data(data_dir=reference_subset_dir, force=True)
    load_network_data(force=True)
    load_goods_rules()
    actor = tenants.actor(tenants.owner)
    shipment = services.create_shipment(
        actor=actor, origin_locode="DEDUI", destination_locode="CNXIA", route_kind="rail"
    )
    services.plan_shipment_route(actor=actor, shipment_id=shipment.pk)
    services.save_line(actor=actor, shipment_id=shipment.pk, hs_code="854231", origin_country="DE")
    sign_in(page, tenants.owner.email)
    page.goto(f"/shipments/{shipment.pk}/")
    section = page.get_by_test_id("goods-on-route")
    expect(section).to_contain_text("DE → PL → BY → RU → KZ → CN")
    expect(section.locator("[data-code=GOODS_BLOCKED]")).to_contain_text("833/2014")
    assert_accessible(page)
