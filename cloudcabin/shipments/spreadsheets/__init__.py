"""Goods lines from and to the shipper's own spreadsheets (.xlsx and .csv).

- ``scanning``: every part of an uploaded workbook measured (rows, cells, tags, formulas
  without a result) before calamine reads it
- ``reading``: bytes → ``Sheet`` (limits, zip-bomb and encryption checks, header row detection)
- ``mapping``: which column holds which goods-line field (synonyms, saved templates)
- ``values``: cell text → typed values (numbers in any locale, HS codes, units, countries)
- ``importing``: a sheet and a mapping → checked goods lines, saved all or nothing
- ``exporting``: a shipment's lines → .xlsx, written through ``cloudcabin.xlsx`` (no formulas)

The pages (``shipments/views/imports.py``) and the API (``shipments/api_import.py``) import
from these modules directly: "importing" names one thing, the sheet → lines step.
"""
