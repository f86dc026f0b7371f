"""A clerk who knows the goods but not the codes: in Chinese, she picks the unit and the
package type by name, chooses the national code, and fills the declared elements (申报要素)
as a form; the stored string is the one customs expects."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from cloudcabin.reference.loading import load_reference_data
from cloudcabin.shipments.models import GoodsLine, Shipment
from cloudcabin.shipments.tests.test_views import a_shipment
from conftest import Tenants, make_tenants

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLES = [
    "cn-customs-units",
    "cn-customs-supervision-mode",
    "cn-customs-levy-nature",
    "cn-customs-transaction-mode",
    "cn-customs-packaging-type",
    "cn-customs-container-spec",
    "container-types",
    "cn-declared-elements",
]


def _signed_in_in_chinese(page: Page, live_server: Any) -> tuple[Tenants, Shipment]:
    loaded = {result.name for result in load_reference_data(force=True, only=TABLES)}
    assert loaded == set(TABLES)
    tenants = make_tenants()
    tenants.owner.language = "zh-hans"
    tenants.owner.save(update_fields=["language"])
    shipment = a_shipment(tenants)
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
    return tenants, shipment


def _saved(page: Page) -> Any:
    """Waits for the row's save (a POST to the line) to be answered."""
    return page.expect_response(
        lambda response: "/lines/" in response.url and response.request.method == "POST"
    )


def _commit(page: Page, selector: str) -> None:
    """Enter in an input saves its row (shipments.js); wait for the answer before going on."""
    with _saved(page):
        page.locator(selector).press("Enter")


def _open_first_line(page: Page) -> None:
    """Lines show compactly; their editor opens one at a time."""
    page.locator("#line-rows > tr").first.locator("[data-open-line]").click()
    expect(page.locator("#f-lines-0-unit")).to_be_visible()


def _pick(page: Page, selector: str, label: str) -> None:
    with _saved(page):
        page.locator(selector).select_option(label=label)


def test_a_clerk_picks_codes_by_name_and_fills_the_declared_elements_in_chinese(
    page: Page, live_server: Any
) -> None:
    page.set_viewport_size({"width": 1366, "height": 900})
    _tenants, shipment = _signed_in_in_chinese(page, live_server)
    page.goto(f"/shipments/{shipment.pk}/")
    _open_first_line(page)

    # Header codes show their Chinese names; nobody reads a bare 0110 or 101.
    expect(page.locator("#f-supervision_mode option:checked")).to_have_text("0110 一般贸易")
    expect(page.locator("#f-levy_nature option:checked")).to_have_text("101 一般征税")
    expect(page.locator("#f-containers-0-size_type option:checked")).to_contain_text("45G1 普通")

    # The unit and the package type, picked by name.
    expect(page.locator("#f-lines-0-unit option:checked")).to_have_text("H87 个")
    _pick(page, "#f-lines-0-unit", "KGM 千克")
    _pick(page, "#f-lines-0-package_type", "22 纸制或纤维板制盒/箱")

    # A laptop: the national code brings its elements, named in Chinese.
    page.locator("#f-lines-0-hs_code").fill("847130")
    _commit(page, "#f-lines-0-hs_code")
    page.locator("#f-lines-0-national_code").fill("84713090")
    _commit(page, "#f-lines-0-national_code")
    block = page.locator("#f-lines-0-de")
    expect(block).to_contain_text("配置(系统组成部件)")
    expect(block).to_contain_text("品牌(中文或外文名称)")

    # The pickers may already hold these (then nothing changes, and nothing is saved yet).
    page.locator("#f-lines-0-declared_elements").select_option(label="1 境内自主品牌")
    page.locator("#f-lines-0-de-pref").select_option(label="0 不享受")
    for number, value in ((1, "i5/16GB/512GB"), (2, "CQ"), (3, "CQ-Book 14")):
        page.locator(f"#f-lines-0-de-{number}").fill(value)
        _commit(page, f"#f-lines-0-de-{number}")

    expected = "1|0|i5/16GB/512GB|CQ|CQ-Book 14"
    expect(page.locator("#f-lines-0-de [data-composed]")).to_have_text(expected)
    line = GoodsLine.objects.get(shipment=shipment)
    assert line.national_code == "84713090"
    assert line.declared_elements == expected
    assert (line.brand_type, line.export_preference) == ("1", "0")
    assert (line.unit, line.package_type) == ("KGM", "22")

    # Read back after a reload: the same inputs, filled from the stored string.
    page.reload()
    _open_first_line(page)
    expect(page.locator("#f-lines-0-de-3")).to_have_value("CQ-Book 14")
    expect(page.locator("#f-lines-0-unit option:checked")).to_have_text("KGM 千克")


def test_on_a_phone_the_pickers_are_there_and_pick(page: Page, live_server: Any) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    _tenants, shipment = _signed_in_in_chinese(page, live_server)
    page.goto(f"/shipments/{shipment.pk}/")
    _open_first_line(page)
    unit = page.locator("#f-lines-0-unit")
    unit.scroll_into_view_if_needed()
    expect(unit).to_be_visible()
    _pick(page, "#f-lines-0-unit", "SET 套")
    expect(page.locator("#f-lines-0-unit option:checked")).to_have_text("SET 套")
    assert GoodsLine.objects.get(shipment=shipment).unit == "SET"
