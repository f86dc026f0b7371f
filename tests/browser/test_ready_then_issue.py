"""The last finding fixed from the check panel's link, then the pack issued on the first try.

The shipment page's panel shows exactly what issue enforces, so a clean panel means issue works.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from cloudcabin.documents.models import IssuedFile
from cloudcabin.documents.tests.conftest import make_demo_shipment
from cloudcabin.reference.loading import load_reference_data
from cloudcabin.reference.tests.conftest import reference_subset_dir  # noqa: F401 (fixture)
from cloudcabin.shipments import services
from cloudcabin.shipments.models import GoodsLine, Shipment
from conftest import Tenants
from tests.browser.signing import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WAGON = "XAJJD20261012007"


@pytest.fixture
def shipment(
    tenants: Tenants,
    reference_subset_dir: Path,  # noqa: F811
    settings: object,
    tmp_path: Path,
) -> Shipment:
    """The documents tests' clean demo shipment, on the same reference subset."""
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
    load_reference_data(data_dir=reference_subset_dir, force=True)
    return make_demo_shipment(tenants)


def test_an_owner_fixes_the_last_finding_and_issues_the_pack_on_the_first_try(
    page: Page, tenants: Tenants, shipment: Shipment
) -> None:
    services.update_shipment(
        actor=tenants.actor(tenants.owner), shipment_id=shipment.pk, transport_name=""
    )
    sign_in(page, tenants.owner.email)
    page.goto(f"/shipments/{shipment.pk}/")

    # 1. One error, naming the means of transport; its link leads to the field.
    panel = page.get_by_test_id("check-panel")
    expect(panel).to_have_class(re.compile(r"\bhas-errors\b"))
    expect(panel.locator(".finding.error")).to_have_count(1)
    finding = panel.locator('[data-code="DEC_TRANSPORT_NAME_MISSING"] a')
    expect(finding).to_contain_text("运输工具名称")
    expect(finding).to_have_attribute("href", "#f-transport_name")
    finding.click()
    field = page.locator("#f-transport_name")
    expect(field).to_be_focused()
    expect(field).to_be_in_viewport()
    assert page.url.endswith("#f-transport_name")

    # 2. Type the wagon number, save: the panel turns clean.
    field.fill(WAGON)
    page.get_by_role("button", name="Save shipment").click()
    expect(page.locator(".messages")).to_contain_text("Shipment saved.")
    # No errors left (warnings may stay: no freight-station code is known for Xi'an).
    expect(panel).not_to_have_class(re.compile(r"\bhas-errors\b"))
    expect(page.get_by_test_id("check-ok")).to_be_visible()

    # 3. The documents page agrees, and the first issue goes through.
    page.locator(".page-head").get_by_role("link", name="Documents").click()
    expect(page.get_by_test_id("checks-ok")).to_contain_text("the pack can be issued")
    page.get_by_test_id("issue").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Version 1 of the documents is issued."
    )
    expect(page.get_by_test_id("issue-problems")).to_have_count(0)
    pack = page.locator("[data-testid=pack][data-version='1']")
    expect(pack).to_have_attribute("data-status", "issued")
    for file_format in ("pdf", "xml"):
        expect(
            pack.locator(f"tr[data-kind=customs_declaration][data-format={file_format}]")
        ).to_be_visible()
    expect(pack.locator("tr[data-kind=commercial_invoice][data-format=pdf]")).to_be_visible()
    assert IssuedFile.objects.filter(pack__shipment=shipment, kind="customs_declaration").exists()


def test_a_line_finding_link_opens_the_declaration_details_and_the_row_saves_the_fix(
    page: Page, tenants: Tenants, shipment: Shipment
) -> None:
    # Line 1's national code 8541430000 has no CIQ row in the tables: it cannot be derived.
    first = GoodsLine.objects.get(shipment=shipment, line_no=1)
    services.save_line(
        actor=tenants.actor(tenants.owner), shipment_id=shipment.pk, line_id=first.pk, ciq_code=""
    )
    sign_in(page, tenants.owner.email)
    page.goto(f"/shipments/{shipment.pk}/")

    panel = page.get_by_test_id("check-panel")
    expect(panel.locator(".finding.error")).to_have_count(1)
    finding = panel.locator('[data-code="DEC_CIQ_MISSING"] a')
    expect(finding).to_contain_text("Line 1: enter the 3-digit CIQ code")
    expect(finding).to_have_attribute("href", "#f-lines-0-ciq_code")
    # The link opens the line's editor, with its declaration details open at the flagged
    # field; the user folds them away, and the link must still lead into the closed details.
    finding.click()
    details = page.locator("#line-rows > tr").first.locator("details.declaration")
    expect(details).to_have_attribute("open", "")
    ciq = page.locator("#f-lines-0-ciq_code")
    expect(ciq).to_be_focused()
    details.locator("summary").click()
    expect(details).not_to_have_attribute("open", "")
    finding.click()
    expect(details).to_have_attribute("open", "")
    expect(ciq).to_be_focused()
    expect(ciq).to_be_in_viewport()

    # Typing and leaving the field saves the row; the panel follows out of band.
    ciq.fill("999")
    ciq.press("Tab")
    # No errors left (warnings may stay: no freight-station code is known for Xi'an).
    expect(panel).not_to_have_class(re.compile(r"\bhas-errors\b"))
    expect(page.get_by_test_id("check-ok")).to_be_visible()
    first.refresh_from_db()
    assert first.ciq_code == "999"
