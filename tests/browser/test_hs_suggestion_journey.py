"""A clerk with a description but no code: under the line's HS field she asks for
suggestions, reads the five candidates in English and Chinese, and uses one; the line is
saved with its HS and China codes."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from cloudcabin.reference.loading import load_reference_data
from cloudcabin.shipments.models import GoodsLine
from cloudcabin.shipments.tests.test_views import a_shipment
from conftest import make_tenants
from tests.browser.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TARIFF = ["hs-sections", "hs-codes", "cn-national-codes", "hs-search-text", "search-synonyms"]


def test_a_clerk_uses_a_suggested_hs_code_for_a_goods_line(page: Page, live_server: Any) -> None:
    load_reference_data(force=True, only=TARIFF)
    tenants = make_tenants()
    shipment = a_shipment(tenants)
    GoodsLine.objects.filter(shipment=shipment).update(
        description_en="Laptop computer",
        description_zh="笔记本电脑",
        hs_code="",
        national_code="",
        declared_elements="",
    )
    line = GoodsLine.objects.get(shipment=shipment)
    client = tenants.client_for(tenants.owner)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": str(live_server),
            }
        ]
    )
    page.goto(f"/shipments/{shipment.pk}/")
    page.locator("#line-rows > tr").first.locator("[data-open-line]").click()

    page.get_by_role("button", name="Suggest HS codes").click()
    box = page.locator("#hs-suggestions-0")
    expect(box.locator("li")).to_have_count(5)
    first = box.locator("li").first
    expect(first).to_contain_text("847130")
    expect(first.locator("[lang=zh-Hans]")).to_contain_text("便携式")
    assert_accessible(page)

    with page.expect_response(
        lambda response: "/lines/" in response.url and response.request.method == "POST"
    ):
        first.get_by_role("button", name="Use HS 847130 for this line").click()
    expect(page.locator("#f-lines-0-hs_code")).to_have_value("847130")
    line.refresh_from_db()
    assert line.hs_code == "847130"
    assert line.national_code.startswith("847130")
