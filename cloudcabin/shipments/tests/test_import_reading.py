"""Workbooks read through calamine: cells where the file has them, sheets as the workbook
names them."""

from __future__ import annotations

import io
import zipfile

import pytest

from cloudcabin.shipments.spreadsheets.reading import read_sheet
from cloudcabin.shipments.tests.test_import_hostile import GOODS, HEADER, row, text, workbook

pytestmark = pytest.mark.django_db


def rewritten(data: bytes, part: str, old: bytes, new: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as copy:
        for item in source.infolist():
            body = source.read(item)
            copy.writestr(item, body.replace(old, new) if item.filename == part else body)
    return buffer.getvalue()


def test_rows_and_columns_before_the_table_keep_the_files_row_numbers():
    data = workbook(
        row(3, text("C3", "HS code"), text("D3", "Description"))
        + row(5, text("C5", "854143"), text("D5", "Solar panels"))
    )

    sheet = read_sheet(data, "lines.xlsx")

    assert sheet.headers == ["", "", "HS code", "Description"]
    assert sheet.header_row_number == 3
    assert sheet.rows == [["", "", "", ""], ["", "", "854143", "Solar panels"]]
    assert sheet.row_number(1) == 5


def test_a_sheet_named_by_an_absolute_path_in_the_relationships_is_found():
    data = rewritten(
        workbook(HEADER + GOODS),
        "xl/_rels/workbook.xml.rels",
        b'Target="worksheets/sheet1.xml"',
        b'Target="/xl/worksheets/sheet1.xml"',
    )

    sheet = read_sheet(data, "lines.xlsx")

    assert sheet.rows == [["854143", "Solar panels"]]


def test_numbers_read_as_excel_shows_them():
    cells = '<c r="A2"><v>0.30000000000000004</v></c><c r="B2"><v>1.5E3</v></c>'
    sheet = read_sheet(workbook(HEADER + f'<row r="2">{cells}</row>'), "lines.xlsx")

    assert sheet.rows == [["0.3", "1500"]]
