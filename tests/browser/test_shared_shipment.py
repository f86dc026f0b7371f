"""The consignee's journey: the owner shares an issued shipment with the consignee's company
on cloudcabin; the consignee signs in, finds it inbound, reads it and downloads a document."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from cloudcabin.accounts.models import Membership, Organization, Role, User
from cloudcabin.documents.services import issue_pack
from cloudcabin.documents.tests.conftest import make_demo_shipment
from cloudcabin.reference.loading import load_reference_data
from cloudcabin.reference.tests.conftest import reference_subset_dir  # noqa: F401 (fixture)
from conftest import PASSWORD, Tenants
from tests.browser.axe import assert_accessible
from tests.browser.signing import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_owner_shares_and_the_consignee_reads_it_inbound_and_downloads_the_invoice(
    page: Page,
    tenants: Tenants,
    reference_subset_dir: Path,  # noqa: F811
    settings: object,
    tmp_path: Path,
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
    load_reference_data(data_dir=reference_subset_dir, force=True)
    shipment = make_demo_shipment(tenants)
    issue_pack(actor=tenants.actor(tenants.owner), shipment_id=shipment.pk)
    # The consignee's company is on cloudcabin under the EORI the owner's party carries.
    consignee = Organization.objects.create(
        name_en="Lodz Rail Import Sp. z o.o.", country="PL", eori="PL5260250274"
    )
    dora = User.objects.create_user("dora@lodz.example", PASSWORD, full_name="Dora")
    Membership.objects.create(user=dora, organization=consignee, role=Role.OWNER)

    sign_in(page, tenants.owner.email)
    page.goto(f"/shipments/{shipment.pk}/")
    page.get_by_test_id("sharing").click()
    candidate = page.get_by_test_id("candidate")
    expect(candidate).to_contain_text("Lodz Rail Import Sp. z o.o.")
    assert_accessible(page)
    candidate.get_by_role("button", name="Share as consignee").click()
    expect(page.get_by_test_id("shares")).to_contain_text("Lodz Rail Import Sp. z o.o.")
    expect(page.get_by_test_id("shares")).to_contain_text("Consignee")

    page.context.clear_cookies()
    sign_in(page, dora.email)
    page.goto("/shipments/")
    row = page.get_by_test_id("shipment-list").get_by_role("row", name="CC-DOC-1")
    expect(row.get_by_test_id("inbound")).to_be_visible()
    assert_accessible(page)
    row.get_by_role("link", name="CC-DOC-1").click()
    expect(page.get_by_test_id("read-only")).to_contain_text("Xi'an Silk Road Trading")
    expect(page.get_by_test_id("inbound")).to_be_visible()
    # Read-only: no form to change the shipment, no editing buttons.
    expect(page.locator("main form")).to_have_count(0)
    expect(page.get_by_role("button", name="Save shipment")).to_have_count(0)
    expect(page.get_by_test_id("no-tracking")).to_be_visible()  # not on a train yet
    assert_accessible(page)

    invoice = (
        page.get_by_test_id("shared-documents")
        .get_by_role("link")
        .filter(has_text="Commercial invoice")
        .filter(has_text="PDF")
    )
    with page.expect_download() as download_info:
        invoice.first.click()
    saved = tmp_path / "invoice.pdf"
    download_info.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
