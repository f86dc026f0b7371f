"""First contact and safe actions in the browser: a visitor's landing page, a Polish
company's sign-up (asked for no Chinese identifier) and its next steps; a confirmation
dismissed leaves things as they were, accepted performs the action."""

from __future__ import annotations

import pytest
from playwright.sync_api import Dialog, Page, expect

from cloudcabin.accounts import services
from cloudcabin.accounts.models import ApiKey, Membership, Organization, Role, User
from cloudcabin.accounts.selectors import actor_for_user
from tests.browser.signing import sign_in

PASSWORD = "a long enough password 1"
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}


def _fits_the_width(page: Page) -> None:
    width = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("screen", WIDTHS)
def test_a_visitor_lands_signs_up_a_polish_company_and_works_through_the_next_steps(
    page: Page, screen: str
) -> None:
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[screen], strict=True)))
    page.goto("/")
    expect(page.get_by_test_id("landing")).to_be_visible()
    expect(page.locator("#quote-form [name=origin]")).to_be_visible()
    _fits_the_width(page)
    page.get_by_test_id("landing-signup").click()
    page.wait_for_url("/signup/")

    page.locator("[name=full_name]").fill("Anna Nowak")
    page.locator("[name=email]").fill("anna@lodz.example")
    page.locator("[name=password]").fill(PASSWORD)
    page.locator("[name=name_en]").fill("Łódź Import Sp. z o.o.")
    # China first: its identifiers appear; then Poland: they go, the EU ones come.
    page.locator("select[name=country]").select_option("CN")
    expect(page.locator("[name=uscc]")).to_be_visible()
    expect(page.locator("[name=name_zh]")).to_be_visible()
    page.locator("select[name=country]").select_option("PL")
    expect(page.locator("[name=eori]")).to_be_visible()
    expect(page.locator("[name=uscc]")).to_have_count(0)
    expect(page.locator("[name=name_zh]")).to_have_count(0)
    _fits_the_width(page)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("/")

    organization = Organization.objects.get()
    assert organization.country == "PL" and organization.uscc == ""
    steps = page.get_by_test_id("next-steps")
    expect(steps).to_be_visible()
    for key in ("parties", "shipment", "api_key"):
        expect(steps.locator(f"li[data-step={key}]")).to_have_attribute("data-done", "false")
    _fits_the_width(page)

    # The API-key step is ticked once the company has a key.
    steps.locator("li[data-step=api_key] a").click()
    page.wait_for_url("/organization/api-keys/")
    page.locator("[name=name]").fill("ERP sync")
    page.get_by_role("button", name="Create key").click()
    expect(page.get_by_test_id("plain-key")).to_be_visible()
    page.goto("/")
    expect(steps.locator("li[data-step=api_key]")).to_have_attribute("data-done", "true")
    expect(steps.locator("li[data-step=parties]")).to_have_attribute("data-done", "false")

    page.get_by_role("button", name="Hide these steps").click()
    page.wait_for_url("/")
    expect(page.get_by_test_id("next-steps")).to_have_count(0)


def _answer_next_dialog(page: Page, *, accept: bool) -> list[str]:
    questions: list[str] = []

    def answer(dialog: Dialog) -> None:
        questions.append(dialog.message)
        if accept:
            dialog.accept()
        else:
            dialog.dismiss()

    page.once("dialog", answer)
    return questions


def test_a_dismissed_confirmation_changes_nothing_and_an_accepted_one_acts(page: Page) -> None:
    owner = services.sign_up(
        email="anna@lodz.example", password=PASSWORD, name_en="Łódź Import", country="PL"
    )
    actor = actor_for_user(owner.user)
    assert actor is not None
    colleague = User.objects.create_user("piotr@lodz.example", PASSWORD)
    piotr = Membership.objects.create(
        user=colleague, organization=owner.organization, role=Role.READ_ONLY
    )
    sign_in(page, "anna@lodz.example", PASSWORD)
    page.goto("/organization/members/")
    row = page.locator('tr[data-member="piotr@lodz.example"]')
    expect(row.locator("select[name=role] option[value=agent]")).to_have_count(0)

    # A role change: choosing alone saves nothing; the button asks, and "Cancel" keeps it.
    row.locator("select[name=role]").select_option("member")
    page.wait_for_timeout(500)
    piotr.refresh_from_db()
    assert piotr.role == Role.READ_ONLY
    asked = _answer_next_dialog(page, accept=False)
    row.get_by_role("button", name="Change role").click()
    page.wait_for_timeout(500)
    assert asked and asked[0].startswith("Change piotr@lodz.example from Read-only to Member?")
    piotr.refresh_from_db()
    assert piotr.role == Role.READ_ONLY

    asked = _answer_next_dialog(page, accept=True)
    row.get_by_role("button", name="Change role").click()
    page.wait_for_url("/organization/members/")
    expect(page.get_by_text("piotr@lodz.example is now Member.")).to_be_visible()
    piotr.refresh_from_db()
    assert piotr.role == Role.MEMBER

    # Removing a member: dismissed, they stay; accepted, they go.
    asked = _answer_next_dialog(page, accept=False)
    row.get_by_role("button", name="Remove").click()
    page.wait_for_timeout(500)
    assert asked and "They lose access at once" in asked[0]
    assert Membership.objects.filter(pk=piotr.pk).exists()
    _answer_next_dialog(page, accept=True)
    row.get_by_role("button", name="Remove").click()
    expect(page.locator('tr[data-member="piotr@lodz.example"]')).to_have_count(0)
    assert not Membership.objects.filter(pk=piotr.pk).exists()

    # Revoking a key: dismissed, it still works; accepted, it is revoked.
    services.create_api_key(actor=actor, name="ERP sync", access="read_only")
    page.goto("/organization/api-keys/")
    asked = _answer_next_dialog(page, accept=False)
    page.get_by_role("button", name="Revoke").click()
    page.wait_for_timeout(500)
    assert asked and asked[0].startswith("Revoke the key “ERP sync”")
    assert ApiKey.objects.get().revoked_at is None
    _answer_next_dialog(page, accept=True)
    page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_role("button", name="Revoke")).to_have_count(0)
    assert ApiKey.objects.get().revoked_at is not None
