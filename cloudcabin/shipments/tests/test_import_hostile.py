"""Hostile and careless spreadsheets: refused before they cost time or memory, and
formulas without a result reported at their cell instead of read as empty.

Each workbook is written here with zipfile, a few hundred bytes, so the test shows the
exact XML at fault. ``bench/hostile_spreadsheets.py`` measures the same files' cost.
"""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from cloudcabin.errors import ProblemError
from cloudcabin.reference.tests.conftest import reference_data, reference_subset_dir  # noqa: F401
from cloudcabin.shipments import services
from cloudcabin.shipments.models import GoodsLine
from cloudcabin.shipments.spreadsheets import reading, scanning
from cloudcabin.shipments.spreadsheets.importing import import_lines
from cloudcabin.shipments.spreadsheets.reading import read_sheet

# Reading a sheet's header consults the header synonym table.
pytestmark = pytest.mark.django_db

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
PACKAGE = "http://schemas.openxmlformats.org/package/2006"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
OOXML = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def workbook(sheet_data: str, *, before: str = "", shared: list[str] | None = None) -> bytes:
    """A minimal .xlsx: one worksheet of ``sheet_data``, ``before`` ahead of its rows."""
    parts = {
        "[Content_Types].xml": (
            f'<Types xmlns="{PACKAGE}/content-types">'
            '<Default Extension="rels" ContentType="application/xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{OOXML}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{OOXML}.worksheet+xml"/>'
            "{shared}</Types>"
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{PACKAGE}/relationships">'
            f'<Relationship Id="rId1" Target="xl/workbook.xml" Type="{OFFICE}/officeDocument"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{OFFICE}">'
            '<sheets><sheet name="Goods" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{PACKAGE}/relationships">'
            f'<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="{OFFICE}/worksheet"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{MAIN}">{before}<sheetData>{sheet_data}</sheetData></worksheet>'
        ),
    }
    override = ""
    if shared is not None:
        items = "".join(f"<si><t>{text}</t></si>" for text in shared)
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{MAIN}">{items}</sst>'
        kind = f"{OOXML}.sharedStrings+xml"
        override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{kind}"/>'
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace("{shared}", override)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def text(ref: str, value: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def row(number: int, *cells: str) -> str:
    return f'<row r="{number}">{"".join(cells)}</row>'


HEADER = row(1, text("A1", "HS code"), text("B1", "Description"))
GOODS = row(2, text("A2", "854143"), text("B2", "Solar panels"))


def refusal(data: bytes, filename: str = "lines.xlsx") -> ProblemError:
    with pytest.raises(ProblemError) as caught:
        read_sheet(data, filename)
    return caught.value


@pytest.fixture
def openpyxl_must_not_open(monkeypatch):
    """Fails the test if the workbook reaches a reader: the refusal must come first.

    (The name is the old reader's: calamine reads workbooks now, openpyxl only writes.)"""

    class Refuse:
        @staticmethod
        def from_filelike(*args, **kwargs):
            raise AssertionError("calamine was asked to open a workbook that should be refused")

    monkeypatch.setattr(reading, "CalamineWorkbook", Refuse)


# --- faults: small files that cost large time or memory -------------------------------


def test_a_row_numbered_past_the_limit_is_refused_naming_it(openpyxl_must_not_open):
    far = row(3_000_000, text("A3000000", "1"))

    problem = refusal(workbook(HEADER + GOODS + far)).problems[0]

    assert problem.code == "FILE_ROWS_PAST_LIMIT" and problem.path == "file"
    assert "row 3000000" in problem.message and str(reading.ROW_LIMIT) in problem.message


def test_a_declared_dimension_past_the_limit_is_refused_before_any_row_is_read(
    openpyxl_must_not_open,
):
    data = workbook(HEADER + GOODS, before='<dimension ref="A1:B100000000"/>')

    assert refusal(data).problems[0].code == "FILE_ROWS_PAST_LIMIT"


def test_empty_rows_count_toward_the_limit_in_a_workbook():
    just_past = row(reading.ROW_LIMIT + 1, text(f"A{reading.ROW_LIMIT + 1}", "854143"))

    assert refusal(workbook(HEADER + GOODS + just_past)).problems[0].code == (
        "FILE_ROWS_PAST_LIMIT"
    )


def test_a_workbook_whose_last_row_is_the_limit_is_read_with_the_rows_between():
    last = row(reading.ROW_LIMIT, text(f"A{reading.ROW_LIMIT}", "854143"))

    sheet = read_sheet(workbook(HEADER + GOODS + last), "lines.xlsx")

    assert len(sheet.rows) == reading.ROW_LIMIT - 1
    assert sheet.rows[0] == ["854143", "Solar panels"] and sheet.rows[-1] == ["854143", ""]


def test_blank_lines_count_toward_the_limit_in_a_csv():
    data = b"HS code,Description\n854143,Solar panels\n" + b"\n" * reading.ROW_LIMIT

    problem = refusal(data, "lines.csv").problems[0]

    assert problem.code == "FILE_ROWS_PAST_LIMIT"
    assert f"row {reading.ROW_LIMIT + 1}" in problem.message


def test_a_csv_line_of_more_cells_than_excel_allows_is_refused():
    data = b"HS code,Description\n854143," + b"," * scanning.MAX_ROW_CELLS + b"\n"

    assert refusal(data, "lines.csv").problems[0].code == "FILE_TOO_MANY_CELLS"


def test_a_workbook_row_of_more_cells_than_excel_allows_is_refused(openpyxl_must_not_open):
    cells = "".join("<c/>" for _ in range(scanning.MAX_ROW_CELLS + 1))

    assert refusal(workbook(HEADER + f"<row>{cells}</row>")).problems[0].code == (
        "FILE_TOO_MANY_CELLS"
    )


def test_bulk_between_the_rows_is_refused_before_openpyxl_parses_it(openpyxl_must_not_open):
    bulk = "<x/>" * (scanning.MAX_OTHER_ELEMENTS + 1)

    assert refusal(workbook(HEADER + bulk + GOODS)).problems[0].code == "FILE_TOO_MANY_CELLS"


def test_a_cell_of_countless_parts_is_refused(openpyxl_must_not_open):
    runs = "<r><t>x</t></r>" * scanning.MAX_CELL_PARTS
    cell = f'<c r="B2" t="inlineStr"><is>{runs}</is></c>'

    assert refusal(workbook(HEADER + row(2, cell))).problems[0].code == "FILE_TOO_MANY_CELLS"


def test_a_shared_strings_table_too_long_to_be_real_is_refused(openpyxl_must_not_open):
    texts = [str(n) for n in range(scanning.MAX_SHARED_STRINGS + 1)]

    assert refusal(workbook(HEADER + GOODS, shared=texts)).problems[0].code == (
        "FILE_TOO_MANY_CELLS"
    )


def test_more_tags_than_any_real_workbook_has_are_refused_unparsed(
    openpyxl_must_not_open, monkeypatch
):
    monkeypatch.setattr(scanning, "MAX_TAGS", 10)
    parsed = []
    monkeypatch.setattr(scanning, "_scan_part", lambda *args: parsed.append(args))

    assert refusal(workbook(HEADER + GOODS)).problems[0].code == "FILE_TOO_MANY_CELLS"
    assert parsed == []


def test_a_part_the_workbook_reads_as_a_worksheet_though_it_is_none_is_refused():
    data = workbook(HEADER + GOODS)
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as copy:
        for item in source.infolist():
            body = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                # No <worksheet> root, so no scan: openpyxl would still read its rows.
                body = f'<other xmlns="{MAIN}"><sheetData>{HEADER}{GOODS}</sheetData></other>'
                body = body.encode()
            copy.writestr(item, body)

    problem = refusal(buffer.getvalue()).problems[0]

    assert problem.code == "FILE_NOT_SPREADSHEET" and "damaged" in problem.message


def test_a_worksheet_that_breaks_off_is_refused_not_read_up_to_the_break():
    data = workbook(HEADER + GOODS)
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as copy:
        for item in source.infolist():
            body = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(b"</sheetData></worksheet>", b'<row r="3"><c r="A3"')
            copy.writestr(item, body)

    problem = refusal(buffer.getvalue()).problems[0]

    assert problem.code == "FILE_NOT_SPREADSHEET" and "damaged" in problem.message


# --- fault: a formula without a stored result became an empty description ------------


@pytest.fixture
def shipment(tenants):
    return services.create_shipment(actor=tenants.actor(tenants.owner), reference="CC-HOST-1")


def run_import(tenants, shipment, data):
    sheet = read_sheet(data, "lines.xlsx")
    return import_lines(
        actor=tenants.actor(tenants.owner),
        shipment_id=shipment.pk,
        sheet=sheet,
        mapping=sheet.suggested_mapping,
    )


def openpyxl_workbook(rows):
    """As a program writes it: formulas stored without a calculated result."""
    book = openpyxl.Workbook()
    sheet = book.active
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.usefixtures("reference_data")
def test_a_formula_without_a_stored_result_is_a_row_error_naming_its_cell(tenants, shipment):
    actor = tenants.actor(tenants.owner)
    services.save_line(actor=actor, shipment_id=shipment.pk, description_en="Old line")
    data = openpyxl_workbook(
        [
            ["HS code", "Description", "Quantity"],
            ["854143", "Solar panels", 10],
            ["854143", '=UPPER("solar cells")', 4],
        ]
    )

    with pytest.raises(ProblemError) as caught:
        run_import(tenants, shipment, data)

    [problem] = caught.value.problems
    assert problem.code == "IMPORT_CELL_FORMULA" and problem.path == "rows[3].description_en"
    assert problem.message.startswith("Row 3, column “Description”: Cell B3 holds a formula")
    assert list(GoodsLine.objects.filter(shipment=shipment).values_list("description_en")) == [
        ("Old line",)
    ]


@pytest.mark.usefixtures("reference_data")
def test_an_error_value_is_a_row_error_not_a_description(tenants, shipment):
    broken = '<c r="B2" t="e"><f>#REF!+1</f><v>#REF!</v></c>'
    data = workbook(HEADER + row(2, text("A2", "854143"), broken))

    with pytest.raises(ProblemError) as caught:
        run_import(tenants, shipment, data)

    assert [(p.code, p.path) for p in caught.value.problems] == [
        ("IMPORT_CELL_FORMULA", "rows[2].description_en")
    ]


@pytest.mark.usefixtures("reference_data")
def test_a_row_whose_only_cell_is_an_uncalculated_formula_is_reported_not_skipped(
    tenants, shipment
):
    data = openpyxl_workbook(
        [["HS code", "Description"], ["854143", "Solar panels"], ["=A2", None]]
    )

    with pytest.raises(ProblemError) as caught:
        run_import(tenants, shipment, data)

    assert [(p.code, p.path) for p in caught.value.problems] == [
        ("IMPORT_CELL_FORMULA", "rows[3].hs_code")
    ]


def test_a_workbook_of_countless_formulas_without_results_is_refused_whole(monkeypatch):
    monkeypatch.setattr(scanning, "MAX_UNUSABLE_CELLS", 2)
    formulas = "".join(f'<c r="{column}2"><f>A2</f></c>' for column in "BCD")
    data = workbook(HEADER + row(2, formulas))

    assert refusal(data).problems[0].code == "FILE_FORMULAS_UNCALCULATED"


@pytest.mark.usefixtures("reference_data")
def test_a_formula_with_its_result_stored_imports_the_result(tenants, shipment):
    calculated = '<c r="B2" t="str"><f>UPPER("solar panels")</f><v>SOLAR PANELS</v></c>'
    data = workbook(HEADER + row(2, text("A2", "854143"), calculated))

    assert run_import(tenants, shipment, data).lines == 1
    assert GoodsLine.objects.get(shipment=shipment).description_en == "SOLAR PANELS"
