"""A shipper enters a shipment in the pages, imports its invoice, and fixes what the checks find."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from playwright.sync_api import Page, expect

from cloudcabin.reference.loading import load_reference_data
from cloudcabin.reference.tests.conftest import reference_subset_dir  # noqa: F401 (fixture)
from cloudcabin.shipments import services
from cloudcabin.shipments.models import GoodsLine, Shipment
from conftest import Tenants
from tests.browser.signing import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADERS = [
    "Line",
    "Description (English)",
    "Description (Chinese)",
    "HS code",
    "Quantity",
    "Unit",
    "Net weight (kg)",
    "Gross weight (kg)",
    "Packages",
    "Unit price",
    "Amount",
    "Country of origin",
]
# The shipper's invoice has no column for the declared elements (申报要素) China's export
# declaration needs: the import takes the line, the checks flag it, the clerk completes it.
ROW = [
    1,
    "Laptop computers, 14 inch",
    "笔记本电脑",
    "847130",
    500,
    "H87",
    1000,
    1200,
    50,
    380,
    190000,
    "CN",
]


def _invoice(folder: Path) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Invoice"
    sheet.append(["Commercial invoice XSR-INV-E2E"])
    sheet.append([])
    sheet.append(HEADERS)
    sheet.append(ROW)
    path = folder / "invoice.xlsx"
    book.save(path)
    return path


def test_a_shipper_imports_an_invoice_and_fixes_the_line_the_checks_flag(
    page: Page,
    tenants: Tenants,
    reference_subset_dir: Path,  # noqa: F811
    tmp_path: Path,
    settings: object,
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
    load_reference_data(data_dir=reference_subset_dir, force=True)
    actor = tenants.actor(tenants.owner)
    # The address book is set up beforehand; the shipment itself is typed in the page.
    services.save_party(
        actor=actor, name_latin="Xi'an Silk Road Trading", country="CN", uscc="91610131MA6U0EXA04"
    )
    services.save_party(
        actor=actor, name_latin="Duisburg Import GmbH", country="DE", eori="DE4567890123456"
    )
    sign_in(page, tenants.owner.email)

    # 1. A new shipment, from the list.
    page.get_by_role("link", name="Shipments").click()
    page.get_by_role("link", name="New shipment").click()
    page.locator("#f-reference").fill("CC-E2E-1")
    page.locator("#f-incoterm").select_option("FCA")
    page.locator("#f-incoterm_place_locode").fill("CNXIA")
    page.locator("#f-origin_locode").fill("CNXIA")
    page.locator("#f-destination_locode").press_sequentially("Duisburg", delay=20)
    page.locator("#f-destination_locode-options [data-value=DEDUI]").click()
    expect(page.locator("#f-destination_locode")).to_have_value("DEDUI")
    page.locator("#f-parties-consignor").select_option(label="Xi'an Silk Road Trading (CN)")
    page.locator("#f-parties-consignee").select_option(label="Duisburg Import GmbH (DE)")
    page.get_by_role("button", name="Create shipment").click()
    expect(page.locator("h1")).to_contain_text("CC-E2E-1")
    shipment = Shipment.objects.get(reference="CC-E2E-1")

    # 2. Import the invoice spreadsheet: upload, check the mapping, import.
    page.get_by_role("link", name="Import lines").click()
    page.locator("input[name=file]").set_input_files(_invoice(tmp_path))
    page.get_by_role("button", name="Upload and continue").click()
    expect(page.locator("h1")).to_have_text("Map the columns")
    expect(page.locator("select[name=map_net_kg]")).to_have_value("Net weight (kg)")
    expect(page.locator("select[name=map_declared_elements]")).to_have_value("")
    page.get_by_test_id("import-lines").click()
    expect(page.locator(".messages")).to_contain_text("Imported 1 line.")
    assert GoodsLine.objects.filter(shipment=shipment).count() == 1

    # 3. The checks flag the line, and the finding links to the field.
    panel = page.get_by_test_id("check-panel")
    expect(panel).to_have_class("card check-panel has-errors")
    finding = panel.locator('[data-code="DECLARED_ELEMENTS_PREFIX"] a')
    expect(finding).to_have_attribute("href", "#f-lines-0-declared_elements")
    expect(panel.locator('[data-code="DECLARED_ELEMENTS_PREFIX"]')).to_have_count(1)
    finding.click()
    expect(page.locator("#f-lines-0-declared_elements")).to_have_class(re.compile(r"\bflag\b"))
    assert page.url.endswith("#f-lines-0-declared_elements")

    # 4. Fix it in the line editor: the row saves itself, the finding leaves the panel.
    # (The panel still lists what the declaration needs beyond an invoice — declarant,
    # means of transport, 10-digit code… — test_ready_then_issue.py follows it to clean.)
    # 8471.30 has a declared-elements template: brand type and preference are picked, the
    # elements typed, and the row composes the string (each save answered before the next).
    def saved() -> Any:
        return page.expect_response(lambda r: "/lines/" in r.url and r.request.method == "POST")

    with saved():
        page.locator("#f-lines-0-declared_elements").select_option("1")
    with saved():
        page.locator("#f-lines-0-de-pref").select_option("0")
    page.locator("#f-lines-0-de-1").fill("笔记本电脑 14英寸 1.4kg")
    with saved():
        page.locator("#f-lines-0-de-1").press("Enter")
    expect(panel.locator('[data-code="DECLARED_ELEMENTS_PREFIX"]')).to_have_count(0)
    expect(page.locator("#f-lines-0-declared_elements")).not_to_have_class(re.compile("flag"))
    expect(page.locator('[data-total="net_kg"]')).to_have_text("1,000")
    # The out-of-band panel and totals went to their places, nothing into the lines table.
    expect(page.locator("#line-rows > tr")).to_have_count(1)
    expect(page.locator("table.lines table, table.lines section")).to_have_count(0)
    line = GoodsLine.objects.get(shipment=shipment)
    assert line.declared_elements.startswith("1|0|笔记本电脑")
