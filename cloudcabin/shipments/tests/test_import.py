"""Importing goods lines from spreadsheets and exporting them: files, mapping, all-or-nothing."""

# ruff: noqa: RUF001  (Russian headers and values on purpose)

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.db import DatabaseError

from cloudcabin import bulk
from cloudcabin.errors import ProblemError
from cloudcabin.reference.tests.conftest import reference_data, reference_subset_dir  # noqa: F401
from cloudcabin.shipments import services
from cloudcabin.shipments.models import GoodsLine, ImportTemplate
from cloudcabin.shipments.spreadsheets import reading
from cloudcabin.shipments.spreadsheets.exporting import export_lines_xlsx
from cloudcabin.shipments.spreadsheets.fields import IMPORT_FIELDS
from cloudcabin.shipments.spreadsheets.importing import import_lines
from cloudcabin.shipments.spreadsheets.mapping import (
    HeaderIndex,
    mapping_from_template,
    save_template,
)
from cloudcabin.shipments.spreadsheets.reading import MAX_ROWS, MAX_UPLOAD_BYTES, read_sheet
from cloudcabin.shipments.spreadsheets.values import parse_decimal, split_hs, uses_decimal_comma

FIXTURES = Path(__file__).parent / "fixtures"
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]

ENGLISH_HEADER = [
    "No.",
    "Description of goods",
    "品名",
    "HS Code",
    "Q'ty",
    "Unit",
    "N.W.(KGS)",
    "G.W.(KGS)",
    "CTNS",
    "Unit Price (USD)",
    "Amount (USD)",
    "Country of Origin",
    "Declared elements",
]


def xlsx(rows, sheet_title="Invoice"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def english_invoice():
    """A shipper's invoice: title rows above the header, numbers as numbers and as text."""
    return xlsx(
        [
            ["COMMERCIAL INVOICE"],
            [],
            ["Invoice No.", "XA-2026-001", None, "Date", "2026-03-01"],
            ENGLISH_HEADER,
            [
                1,
                "Photovoltaic modules",
                "光伏组件",
                "8541.43.00",
                600,
                "PCS",
                16800,
                18000,
                20,
                95.5,
                "57,300.00",
                "China",
                "1|0|光伏组件|单晶硅|550W",
            ],
            [
                2,
                "Brake parts",
                "制动器零件",
                870830,
                100,
                "KGS",
                100,
                120.5,
                2,
                10,
                1000,
                "CN",
                "0|0|制动器|铸铁",
            ],
            [],
            ["Total", None, None, None, None, None, 16900, 18120.5, 22, None, 58300],
            ["Say total: US dollars fifty-eight thousand three hundred only"],
        ]
    )


@pytest.fixture
def shipment(tenants):
    return services.create_shipment(actor=tenants.actor(tenants.owner), reference="CC-IMP-1")


def run_import(tenants, shipment, data, filename, mapping=None):
    sheet = read_sheet(data, filename)
    return import_lines(
        actor=tenants.actor(tenants.owner),
        shipment_id=shipment.pk,
        sheet=sheet,
        mapping=sheet.suggested_mapping if mapping is None else mapping,
    )


def saved_lines(shipment):
    return list(GoodsLine.objects.filter(shipment=shipment).order_by("line_no"))


def refusal(data, filename="lines.xlsx"):
    with pytest.raises(ProblemError) as caught:
        read_sheet(data, filename)
    return caught.value


# --- good files ----------------------------------------------------------------------


def test_an_english_xlsx_with_title_rows_above_its_header_is_imported(tenants, shipment):
    sheet = read_sheet(english_invoice(), "invoice.xlsx")
    assert sheet.header_row_number == 4
    assert sheet.suggested_mapping["hs_code"] == "HS Code"
    assert sheet.suggested_mapping["description_en"] == "Description of goods"
    assert sheet.suggested_mapping["description_zh"] == "品名"
    assert sheet.suggested_mapping["net_kg"] == "N.W.(KGS)"

    result = run_import(tenants, shipment, english_invoice(), "invoice.xlsx")

    assert result.lines == 2
    assert result.warnings == []
    first, second = saved_lines(shipment)
    assert (first.hs_code, first.national_code) == ("854143", "85414300")
    assert first.description_zh == "光伏组件"
    assert (first.quantity, first.unit, first.amount) == (Decimal(600), "H87", Decimal("57300"))
    assert (first.unit_price, first.origin_country, first.packages) == (Decimal("95.5"), "CN", 20)
    assert (second.hs_code, second.national_code, second.unit) == ("870830", "", "KGM")
    assert second.gross_kg == Decimal("120.5")


def test_a_chinese_csv_in_gb18030_is_imported(tenants, shipment):
    data = (FIXTURES / "lines_zh_gb18030.csv").read_bytes()
    result = run_import(tenants, shipment, data, "装箱单.csv")
    assert result.lines == 2  # the 合计 row ends the goods lines
    first, second = saved_lines(shipment)
    assert (first.description_zh, first.description_en) == ("光伏组件", "Photovoltaic modules")
    assert (first.hs_code, first.national_code) == ("854143", "8541430000")
    assert (first.unit, first.package_type, first.origin_country) == ("H87", "23", "CN")
    assert (second.unit, second.package_type, second.net_kg) == ("KGM", "22", Decimal(100))


def test_a_russian_csv_with_semicolons_and_decimal_commas_is_imported(tenants, shipment):
    data = (FIXTURES / "lines_ru.csv").read_bytes()
    result = run_import(tenants, shipment, data, "invoice-ru.csv")
    assert result.lines == 2
    first, second = saved_lines(shipment)
    assert first.description_en == "Фотоэлектрические модули"
    assert (first.hs_code, first.national_code) == ("854143", "8541430000")
    assert (first.quantity, first.net_kg, first.gross_kg) == (
        Decimal(1200),
        Decimal("33600.5"),
        Decimal("36000.75"),
    )
    assert (first.amount, first.unit, first.origin_country) == (Decimal(114600), "H87", "CN")
    assert (second.quantity, second.unit) == (Decimal("12.5"), "KGM")
    # The file has no declared-elements column: said, but not the file's fault.
    assert {(w.code, w.path) for w in result.warnings} == {
        ("DECLARED_ELEMENTS_PREFIX", "rows[2].declared_elements"),
        ("DECLARED_ELEMENTS_PREFIX", "rows[3].declared_elements"),
    }
    assert result.warnings[0].message.startswith("Row 2: Line 1: declared elements")


def test_a_russian_csv_saved_by_excel_in_windows_1251_is_read():
    text = (FIXTURES / "lines_ru.csv").read_text(encoding="utf-8")
    sheet = read_sheet(text.encode("cp1251"), "invoice-ru.csv")
    assert sheet.headers[1] == "Наименование"
    assert sheet.rows[0][10] == "Китай"


def test_a_tab_separated_utf16_file_from_excel_is_read():
    text = "HS code\tDescription\tQuantity\n854143\tSolar modules\t5\n"
    sheet = read_sheet(text.encode("utf-16"), "export.txt")
    assert sheet.rows == [["854143", "Solar modules", "5"]]


def test_the_worksheet_with_the_goods_is_chosen_in_a_workbook_of_several():
    workbook = openpyxl.Workbook()
    workbook.active.append(["Terms and conditions"])
    workbook.create_sheet("Packing list").append(["HS code", "Gross weight", "Packages"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    sheet = read_sheet(buffer.getvalue(), "book.xlsx")
    assert sheet.headers == ["HS code", "Gross weight", "Packages"]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("HS编码", "hs_code"),
        ("商品编码", "hs_code"),
        ("Код ТН ВЭД", "hs_code"),
        ("Description", "description_en"),
        ("商品名称", "description_zh"),
        ("Наименование", "description_en"),
        ("数量", "quantity"),
        ("Количество", "quantity"),
        ("Ед. изм.", "unit"),
        ("单位", "unit"),
        ("净重（千克）", "net_kg"),
        ("Вес брутто", "gross_kg"),
        ("Кол-во мест", "packages"),
        ("件数", "packages"),
        ("单价", "unit_price"),
        ("Цена", "unit_price"),
        ("总价", "amount"),
        ("Сумма", "amount"),
        ("原产国", "origin_country"),
        ("Страна происхождения", "origin_country"),
        ("唛头", "marks"),
        ("Маркировка", "marks"),
        ("Net weight (kg) / 净重", "net_kg"),
        ("Description (Chinese) / 中文品名", "description_zh"),
        ("Remarks", None),
    ],
)
def test_headers_are_recognised_in_english_chinese_and_russian(header, field):
    assert HeaderIndex.load().field_of(header) == field


@pytest.mark.parametrize(
    ("text", "decimal_comma", "value"),
    [
        ("1,234.50", False, "1234.50"),
        ("1 234,50", True, "1234.50"),
        ("1.234,50", True, "1234.50"),
        ("1234.5", False, "1234.5"),
        ("1234,5", False, "1234.5"),
        ("1,234", False, "1234"),
        ("1,234", True, "1.234"),
        ("0,125", False, "0.125"),
        ("$ 12.00", False, "12.00"),
        ("1\u00a0000", False, "1000"),
    ],
)
def test_numbers_are_read_in_the_files_own_convention(text, decimal_comma, value):
    assert parse_decimal(text, decimal_comma=decimal_comma) == Decimal(value)


def test_the_decimal_convention_is_judged_from_numbers_that_cannot_be_misread():
    assert uses_decimal_comma(["1,234", "12,5", "3 000,25"])
    assert not uses_decimal_comma(["1,234", "12.5"])


def test_hs_codes_lose_their_dots_and_spaces_and_keep_the_national_code():
    assert split_hs("8541.43.00") == ("854143", "85414300")
    assert split_hs("8541 43 000 0") == ("854143", "8541430000")
    assert split_hs("870899") == ("870899", "")


# --- every problem at once, nothing saved --------------------------------------------


def test_a_file_with_several_bad_rows_reports_them_all_and_saves_nothing(tenants, shipment):
    actor = tenants.actor(tenants.owner)
    services.save_line(actor=actor, shipment_id=shipment.pk, description_en="Old line")
    before = list(GoodsLine.objects.values_list("id", "description_en"))

    with pytest.raises(ProblemError) as caught:
        run_import(tenants, shipment, (FIXTURES / "lines_en_bad.csv").read_bytes(), "bad.csv")

    assert caught.value.status == 422
    found = [(p.code, p.path) for p in caught.value.problems]
    assert found == [
        ("IMPORT_HS_INVALID", "rows[3].hs_code"),
        ("HS_UNKNOWN", "rows[4].hs_code"),
        ("NET_GT_GROSS", "rows[5].net_kg"),
        ("IMPORT_WHOLE_NUMBER", "rows[5].packages"),
        ("IMPORT_NUMBER_INVALID", "rows[6].net_kg"),
        ("IMPORT_NUMBER_INVALID", "rows[6].unit_price"),
        ("AMOUNT_MISMATCH", "rows[7].amount"),
    ]
    messages = [p.message for p in caught.value.problems]
    assert messages[0].startswith("Row 3, column “HS code”: “8541.4X” is not an HS code")
    assert messages[3] == "Row 5, column “Packages”: “one” is not a whole number."
    assert list(GoodsLine.objects.values_list("id", "description_en")) == before


def test_a_database_failure_half_way_leaves_the_old_lines(tenants, shipment, monkeypatch):
    actor = tenants.actor(tenants.owner)
    services.save_line(actor=actor, shipment_id=shipment.pk, description_en="Old line")
    real_insert = bulk.insert

    def fail_after_the_first_rows(model, rows):
        real_insert(model, list(rows)[:1])
        raise DatabaseError("disk full")

    monkeypatch.setattr(bulk, "insert", fail_after_the_first_rows)
    with pytest.raises(DatabaseError):
        run_import(tenants, shipment, english_invoice(), "invoice.xlsx")
    assert [line.description_en for line in saved_lines(shipment)] == ["Old line"]


def test_a_mapping_without_an_hs_column_or_with_a_missing_column_is_refused(tenants, shipment):
    sheet = read_sheet(english_invoice(), "invoice.xlsx")
    actor = tenants.actor(tenants.owner)
    with pytest.raises(ProblemError) as caught:
        import_lines(actor=actor, shipment_id=shipment.pk, sheet=sheet, mapping={})
    assert [p.code for p in caught.value.problems] == ["IMPORT_COLUMN_REQUIRED"]
    with pytest.raises(ProblemError) as caught:
        import_lines(
            actor=actor,
            shipment_id=shipment.pk,
            sheet=sheet,
            mapping={"hs_code": "Tariff", "colour": "Colour"},
        )
    assert {(p.code, p.path) for p in caught.value.problems} == {
        ("IMPORT_COLUMN_MISSING", "mapping.hs_code"),
        ("IMPORT_FIELD_UNKNOWN", "mapping.colour"),
    }


def test_a_read_only_colleague_cannot_import(tenants, shipment):
    sheet = read_sheet(english_invoice(), "invoice.xlsx")
    with pytest.raises(ProblemError) as caught:
        import_lines(
            actor=tenants.actor(tenants.colleague),
            shipment_id=shipment.pk,
            sheet=sheet,
            mapping=sheet.suggested_mapping,
        )
    assert caught.value.problems[0].code == "PERMISSION_DENIED"


def test_an_import_over_stowed_lines_says_the_stowage_was_cleared(tenants, shipment):
    actor = tenants.actor(tenants.owner)
    line = services.save_line(actor=actor, shipment_id=shipment.pk, hs_code="854143", packages=2)
    container = services.save_container(actor=actor, shipment_id=shipment.pk, number="CSQU3054383")
    services.stow(
        actor=actor, shipment_id=shipment.pk, container_id=container.pk, line_id=line.pk, packages=2
    )
    result = run_import(tenants, shipment, english_invoice(), "invoice.xlsx")
    assert [w.code for w in result.warnings] == ["IMPORT_STOWAGE_CLEARED"]


# --- templates -----------------------------------------------------------------------


def test_a_saved_template_maps_a_layout_no_synonym_knows(tenants, shipment):
    actor = tenants.actor(tenants.owner)
    own_words = {"hs_code": "Zolltarif", "description_en": "Artikel", "quantity": "Menge"}
    save_template(actor=actor, name="Duisburg layout", mapping={"hs_code": "old"})
    template = save_template(actor=actor, name="Duisburg layout", mapping=own_words)
    assert ImportTemplate.objects.filter(organization=tenants.org).count() == 1

    data = xlsx([["Lieferung 7"], ["Artikel", "Zolltarif", "Menge"], ["Pumpe", "841370", "2"]])
    sheet = read_sheet(data, "lieferung.xlsx", header_hints=template.mapping.values())
    assert sheet.header_row_number == 2
    mapping = mapping_from_template(sheet, template)
    assert mapping == own_words

    result = import_lines(actor=actor, shipment_id=shipment.pk, sheet=sheet, mapping=mapping)
    assert result.lines == 1
    assert saved_lines(shipment)[0].description_en == "Pumpe"


def test_templates_are_written_by_members_who_may_write_with_known_fields(tenants):
    with pytest.raises(ProblemError) as caught:
        save_template(actor=tenants.actor(tenants.colleague), name="x", mapping={})
    assert caught.value.problems[0].code == "PERMISSION_DENIED"
    with pytest.raises(ProblemError) as caught:
        save_template(actor=tenants.actor(tenants.owner), name=" ", mapping={"colour": "C"})
    assert [p.code for p in caught.value.problems] == ["REQUIRED", "IMPORT_FIELD_UNKNOWN"]


# --- files refused -------------------------------------------------------------------


def test_an_encrypted_workbook_is_refused_as_such():
    ole = reading.OLE_MAGIC + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le")
    assert refusal(ole).problems[0].code == "FILE_ENCRYPTED"


def test_an_old_xls_file_is_refused_with_a_hint_to_save_it_as_xlsx():
    problem = refusal(reading.OLE_MAGIC + b"\x00" * 600, "invoice.xls").problems[0]
    assert problem.code == "FILE_NOT_SPREADSHEET"
    assert "save it as .xlsx" in problem.message


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (8 * 1024 * 1024))
    assert refusal(buffer.getvalue()).problems[0].code == "FILE_UNPACKS_TOO_LARGE"


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "photo.xlsx"),
        (b"PK\x03\x04 this is not a zip", "broken.xlsx"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 4, "invoice.csv"),
    ],
)
def test_files_that_are_no_spreadsheet_are_refused(data, filename):
    assert refusal(data, filename).problems[0].code == "FILE_NOT_SPREADSHEET"


def test_a_zip_that_is_no_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    assert refusal(buffer.getvalue(), "letter.docx").problems[0].code == "FILE_NOT_SPREADSHEET"


def test_too_large_too_long_empty_and_headerless_files_are_refused():
    assert refusal(b" " * (MAX_UPLOAD_BYTES + 1)).problems[0].code == "FILE_TOO_LARGE"
    rows = "HS code,Quantity\n" + "854143,1\n" * (MAX_ROWS + 1)
    assert refusal(rows.encode(), "big.csv").problems[0].code == "FILE_TOO_MANY_ROWS"
    assert refusal(b"\n\n", "empty.csv").problems[0].code == "FILE_EMPTY"
    assert refusal(b"1,2,3\n4,5,6\n", "numbers.csv").problems[0].code == "FILE_NO_HEADER"


def test_a_file_of_exactly_max_rows_is_read():
    rows = "HS code,Quantity\n" + "854143,1\n" * MAX_ROWS
    assert len(read_sheet(rows.encode(), "full.csv").rows) == MAX_ROWS


# --- export --------------------------------------------------------------------------


def test_the_export_neutralises_formulas_and_reads_back_as_the_same_lines(tenants, shipment):
    actor = tenants.actor(tenants.owner)
    run_import(tenants, shipment, english_invoice(), "invoice.xlsx")
    first = saved_lines(shipment)[0]
    evil = '=HYPERLINK("http://evil.example","click")'
    services.save_line(
        actor=actor, shipment_id=shipment.pk, line_id=first.pk, description_en=evil, marks="@SUM(1)"
    )

    data = export_lines_xlsx(shipment)

    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    header = [cell.value for cell in sheet[1]]
    assert header[3] == "HS code / HS编码"
    assert len(header) == len(IMPORT_FIELDS)
    row = {field: cell for field, cell in zip(IMPORT_FIELDS, sheet[2], strict=True)}
    # The text itself, a string cell marked as Excel marks text typed after an apostrophe.
    assert row["description_en"].value == evil
    assert row["description_en"].data_type == "s" and row["description_en"].quotePrefix
    assert row["marks"].value == "@SUM(1)" and row["marks"].quotePrefix
    assert row["amount"].data_type == "n"
    assert all(cell.data_type != "f" for r in sheet.iter_rows() for cell in r)
    assert sheet.cell(row=4, column=1).value == "Total / 合计"

    copy = services.create_shipment(actor=actor, reference="CC-IMP-2")
    run_import(tenants, copy, data, "export.xlsx")
    fields = [f for f in IMPORT_FIELDS]
    assert [[getattr(line, f) for f in fields] for line in saved_lines(copy)] == [
        [getattr(line, f) for f in fields] for line in saved_lines(shipment)
    ]
