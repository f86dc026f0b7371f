"""A Chinese factory's bilingual packing list of 200 lines: every goods column mapped, the
total rows skipped and said, one banner, and a check panel grouped by rule that steps
through the lines a rule names — at 1366 and at 390 px, in English and in Chinese."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from cloudcabin.reference.loading import load_reference_data
from cloudcabin.reference.tests.conftest import reference_subset_dir  # noqa: F401 (fixture)
from cloudcabin.shipments.models import GoodsLine
from cloudcabin.shipments.tests.test_import_panel import two_hundred_lines
from cloudcabin.shipments.tests.test_views import a_shipment
from conftest import Tenants
from tests.browser.signing import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def _packing_list(folder: Path) -> Path:
    path = folder / "装箱单.xlsx"
    path.write_bytes(two_hundred_lines())
    return path


def _fits(page: Page, selector: str, width: int) -> None:
    box = page.locator(selector).bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, box
    overflow = page.locator(selector).evaluate("e => e.scrollWidth - e.clientWidth")
    assert overflow <= 1, f"{selector} is {overflow} px wider than it shows"


@pytest.fixture
def shipment_with_reference(
    tenants: Tenants,
    reference_subset_dir: Path,  # noqa: F811
    tmp_path: Path,
    settings: object,
):
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
    load_reference_data(data_dir=reference_subset_dir, force=True)
    return a_shipment(tenants)


def test_a_200_line_bilingual_packing_list_imports_with_one_banner_and_a_grouped_panel(
    page: Page, tenants: Tenants, shipment_with_reference, tmp_path: Path
) -> None:
    shipment = shipment_with_reference
    page.set_viewport_size(DESKTOP)
    sign_in(page, tenants.owner.email)
    page.goto(f"/shipments/{shipment.pk}/")
    page.get_by_role("link", name="Import lines").click()
    page.locator("input[name=file]").set_input_files(_packing_list(tmp_path))
    page.get_by_role("button", name="Upload and continue").click()

    # Every goods column is recognised from its bilingual header; one code column.
    expect(page.locator("h1")).to_have_text("Map the columns")
    for field, header in {
        "line_no": "序号 No.",
        "hs_code": "商品编码 HS Code",
        "national_code": "",
        "description_zh": "品名 Description",
        "description_en": "英文品名 English Description",
        "quantity": "数量 Qty",
        "unit": "单位 Unit",
        "packages": "件数 CTNS",
        "net_kg": "净重 N.W.(KG)",
        "gross_kg": "毛重 G.W.(KG)",
        "unit_price": "单价 Unit Price",
        "amount": "总价 Amount",
        "origin_country": "原产国 Origin",
    }.items():
        expect(page.locator(f"select[name=map_{field}]")).to_have_value(header)
    totals = page.get_by_test_id("import-total-rows")
    expect(totals).to_contain_text("These 3 rows are total rows")
    expect(totals.locator("li")).to_have_text(
        ["Row 73: “小计 SUBTOTAL”", "Row 144: “小计 SUBTOTAL”", "Row 205: “合计 TOTAL”"]
    )
    page.get_by_test_id("import-lines").click()

    # One banner for the whole import.
    expect(page.locator(".messages li")).to_have_count(1)
    expect(page.locator(".messages li")).to_contain_text(
        "Imported 200 lines. 3 total rows skipped (rows 73, 144, 205)."
    )
    assert GoodsLine.objects.filter(shipment=shipment).count() == 200

    # The panel: one entry per rule, counted, linked to the first line, stepping on.
    panel = page.get_by_test_id("check-panel")
    group = panel.locator('[data-code="DEC_ELEMENTS_MISSING"]')
    expect(group).to_have_count(1)
    expect(group).to_contain_text("The declared elements (规格型号) are missing — 200 lines")
    group.locator("a.group-title").click()
    expect(page).to_have_url(re.compile("#f-lines-0-declared_elements$"))
    expect(page.locator("#f-lines-0-declared_elements")).to_be_focused()
    step = page.get_by_test_id("step-DEC_ELEMENTS_MISSING")
    step.click()
    expect(page).to_have_url(re.compile("#f-lines-1-declared_elements$"))
    expect(page.locator("#f-lines-1-declared_elements")).to_be_focused()
    expect(step.locator(".step-at")).to_have_text("2 of 200")
    step.click()
    expect(page).to_have_url(re.compile("#f-lines-2-declared_elements$"))
    expect(step.locator(".step-at")).to_have_text("3 of 200")
    # Each finding by name stays linked to its own field.
    group.locator("summary").click()
    group.locator("details li a").nth(4).click()
    expect(page).to_have_url(re.compile("#f-lines-4-declared_elements$"))
    expect(page.locator("#f-lines-4-declared_elements")).to_be_attached()

    # Errors only: the warnings go, the errors stay, and the choice outlives a reload.
    warnings = panel.locator(".finding.warning")
    errors = panel.locator(".finding.error")
    panel.get_by_label("Errors only").check()
    expect(panel).to_have_class("card check-panel has-errors errors-only")
    for index in range(warnings.count()):
        expect(warnings.nth(index)).to_be_hidden()
    expect(errors.first).to_be_visible()
    page.reload()
    expect(page.get_by_test_id("check-panel").get_by_label("Errors only")).to_be_checked()
    expect(page.get_by_test_id("check-panel")).to_have_class(
        "card check-panel has-errors errors-only"
    )
    _fits(page, "#check-panel", DESKTOP["width"])

    # On a phone the groups wrap inside the panel. (The panel's own width follows the
    # shipment page's layout, which the line editor's cards bring to 390 px.)
    page.set_viewport_size(PHONE)
    overflow = page.locator("#check-panel").evaluate("e => e.scrollWidth - e.clientWidth")
    assert overflow <= 1


def test_the_mapping_page_reads_the_packing_list_in_chinese_at_phone_width(
    page: Page, tenants: Tenants, shipment_with_reference, tmp_path: Path
) -> None:
    shipment = shipment_with_reference
    page.set_viewport_size(PHONE)
    sign_in(page, tenants.owner.email)
    page.goto(f"/shipments/{shipment.pk}/import/")
    page.get_by_role("button", name="中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    steps = page.locator("ol.steps li")
    expect(steps).to_have_count(3)
    expect(steps.nth(2)).not_to_have_text("进口")
    page.locator("input[name=file]").set_input_files(_packing_list(tmp_path))
    page.locator("form.card button.primary").click()
    expect(page.locator("select[name=map_hs_code]")).to_have_value("商品编码 HS Code")
    expect(page.locator("select[name=map_packages]")).to_have_value("件数 CTNS")
    expect(page.locator("ol.steps li").nth(2)).not_to_have_text("进口")
    expect(page.get_by_test_id("import-total-rows").locator("li")).to_have_count(3)
    _fits(page, "form.card", PHONE["width"])
    _fits(page, "[data-testid=import-total-rows]", PHONE["width"])
