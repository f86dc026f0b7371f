"""A held party blocks issue until an agent clears it: the owner sees the hold on the shipment
page and the issue refused; the operator's agent finds the hit in the review queue (list
version and legal references shown), clears it with a reason; the owner then issues."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from cloudcabin.compliance.models import ScreeningEvent
from cloudcabin.compliance.tests.screening_lists import LISTED_TRADER, load
from cloudcabin.documents.tests.conftest import make_demo_shipment
from cloudcabin.reference.loading import load_reference_data
from cloudcabin.reference.tests.conftest import reference_subset_dir  # noqa: F401 (fixture)
from cloudcabin.shipments.models import Shipment
from conftest import Tenants
from tests.browser.axe import assert_accessible
from tests.browser.signing import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Our consignee since 2019: EORI PL5260250274, not the listed company."


@pytest.fixture
def shipment(
    tenants: Tenants,
    reference_subset_dir: Path,  # noqa: F811
    settings: object,
    tmp_path: Path,
) -> Shipment:
    """The documents tests' clean demo shipment; then a list naming its consignee loads."""
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
    load_reference_data(data_dir=reference_subset_dir, force=True)
    shipment = make_demo_shipment(tenants)
    load([LISTED_TRADER])
    return shipment


def test_a_held_party_blocks_issue_until_an_agent_clears_it(
    page: Page, tenants: Tenants, shipment: Shipment
) -> None:
    # 1. The owner sees the consignee held, and the issue is refused with the reason.
    sign_in(page, tenants.owner.email)
    page.goto(f"/shipments/{shipment.pk}/")
    consignee = page.get_by_test_id("screening-consignee")
    expect(consignee).to_have_attribute("data-status", "held")
    expect(consignee).to_contain_text("Lodz Zeglarska Import")
    page.goto(f"/documents/shipments/{shipment.pk}/")
    page.get_by_test_id("issue").click()
    problems = page.get_by_test_id("issue-problems")
    expect(problems.locator('[data-code="SCREENING_PARTY_HELD"]').first).to_be_visible()
    expect(problems).to_contain_text("until an agent clears it")

    # 2. The operator's agent finds the hit in the queue and clears it, saying why.
    page.context.clear_cookies()
    sign_in(page, tenants.agent.email)
    page.get_by_role("link", name="Screening review").click()
    queue = page.get_by_test_id("screening-queue")
    row = queue.get_by_test_id("screening-hit").filter(has_text="Łódź Żeglarska Import")
    expect(row).to_contain_text("2026-11-20")
    expect(row).to_contain_text("Council Regulation (EU) No 269/2014")
    assert_accessible(page)
    row.get_by_role("link").click()
    expect(page.get_by_test_id("hit-legal-refs")).to_contain_text("269/2014")
    page.get_by_test_id("decide").click()  # no decision, no reason: refused beside the fields
    expect(page.locator("#reason-errors")).to_contain_text("Say why")
    page.get_by_label("Clear: not the listed party").check()
    page.get_by_label("Reason").fill(REASON)
    assert_accessible(page)
    page.get_by_test_id("decide").click()
    expect(page.locator(".messages")).to_contain_text("Decision saved.")
    expect(page.get_by_test_id("screening-queue-empty")).to_be_visible()
    event = ScreeningEvent.objects.get()
    assert (event.kind, event.actor, event.reason) == ("cleared", tenants.agent, REASON)

    # 3. The owner issues the pack.
    page.context.clear_cookies()
    sign_in(page, tenants.owner.email)
    page.goto(f"/shipments/{shipment.pk}/")
    expect(page.get_by_test_id("screening-consignee")).to_have_attribute("data-status", "clear")
    page.goto(f"/documents/shipments/{shipment.pk}/")
    page.get_by_test_id("issue").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Version 1 of the documents is issued."
    )
