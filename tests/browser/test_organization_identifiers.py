"""The organization page asks for the identifiers of the company's country, as sign-up does:
a Chinese company sees its USCC and Chinese name, and moving to Poland swaps them for the
EU identifiers, at desktop and phone widths."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from cloudcabin.accounts.models import Membership, Organization, Role, User
from conftest import PASSWORD
from tests.browser.signing import sign_in

WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}


@pytest.mark.parametrize("screen", WIDTHS)
def test_an_owner_moves_the_company_to_poland_and_the_page_asks_for_eu_identifiers(
    page: Page, screen: str
) -> None:
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[screen], strict=True)))
    organization = Organization.objects.create(
        name_en="Chengdu Rail Goods Ltd.",
        name_zh="成都铁路货物有限公司",
        country="CN",
        uscc="91110000600037341L",
    )
    owner = User.objects.create_user("wang@chengdu.example", PASSWORD)
    Membership.objects.create(user=owner, organization=organization, role=Role.OWNER)
    sign_in(page, "wang@chengdu.example")

    page.goto("/organization/")
    expect(page.locator("[name=uscc]")).to_have_value("91110000600037341L")
    expect(page.locator("[name=name_zh]")).to_be_visible()
    expect(page.locator("[name=vat_number]")).to_have_count(0)

    page.locator("select[name=country]").select_option("PL")
    expect(page.locator("[name=vat_number]")).to_be_visible()
    expect(page.locator("[name=uscc]")).to_have_count(0)
    expect(page.locator("[name=name_zh]")).to_have_count(0)
    page.locator("[name=vat_number]").fill("PL5260250274")
    width = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.locator("form.card button[type=submit]").click()
    page.wait_for_url("/organization/")

    organization.refresh_from_db()
    assert (organization.country, organization.vat_number) == ("PL", "PL5260250274")
    assert (organization.uscc, organization.name_zh) == ("", "")
    expect(page.locator("[name=vat_number]")).to_have_value("PL5260250274")
    expect(page.locator("[name=uscc]")).to_have_count(0)
