"""The reference autocomplete widgets, typed into and picked from in a real browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from cloudcabin.reference.loading import load_reference_data
from cloudcabin.reference.tests.conftest import reference_subset_dir  # noqa: F401 (fixture)
from conftest import PASSWORD, Tenants

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_finds_an_hs_code_and_a_place_by_typing_words(
    page: Page,
    tenants: Tenants,
    reference_subset_dir: Path,  # noqa: F811
) -> None:
    load_reference_data(data_dir=reference_subset_dir, force=True)
    page.goto("/login/")
    page.locator("[name=username]").fill(tenants.owner.email)
    page.locator("[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).last.click()
    page.wait_for_url("/")
    page.goto("/reference/")

    page.locator("#id_hs_code").press_sequentially("太阳能电池", delay=20)
    first_hs = page.locator("#hs_code-options [data-value]").first
    expect(first_hs).to_have_attribute("data-value", "854142")
    first_hs.click()
    expect(page.locator("#id_hs_code")).to_have_value("854142")
    expect(page.locator("#hs_code-options [data-value]")).to_have_count(0)

    page.locator("#id_locode").press_sequentially("Duisburg", delay=20)
    first_place = page.locator("#locode-options [data-value]").first
    expect(first_place).to_have_attribute("data-value", "DEDUI")
    first_place.click()
    expect(page.locator("#id_locode")).to_have_value("DEDUI")
