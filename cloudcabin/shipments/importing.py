"""Goods lines from and to spreadsheets: the public entry points.

The pages and the API call these; the work is done in ``cloudcabin.shipments.spreadsheets``.
"""

from __future__ import annotations

from cloudcabin.shipments.spreadsheets.exporting import XLSX_CONTENT_TYPE, export_lines_xlsx
from cloudcabin.shipments.spreadsheets.fields import IMPORT_FIELDS, LABELS_ZH
from cloudcabin.shipments.spreadsheets.importing import (
    ImportResult,
    SkippedRows,
    import_lines,
    skipped_by,
)
from cloudcabin.shipments.spreadsheets.mapping import mapping_from_template, save_template
from cloudcabin.shipments.spreadsheets.reading import MAX_ROWS, MAX_UPLOAD_BYTES, Sheet, read_sheet

__all__ = [
    "IMPORT_FIELDS",
    "LABELS_ZH",
    "MAX_ROWS",
    "MAX_UPLOAD_BYTES",
    "XLSX_CONTENT_TYPE",
    "ImportResult",
    "Sheet",
    "SkippedRows",
    "export_lines_xlsx",
    "import_lines",
    "mapping_from_template",
    "read_sheet",
    "save_template",
    "skipped_by",
]
