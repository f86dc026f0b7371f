"""A shipment's goods lines → an .xlsx workbook the importer reads back unchanged.

Written through ``cloudcabin.xlsx``, so text that looks like a formula stays text.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from cloudcabin.errors import render_failure_is_a_finding
from cloudcabin.shipments.models import GoodsLine, Shipment
from cloudcabin.shipments.spreadsheets.fields import IMPORT_FIELDS, LABELS_ZH
from cloudcabin.xlsx import XLSX_CONTENT_TYPE, new_workbook, workbook_bytes

__all__ = ["XLSX_CONTENT_TYPE", "export_lines_xlsx"]

TOTALS_LABEL = "Total / 合计"
SUMMED_FIELDS = ("net_kg", "gross_kg", "packages", "amount")
NUMBER_FORMATS = {"amount": "#,##0.00", "net_kg": "#,##0.000", "gross_kg": "#,##0.000"}
WIDE_FIELDS = {"description_zh": 30, "description_en": 36, "declared_elements": 40, "marks": 20}


@render_failure_is_a_finding(gettext_lazy("Goods-line spreadsheet"))
def export_lines_xlsx(shipment: Shipment) -> bytes:
    """The shipment's goods lines, one row each, under bilingual headers, with a totals row."""
    lines = list(GoodsLine.objects.filter(shipment=shipment).order_by("line_no", "id"))
    workbook, sheet = new_workbook("Goods lines")
    fields = list(IMPORT_FIELDS)
    sheet.append([f"{IMPORT_FIELDS[field]} / {LABELS_ZH[field]}" for field in fields])
    for line in lines:
        sheet.append([_value(getattr(line, field)) for field in fields])
    totals: list[object] = [None] * len(fields)
    totals[0] = TOTALS_LABEL
    for field in SUMMED_FIELDS:
        parts = [getattr(line, field) for line in lines]
        totals[fields.index(field)] = sum(
            (Decimal(part) for part in parts if part is not None), Decimal(0)
        )
    sheet.append(totals)
    bold = Font(bold=True)
    for cell in (*sheet[1], *sheet[sheet.max_row]):
        cell.font = bold
    for number, field in enumerate(fields, start=1):
        letter = get_column_letter(number)
        sheet.column_dimensions[letter].width = WIDE_FIELDS.get(field, 14)
        if field in NUMBER_FORMATS:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=number, max_col=number):
                cell.number_format = NUMBER_FORMATS[field]
    sheet.freeze_panes = "A2"
    return workbook_bytes(workbook)


def _value(value: object) -> object:
    """Numbers as numbers (Decimal stays exact in the file), empty text blank."""
    return value if value != "" else None
