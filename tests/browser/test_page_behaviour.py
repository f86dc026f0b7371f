"""The behaviour pages declare with data attributes (static/js/app.js), under the
Content-Security-Policy that forbids inline script: a role change asks before it is saved."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from cloudcabin.accounts.models import Membership
from conftest import PASSWORD, Tenants

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_role_chosen_in_the_members_list_is_saved_once_confirmed(
    page: Page, tenants: Tenants
) -> None:
    page.goto("/login/")
    page.locator("[name=username]").fill(tenants.owner.email)
    page.locator("[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).last.click()
    page.wait_for_url("/")
    page.goto("/organization/members/")
    row = page.locator("tr", has_text=tenants.colleague.email)
    row.get_by_label("Role").select_option("member")
    questions: list[str] = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    with page.expect_navigation():  # the form is posted once the question is answered
        row.get_by_role("button", name="Change role").click()
    assert questions and "A member can enter shipments" in questions[0]
    expect(page.locator("tr", has_text=tenants.colleague.email).get_by_label("Role")).to_have_value(
        "member"
    )
    membership = Membership.objects.get(user=tenants.colleague, organization=tenants.org)
    assert membership.role == "member"
