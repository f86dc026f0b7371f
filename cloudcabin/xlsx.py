"""Every .xlsx workbook the product writes goes out through ``workbook_bytes``: text stays text.

openpyxl stores any text starting with "=" as a formula, which Excel and LibreOffice
then compute: a party named '=HYPERLINK("http://evil.example/x","Click me")' became a
live link in the operator's manifest. ``workbook_bytes`` writes every text cell as a
string cell, whatever openpyxl made of it, so the spreadsheet shows the text as it
was stored, and nothing computes. Text that a spreadsheet program would turn into a
formula once someone edits the cell (starting with = + - @, a tab or a carriage return)
also gets the quote prefix, Excel's own mark for text typed after an apostrophe: the
cell still shows the text alone, and stays text when edited.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def new_workbook(title: str) -> tuple[Workbook, Worksheet]:
    """A workbook of one worksheet named ``title``, to be saved by ``workbook_bytes``."""
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.title = title
    return book, sheet


def workbook_bytes(book: Workbook) -> bytes:
    """The workbook as .xlsx, every text cell a string cell and no cell a formula."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
                    if cell.value.startswith(FORMULA_TRIGGERS):
                        cell.quotePrefix = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
