"""Real packing lists: a Chinese factory's bilingual one (title block, two-row header with
merged cells, a subtotal and a total row, notes below) and an English one, read with the
header synonym table and imported, the total rows skipped with a note."""

# ruff: noqa: RUF001  (full-width letters and punctuation, as Chinese spreadsheets have them)

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from cloudcabin.reference.tests.conftest import reference_data, reference_subset_dir  # noqa: F401
from cloudcabin.shipments import services
from cloudcabin.shipments.models import GoodsLine, HeaderSynonym
from cloudcabin.shipments.spreadsheets.importing import import_lines, total_row_kind
from cloudcabin.shipments.spreadsheets.mapping import HeaderIndex
from cloudcabin.shipments.spreadsheets.reading import read_sheet

# The header synonym table is read: the tests run before any flush (pytest-django runs
# transactional tests last), so with the rows the migration seeded.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]

CHINESE_HEADER = [
    "序号 No.",
    "唛头 Marks",
    "商品编码 HS Code",
    "品名 Description",
    "数量 Qty",
    "单位 Unit",
    "件数 CTNS",
    "重量 Weight (KG)",
    None,
    "单价 Unit Price (USD)",
    "总价 Amount (USD)",
    "原产国 Origin",
    "体积 Meas. (CBM)",
]


def chinese_packing_list():
    """As a Xi'an factory's clerk writes it: merged title rows, the invoice number, a
    header of two rows (the weights under one merged cell, the others merged down), a
    subtotal per container, the total, and the words and signature below."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "装箱单"
    rows = [
        ["西安丝路光电科技有限公司 XI'AN SILK ROAD PHOTOELECTRIC CO., LTD."],
        ["装箱单 PACKING LIST"],
        ["发票号 Invoice No.: XSR-2026-018", None, None, None, None, None, None, None, None,
         "日期 Date: 2026-03-01"],
        [],
        CHINESE_HEADER,
        [None, None, None, None, None, None, None, "净重 N.W.", "毛重 G.W."],
        [1, "N/M", "8541430000", "单晶硅光伏组件", 620, "PCS", 31, 17360, 18600, 95.5, 59210,
         "中国 CHINA", 32.5],
        [2, "N/M", "8708301000", "汽车刹车片", 2000, "套 SETS", 100, 1800, 1950, 3.2, 6400,
         "中国", 4.1],
        [None, None, None, "小计 SUBTOTAL", 2620, None, 131, 19160, 20550, None, 65610],
        [3, "N/M", "6109100000", "纯棉针织T恤", 5000, "PCS", 50, 1000, 1100, 1.8, 9000,
         "中国 CHINA", 6],
        [None, None, None, "合计 TOTAL", 7620, None, 181, 20160, 21650, None, 74610, None, 42.6],
        ["SAY TOTAL: US DOLLARS SEVENTY-FOUR THOUSAND SIX HUNDRED AND TEN ONLY"],
        ["制表人 Prepared by: 王芳"],
    ]  # fmt: skip
    for row in rows:
        sheet.append(row)
    sheet.merge_cells("A1:M1")
    sheet.merge_cells("A2:M2")
    for column in "ABCDEFGJKLM":
        sheet.merge_cells(f"{column}5:{column}6")
    sheet.merge_cells("H5:I5")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def english_packing_list():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Packing list"
    rows = [
        ["PACKING LIST"],
        ["Shipper: Chongqing Power Supplies Ltd.", None, None, "Consignee: Duisburg Import GmbH"],
        [],
        ["Item No.", "Shipping Marks", "H.S. Code", "Description of Goods", "Q'ty", "Unit",
         "Packages", "Kind of packages", "N/W (kg)", "G/W (kg)", "Unit Price (EUR)",
         "Total Value (EUR)", "Country of Origin"],
        [1, "DIP/DUI 1-40", "8504.40.14", "DC regulated power supplies", 400, "pcs", 40,
         "Cartons", 880, 960, "12.50", "5,000.00", "China"],
        [2, "DIP/DUI 41-60", "870830", "Brake pads", 1000, "sets", 20, "Cartons", 1500, 1560,
         2, 2000, "CN"],
        ["Total:", None, None, None, 1400, None, 60, None, 2380, 2520, None, 7000],
    ]  # fmt: skip
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def shipment(tenants):
    return services.create_shipment(actor=tenants.actor(tenants.owner), reference="CC-PL-1")


def imported(tenants, shipment, data, filename):
    sheet = read_sheet(data, filename)
    result = import_lines(
        actor=tenants.actor(tenants.owner),
        shipment_id=shipment.pk,
        sheet=sheet,
        mapping=sheet.suggested_mapping,
    )
    return sheet, result, list(GoodsLine.objects.filter(shipment=shipment).order_by("line_no"))


def test_a_chinese_factorys_bilingual_packing_list_maps_every_goods_column(tenants, shipment):
    sheet = read_sheet(chinese_packing_list(), "装箱单.xlsx")
    # The two header rows read as one: the weights' sub-headers under their merged cell.
    assert sheet.header_row_number == 6
    assert sheet.suggested_mapping == {
        "line_no": "序号 No.",
        "marks": "唛头 Marks",
        "hs_code": "商品编码 HS Code",
        "description_zh": "品名 Description",
        "quantity": "数量 Qty",
        "unit": "单位 Unit",
        "packages": "件数 CTNS",
        "net_kg": "净重 N.W.",
        "gross_kg": "毛重 G.W.",
        "unit_price": "单价 Unit Price (USD)",
        "amount": "总价 Amount (USD)",
        "origin_country": "原产国 Origin",
    }


def test_the_chinese_packing_list_imports_its_lines_and_skips_its_total_rows_with_a_note(
    tenants, shipment
):
    _sheet, result, lines = imported(tenants, shipment, chinese_packing_list(), "装箱单.xlsx")
    assert result.lines == 3
    assert [
        (line.line_no, line.hs_code, line.national_code, line.description_zh) for line in lines
    ] == [
        (1, "854143", "8541430000", "单晶硅光伏组件"),
        (2, "870830", "8708301000", "汽车刹车片"),
        (3, "610910", "6109100000", "纯棉针织T恤"),
    ]
    first = lines[0]
    assert (first.quantity, first.unit, first.packages) == (Decimal("620"), "H87", 31)
    assert (first.net_kg, first.gross_kg) == (Decimal("17360"), Decimal("18600"))
    assert (first.unit_price, first.amount) == (Decimal("95.5"), Decimal("59210"))
    assert (first.origin_country, first.marks) == ("CN", "N/M")
    assert lines[1].unit == "SET"
    # The subtotal (row 9) and the total (row 11) are skipped; the words and the
    # signature below the total are not read, and each is said.
    assert result.skipped.totals == [(9, "小计 SUBTOTAL"), (11, "合计 TOTAL")]
    assert result.skipped.below == [12, 13]
    notes = result.skipped.notes()
    assert [(note.code, note.path) for note in notes] == [
        ("IMPORT_TOTAL_ROW_SKIPPED", "rows[9]"),
        ("IMPORT_TOTAL_ROW_SKIPPED", "rows[11]"),
        ("IMPORT_ROWS_BELOW_TOTAL", "rows[12]"),
    ]
    assert "合计 TOTAL" in notes[1].message


def test_an_english_packing_list_imports_with_its_total_row_skipped(tenants, shipment):
    sheet, result, lines = imported(tenants, shipment, english_packing_list(), "PL.xlsx")
    assert sheet.header_row_number == 4
    assert sheet.suggested_mapping == {
        "line_no": "Item No.",
        "marks": "Shipping Marks",
        "hs_code": "H.S. Code",
        "description_en": "Description of Goods",
        "quantity": "Q'ty",
        "unit": "Unit",
        "packages": "Packages",
        "package_type": "Kind of packages",
        "net_kg": "N/W (kg)",
        "gross_kg": "G/W (kg)",
        "unit_price": "Unit Price (EUR)",
        "amount": "Total Value (EUR)",
        "origin_country": "Country of Origin",
    }
    assert [
        (line.hs_code, line.national_code, line.description_en, line.package_type, line.amount)
        for line in lines
    ] == [
        ("850440", "85044014", "DC regulated power supplies", "22", Decimal("5000.00")),
        ("870830", "", "Brake pads", "22", Decimal("2000")),
    ]
    assert result.skipped.totals == [(7, "Total:")]
    assert result.skipped.below == []


def test_a_column_of_ten_digit_codes_mapped_once_as_national_code_fills_the_hs_code(
    tenants, shipment
):
    sheet = read_sheet(english_packing_list(), "PL.xlsx")
    mapping = {field: header for field, header in sheet.suggested_mapping.items()}
    mapping["national_code"] = mapping.pop("hs_code")
    import_lines(
        actor=tenants.actor(tenants.owner), shipment_id=shipment.pk, sheet=sheet, mapping=mapping
    )
    lines = GoodsLine.objects.filter(shipment=shipment).order_by("line_no")
    assert [(line.hs_code, line.national_code) for line in lines] == [
        ("850440", "85044014"),
        ("870830", ""),
    ]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("商品编码 HS Code", "hs_code"),
        ("商品编码\nHS CODE", "hs_code"),
        ("数量 Qty", "quantity"),
        ("件数 CTNS", "packages"),
        ("毛重 G.W.", "gross_kg"),
        ("净重（千克）N.W.(KGS)", "net_kg"),
        ("单价 Unit Price", "unit_price"),
        ("总价 Amount", "amount"),
        ("唛头 Marks", "marks"),
        ("ＨＳ　ＣＯＤＥ", "hs_code"),  # full-width letters and space
        ("h.s. code:", "hs_code"),
        ("原产国(地区) Country of Origin", "origin_country"),
        ("规格型号 Specification", None),
    ],
)
def test_bilingual_and_full_width_headers_match_by_either_part(header, field):
    assert HeaderIndex.load().field_of(header) == field


def test_a_bilingual_description_header_takes_the_language_of_its_column():
    index = HeaderIndex.load()
    headers = ["商品编码 HS Code", "品名 Description"]
    chinese = [["854143", "光伏组件"], ["870830", "刹车片"]]
    english = [["854143", "PV modules"], ["870830", "Brake pads"]]
    assert index.detect(headers, chinese)["description_zh"] == "品名 Description"
    assert index.detect(headers, english)["description_en"] == "品名 Description"


def test_a_synonym_an_operator_adds_is_used_at_the_next_upload():
    assert HeaderIndex.load().field_of("Warenbezeichnung / 货物品名") is None
    synonym = HeaderSynonym(field="description_en", text="Warenbezeichnung")
    synonym.full_clean()
    synonym.save()
    assert HeaderIndex.load().field_of("Warenbezeichnung / 货物品名") == "description_en"


def test_a_synonym_that_reads_as_another_fields_header_is_refused():
    clash = HeaderSynonym(field="net_kg", text="g.w")
    with pytest.raises(ValidationError) as caught:
        clash.full_clean()
    assert "gross_kg" in str(caught.value)


@pytest.mark.parametrize(
    ("first_cell", "kind"),
    [
        ("合计 TOTAL", "grand"),
        ("合计：", "grand"),
        ("总计", "grand"),
        ("TOTAL", "grand"),
        ("Total:", "grand"),
        ("Grand Total", "grand"),
        ("TOTAL 181 CTNS", "grand"),
        ("Итого", "grand"),
        ("小计", "sub"),
        ("小计 SUBTOTAL", "sub"),
        ("Sub-total", "sub"),
        ("Total station", None),
        ("SAY TOTAL: US DOLLARS", None),
        ("Brake pads", None),
    ],
)
def test_total_rows_are_told_from_goods_lines(first_cell, kind):
    assert total_row_kind(["", first_cell, "181"]) == kind
