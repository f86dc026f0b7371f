"""The shipments app's error codes (rule checks, edits, the route, import), one block of the one
catalogue (``cloudcabin.errors``).

Keep each block sorted by code; add, never rename.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cloudcabin.catalogue import CatalogueEntry, Severity

E, W = Severity.ERROR, Severity.WARNING

SHIPMENTS_CATALOGUE: dict[str, CatalogueEntry] = {
    # shipments: rule checks and edits
    "AMOUNT_MISMATCH": CatalogueEntry(
        E, _("Line {line}: amount {amount} is not quantity × unit price ({expected}).")
    ),
    "CONTAINER_CHECK_DIGIT": CatalogueEntry(
        E, _("Container {value}: the ISO 6346 check digit should be {expected}.")
    ),
    "CONTAINER_NUMBER_INVALID": CatalogueEntry(
        E, _("“{value}” is not an ISO 6346 container number (4 letters, 7 digits).")
    ),
    "CONTAINER_OVERWEIGHT": CatalogueEntry(
        E,
        _("Container {number} would weigh {gross} kg with its tare, over its {limit} kg maximum."),
    ),
    "CONTAINER_TYPE_UNKNOWN": CatalogueEntry(E, _("“{value}” is not an ISO 6346 size-type code.")),
    "DECLARED_ELEMENTS_PREFIX": CatalogueEntry(
        E,
        _(
            "Line {line}: declared elements must start with the brand type (0–4) and the "
            "export preference (0–2), e.g. “0|0|…”."
        ),
    ),
    "EORI_MISSING": CatalogueEntry(
        W, _("The consignee has no EORI number; the EU entry summary will need one.")
    ),
    "HS_DESCRIPTION_MISMATCH": CatalogueEntry(
        W,
        _(
            "Line {line}: “{description}” reads like {suggested} ({label}), not {hs}; "
            "check the code."
        ),
    ),
    "HS_MISSING": CatalogueEntry(E, _("Line {line}: the HS code is missing.")),
    "HS_NOT_6_DIGITS": CatalogueEntry(E, _("Line {line}: “{value}” is not a 6-digit HS code.")),
    "INCOTERM_MISSING": CatalogueEntry(E, _("Choose an Incoterms 2020 rule.")),
    "INCOTERM_MODE": CatalogueEntry(
        E, _("{incoterm} is a rule for sea and inland waterway; this route is “{route}”.")
    ),
    "LINE_NO_DUPLICATE": CatalogueEntry(E, _("Line number {line} is used twice.")),
    "NAMED_PLACE_MISSING": CatalogueEntry(E, _("{incoterm} needs its named place.")),
    "NATIONAL_CODE_MISMATCH": CatalogueEntry(
        E, _("National code “{value}” must have 8 or 10 digits and start with HS {hs}.")
    ),
    "NATIONAL_CODE_UNKNOWN": CatalogueEntry(
        E, _("Line {line}: {value} is not in the China tariff.")
    ),
    "NET_GT_GROSS": CatalogueEntry(
        E, _("Line {line}: net mass {net} kg is more than gross mass {gross} kg.")
    ),
    "PACKAGES_NOT_STOWED": CatalogueEntry(
        E, _("Line {line}: {stowed} of {packages} packages are stowed in containers.")
    ),
    "PARTY_MISSING": CatalogueEntry(E, _("This party is required.")),
    "PARTY_VAT_COUNTRY": CatalogueEntry(
        W, _("The VAT number starts with {prefix} but the party is in {country}.")
    ),
    "REVISION_FROZEN": CatalogueEntry(E, _("{detail}"), 409),
    "STALE_VERSION": CatalogueEntry(
        E,
        _(
            "Someone else saved this record after you opened it, so your change was not "
            "saved. The current values are shown: make your change again if it is still "
            "needed."
        ),
        409,
    ),
    "TOTAL_AMOUNT_MISMATCH": CatalogueEntry(
        E, _("The invoice total is {stated} but the lines add up to {lines}.")
    ),
    "TOTAL_GROSS_MISMATCH": CatalogueEntry(
        E, _("The stated gross mass is {stated} kg but the lines add up to {lines} kg.")
    ),
    "TOTAL_PACKAGES_MISMATCH": CatalogueEntry(
        E, _("The stated package count is {stated} but the lines add up to {lines}.")
    ),
    "UN_NUMBER_INVALID": CatalogueEntry(E, _("“{value}” is not a 4-digit UN number.")),
    "UNIT_MISSING": CatalogueEntry(E, _("Line {line}: a quantity needs its unit.")),
    "UNIT_UNKNOWN": CatalogueEntry(
        W, _("Unit “{value}” has no China customs unit mapped to it (UN/ECE Rec. 20).")
    ),
    "USCC_MISSING": CatalogueEntry(
        E, _("A Chinese exporter needs its Unified Social Credit Code on the declaration.")
    ),
    # shipments: the route
    "ROUTE_CROSSINGS_DERIVED": CatalogueEntry(
        E,
        _(
            "The border crossings come from the planned route ({route}): plan the route "
            "again or change the origin or destination instead."
        ),
        409,
    ),
    "ROUTE_DIRECTION_DERIVED": CatalogueEntry(
        E,
        _(
            "The direction comes from the planned route ({route}): {direction}. Change "
            "the origin or destination instead."
        ),
        409,
    ),
    # shipments: import
    "FILE_EMPTY": CatalogueEntry(E, _("The file has no rows."), 422),
    "FILE_ENCRYPTED": CatalogueEntry(
        E, _("The file is protected by a password: save it without one and upload it again."), 422
    ),
    "FILE_FORMULAS_UNCALCULATED": CatalogueEntry(
        E,
        _(
            "More than {limit} cells hold formulas whose results the file does not store, or "
            "errors: save the file from Excel or LibreOffice, which store the results, and "
            "upload it again."
        ),
        422,
    ),
    "FILE_NO_HEADER": CatalogueEntry(
        E,
        _(
            "No header row found in the first {rows} rows: give the columns names such as "
            "“HS code”, “Description” and “Quantity”."
        ),
        422,
    ),
    "FILE_NOT_SPREADSHEET": CatalogueEntry(
        E, _("“{filename}” is not an .xlsx or .csv spreadsheet we can read: {reason}"), 422
    ),
    "FILE_ROWS_PAST_LIMIT": CatalogueEntry(
        E,
        _(
            "The file goes on to row {row}; at most {limit} rows are read, empty ones "
            "included. Delete the rows below the goods lines, or split the file, and upload "
            "it again."
        ),
        422,
    ),
    "FILE_TOO_LARGE": CatalogueEntry(
        E, _("The file is larger than {limit} MB: split it into smaller files."), 413
    ),
    "FILE_TOO_MANY_CELLS": CatalogueEntry(
        E,
        _(
            "The workbook holds more than {limit} cells or other XML elements and was not "
            "opened: copy the goods lines alone into a new workbook."
        ),
        422,
    ),
    "FILE_TOO_MANY_ROWS": CatalogueEntry(
        E, _("The file has more than {limit} rows: split it into smaller files."), 422
    ),
    "FILE_UNPACKS_TOO_LARGE": CatalogueEntry(
        E,
        _(
            "The workbook unpacks to more than {limit} MB or is compressed suspiciously "
            "well; it was not opened."
        ),
        422,
    ),
    "IMPORT_CELL_FORMULA": CatalogueEntry(
        E,
        _(
            "Cell {cell} holds a formula whose result the file does not store, or an error: "
            "paste the cells as values only, or save the file from Excel or LibreOffice, "
            "which store the results."
        ),
        422,
    ),
    "IMPORT_COLUMN_MISSING": CatalogueEntry(
        E, _("There is no column “{column}” in the file (chosen for {field})."), 422
    ),
    "IMPORT_COLUMN_REQUIRED": CatalogueEntry(
        E, _("Choose the column that holds the {field}."), 422
    ),
    "IMPORT_FIELD_UNKNOWN": CatalogueEntry(E, _("“{field}” is not a goods-line field."), 422),
    "IMPORT_HS_INVALID": CatalogueEntry(
        E, _("“{value}” is not an HS code (6 digits, or the 8- or 10-digit national code)."), 422
    ),
    "IMPORT_NO_LINES": CatalogueEntry(
        E, _("The file has no goods lines below its header row."), 422
    ),
    "IMPORT_NUMBER_INVALID": CatalogueEntry(E, _("“{value}” is not a number."), 422),
    "IMPORT_NUMBER_NEGATIVE": CatalogueEntry(E, _("“{value}” must not be negative."), 422),
    "IMPORT_NUMBER_TOO_LARGE": CatalogueEntry(
        E, _("“{value}” is too large: at most {digits} digits before the decimal point."), 422
    ),
    "IMPORT_PACKAGE_TYPE_INVALID": CatalogueEntry(
        E,
        _(
            "“{value}” is not a China customs packaging code "
            "(e.g. 22 cartons, 23 wooden cases, 06 bags)."
        ),
        422,
    ),
    "IMPORT_ROWS_BELOW_TOTAL": CatalogueEntry(
        W,
        _(
            "Rows {first}–{last} ({count} filled) are below the total row: they were not "
            "read as goods lines."
        ),
    ),
    "IMPORT_STOWAGE_CLEARED": CatalogueEntry(
        W, _("The previous lines' stowage in containers was removed: stow the new lines again.")
    ),
    "IMPORT_TEXT_TOO_LONG": CatalogueEntry(
        E, _("“{value}” is longer than {limit} characters."), 422
    ),
    "IMPORT_TOO_MANY_PROBLEMS": CatalogueEntry(
        E, _("… and {more} more problems: fix those shown first."), 422
    ),
    "IMPORT_TOTAL_ROW_SKIPPED": CatalogueEntry(
        W, _("Row {row} (“{text}”) is a total row: it was skipped, not imported as a line.")
    ),
    "IMPORT_UNIT_INVALID": CatalogueEntry(
        E, _("“{value}” is not a unit of measure we know (e.g. PCS, KG, SET or H87, KGM)."), 422
    ),
    "IMPORT_WHOLE_NUMBER": CatalogueEntry(E, _("“{value}” is not a whole number."), 422),
}
