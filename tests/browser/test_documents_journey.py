"""A shipment's documents in a real browser: preview, issue, download, verify."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from cloudcabin.documents.models import IssuedFile
from cloudcabin.documents.services import verify_url
from cloudcabin.documents.tests.conftest import make_demo_shipment
from cloudcabin.reference.loading import load_reference_data
from cloudcabin.reference.tests.conftest import reference_subset_dir  # noqa: F401 (fixture)
from conftest import Tenants
from tests.browser.signing import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_owner_issues_the_pack_downloads_it_and_verifies_the_invoice(
    page: Page,
    tenants: Tenants,
    reference_subset_dir: Path,  # noqa: F811
    live_server: object,
    settings: object,
    tmp_path: Path,
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
    # The verification URL (the QR code's content) points at this server.
    settings.SITE_URL = str(live_server)  # type: ignore[attr-defined]
    load_reference_data(data_dir=reference_subset_dir, force=True)
    shipment = make_demo_shipment(tenants)
    sign_in(page, tenants.owner.email)

    page.goto(f"/documents/shipments/{shipment.pk}/")
    expect(page.get_by_test_id("checks-ok")).to_be_visible()
    expect(page.get_by_test_id("no-packs")).to_be_visible()

    page.get_by_test_id("generate-preview").click()
    invoice_preview = page.locator("#preview tr[data-kind=commercial_invoice][data-format=pdf]")
    expect(invoice_preview).to_be_visible()
    preview_href = invoice_preview.get_by_role("link").get_attribute("href")
    assert preview_href is not None
    preview = page.request.get(preview_href)
    assert preview.headers["content-type"] == "application/pdf"
    assert preview.body().startswith(b"%PDF")

    page.get_by_test_id("issue").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Version 1 of the documents is issued."
    )
    pack = page.locator("[data-testid=pack][data-version='1']")
    expect(pack).to_have_attribute("data-status", "issued")

    with page.expect_download() as download_info:
        pack.get_by_test_id("download-zip").click()
    archive_path = tmp_path / "pack.zip"
    download_info.value.save_as(archive_path)
    with zipfile.ZipFile(archive_path) as archive:
        names = archive.namelist()
        assert "CC-DOC-1-invoice.pdf" in names
        assert "CC-DOC-1-packing-list.pdf" in names
        invoice_path = tmp_path / "CC-DOC-1-invoice.pdf"
        invoice_path.write_bytes(archive.read("CC-DOC-1-invoice.pdf"))

    row = pack.locator("tr[data-kind=commercial_invoice][data-format=pdf]")
    code = row.get_by_test_id("verify-link").inner_text().strip()
    href = row.get_by_test_id("verify-link").get_attribute("href")
    issued = IssuedFile.objects.get(short_code=code)
    assert href == verify_url(issued.short_code)

    assert href is not None
    page.goto(href)
    expect(page.get_by_test_id("verify-kind")).to_contain_text("Commercial invoice")
    expect(page.get_by_test_id("verify-version")).to_contain_text("1")
    page.locator("#id_file").set_input_files(invoice_path)
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_test_id("verify-result")).to_contain_text("Match: this is the issued file.")
