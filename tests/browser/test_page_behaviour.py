"""The behaviour pages declare with data attributes (static/js/app.js), under the
Content-Security-Policy that forbids inline script: a role select submits itself."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from cloudcabin.accounts.models import Membership
from conftest import PASSWORD, Tenants

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_choosing_a_role_in_the_members_list_saves_it(page: Page, tenants: Tenants) -> None:
    page.goto("/login/")
    page.locator("[name=username]").fill(tenants.owner.email)
    page.locator("[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).last.click()
    page.wait_for_url("/")
    page.goto("/organization/members/")
    row = page.locator("tr", has_text=tenants.colleague.email)
    with page.expect_navigation():  # the form is posted as soon as the option is chosen
        row.get_by_label("Role").select_option("member")
    expect(page.locator("tr", has_text=tenants.colleague.email).get_by_label("Role")).to_have_value(
        "member"
    )
    membership = Membership.objects.get(user=tenants.colleague, organization=tenants.org)
    assert membership.role == "member"
