"""A sheet and a column mapping → checked goods lines, swapped in all or nothing.

Every problem is collected before anything is written: cell problems while parsing,
then the line rules run over the unsaved lines, their ``lines[i].x`` paths mapped back
to ``rows[N].x``, where N is the row number in the file (1-based, as the spreadsheet
shows it), and their messages prefixed with the row and the column's header.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import DecimalField
from django.utils.translation import gettext_lazy as _
from openpyxl.utils import get_column_letter

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.errors import Problem, ProblemError, Severity, problem
from cloudcabin.shipments import selectors, services
from cloudcabin.shipments.checks.context import PARTY_ROLES, ShipmentView
from cloudcabin.shipments.checks.rules import run_rules
from cloudcabin.shipments.models import Allocation, GoodsLine
from cloudcabin.shipments.spreadsheets import values
from cloudcabin.shipments.spreadsheets.fields import IMPORT_FIELDS
from cloudcabin.shipments.spreadsheets.mapping import (
    column_of,
    header_key,
    mapping_problems,
)
from cloudcabin.shipments.spreadsheets.reading import Sheet
from cloudcabin.shipments.spreadsheets.values import CellError, Vocabulary
from cloudcabin.xlsx import FORMULA_TRIGGERS

# An import refused with more problems than this lists these and a count of the rest.
MAX_PROBLEMS = 500
MAX_LINE_NO = 999_999
MAX_PACKAGES = 2_147_483_647

AT_CELL = _("Row {row}, column “{column}”: {message}")
AT_ROW = _("Row {row}: {message}")

DECIMAL_FIELDS = ("quantity", "net_kg", "gross_kg", "unit_price", "amount")
# Shipment-level findings that the lines decide: reported after an import, never blocking it.
TOTALS_CODES = frozenset(
    {"TOTAL_AMOUNT_MISMATCH", "TOTAL_PACKAGES_MISMATCH", "TOTAL_GROSS_MISMATCH"}
)
# A row whose first cell starts with these words (and that has no HS code) is a total row:
# skipped, with a note. Below a grand total come signatures and notes, not goods; a
# subtotal may be followed by more lines.
GRAND_TOTAL_WORDS = (
    "grand total",
    "total",
    "totals",
    "sum",
    "合计",
    "总计",
    "共计",
    "总合计",
    "итого",
    "всего",
)
SUBTOTAL_WORDS = ("subtotal", "sub total", "小计", "промежуточный итог")
_TOTAL_KEYS = sorted(
    ((header_key(word), word in SUBTOTAL_WORDS) for word in GRAND_TOTAL_WORDS + SUBTOTAL_WORDS),
    key=lambda item: -len(item[0]),
)
MEMO_FIELDS = frozenset(
    {
        *DECIMAL_FIELDS,
        "packages",
        "hs_code",
        "national_code",
        "unit",
        "origin_country",
        "package_type",
        "brand_type",
        "export_preference",
        "un_number",
    }
)
_LINE_PATH = re.compile(r"^lines\[(\d+)\]\.(\w+)$")
_UNPARSED = object()


@dataclass(frozen=True)
class SkippedRows:
    """Total rows left out of the import, and the filled rows below a grand total."""

    totals: list[tuple[int, str]]  # (file row number, the row's first filled cell)
    below: list[int]

    def notes(self) -> list[Problem]:
        notes = [
            problem("IMPORT_TOTAL_ROW_SKIPPED", path=f"rows[{row}]", row=row, text=text)
            for row, text in self.totals
        ]
        if self.below:
            notes.append(
                problem(
                    "IMPORT_ROWS_BELOW_TOTAL",
                    path=f"rows[{self.below[0]}]",
                    count=len(self.below),
                    first=self.below[0],
                    last=self.below[-1],
                )
            )
        return notes


@dataclass(frozen=True)
class ImportResult:
    lines: int
    warnings: list[Problem]  # findings that did not stop the import (see import_lines)
    skipped: SkippedRows = dataclasses.field(default_factory=lambda: SkippedRows([], []))


def _column_map(sheet: Sheet, mapping: dict[str, str]) -> dict[str, int]:
    problems = mapping_problems(mapping)
    columns: dict[str, int] = {}
    for field, header in mapping.items():
        if field not in IMPORT_FIELDS or not isinstance(header, str) or not header.strip():
            continue
        index = column_of(sheet.headers, header)
        if index is None:
            problems.append(
                problem(
                    "IMPORT_COLUMN_MISSING",
                    path=f"mapping.{field}",
                    column=header,
                    field=IMPORT_FIELDS[field],
                )
            )
        else:
            columns[field] = index
    if "hs_code" not in columns and "national_code" in columns:
        # One column of 8- or 10-digit codes is enough: the HS code is its first six digits.
        columns["hs_code"] = columns["national_code"]
    if "hs_code" not in columns and not problems:
        problems.append(
            problem(
                "IMPORT_COLUMN_REQUIRED", path="mapping.hs_code", field=IMPORT_FIELDS["hs_code"]
            )
        )
    if problems:
        raise ProblemError(*problems, status=422)
    return columns


class _Locator:
    """Puts a problem at the file's row and the field's column (its path and message).

    The templates are translated once, in the language active now: a lazy string is
    translated again on every use (10,000 warnings: 0.2–0.4 s).
    """

    def __init__(self, sheet: Sheet, columns: dict[str, int]) -> None:
        self.sheet, self.columns = sheet, columns
        self.at_cell, self.at_row = str(AT_CELL), str(AT_ROW)

    def __call__(self, row: int, field: str, found: Problem) -> Problem:
        index = self.columns.get(field)
        if index is None:
            message = self.at_row.format(row=row, message=found.message)
        else:
            header = self.sheet.headers[index] or f"#{index + 1}"
            message = self.at_cell.format(row=row, column=header, message=found.message)
        return Problem(
            code=found.code, severity=found.severity, path=f"rows[{row}].{field}", message=message
        )


class _RowParser:
    """Parses one row's cells into a GoodsLine, noting each bad cell."""

    def __init__(self, sheet: Sheet, columns: dict[str, int]) -> None:
        # The HS column first: a national code in its own column wins over the HS column's.
        # One column for both is read once, as the HS code: its 8 or 10 digits fill both.
        shared = columns.get("national_code") == columns["hs_code"]
        self.order = sorted(
            (name for name in columns if not (shared and name == "national_code")),
            key=lambda name: name != "hs_code",
        )
        self.columns = [columns[name] for name in self.order]
        # A line is built from its column values in one positional call (a quarter of
        # the time of keywords and setattr); every default is an immutable value.
        columns_of_line = GoodsLine._meta.concrete_fields
        self.position = {f.attname: i for i, f in enumerate(columns_of_line)}
        self.defaults = [f.get_default() for f in columns_of_line]
        # Each field with its memo (codes and figures repeat down a column: each distinct
        # text is parsed once; None for free text) and its place in the line.
        self.plan: list[tuple[str, dict[str, Any] | None, int]] = [
            (name, {} if name in MEMO_FIELDS else None, self.position[name]) for name in self.order
        ]
        self.vocabulary = Vocabulary.load()
        self.decimal_comma = values.uses_decimal_comma(
            row[columns[field]]
            for row in sheet.rows
            for field in DECIMAL_FIELDS
            if field in columns
        )
        self.max_length = {
            f.name: f.max_length
            for f in GoodsLine._meta.concrete_fields
            if f.name in IMPORT_FIELDS and f.max_length
        }
        self.precision = {
            f.name: (f.max_digits or 16, f.decimal_places or 0)
            for f in GoodsLine._meta.concrete_fields
            if isinstance(f, DecimalField)
        }
        self.codes: dict[str, Callable[[str], str]] = {
            "unit": self.vocabulary.unit,
            "origin_country": self.vocabulary.country,
            "package_type": values.package_type,
            "national_code": values.national_code,
            "un_number": values.un_number,
            "brand_type": str.strip,
            "export_preference": str.strip,
        }

    def parse(self, texts: list[str], line_no: int) -> tuple[GoodsLine, dict[str, CellError]]:
        """The line of a row's texts (stripped, in the order of ``self.order``)."""
        line = self.defaults.copy()
        position = self.position
        line[position["line_no"]] = line_no
        bad: dict[str, CellError] = {}
        for (field, memo, at), text in zip(self.plan, texts, strict=True):
            if not text:
                continue
            value: Any
            if memo is None:
                try:
                    value = self._value(field, text)
                except CellError as exc:
                    bad[field] = exc
                    continue
            else:
                value = memo.get(text, _UNPARSED)
                if value is _UNPARSED:
                    try:
                        value = memo[text] = self._value(field, text)
                    except CellError as exc:
                        value = memo[text] = exc
                if isinstance(value, CellError):
                    bad[field] = CellError(value.code, **value.params)
                    continue
            if field == "hs_code":
                line[at], line[position["national_code"]] = value
            else:
                line[at] = value
        return GoodsLine(*line), bad

    def _value(self, field: str, text: str) -> Any:
        if field == "hs_code":
            return values.split_hs(text)
        if field == "line_no":
            return values.parse_whole(text, decimal_comma=self.decimal_comma, maximum=MAX_LINE_NO)
        if field == "packages":
            return values.parse_whole(text, decimal_comma=self.decimal_comma, maximum=MAX_PACKAGES)
        if field in self.precision:
            max_digits, places = self.precision[field]
            number = values.parse_decimal(text, decimal_comma=self.decimal_comma)
            return values.fit_decimal(number, text, max_digits=max_digits, decimal_places=places)
        if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS):
            text = text[1:]  # so our export wrote formula-like text before it set quotePrefix
        value = self.codes.get(field, str.strip)(text)
        limit = self.max_length.get(field)
        if limit and len(value) > limit:
            shown = value if len(value) <= 40 else value[:40] + "…"
            raise CellError("IMPORT_TEXT_TOO_LONG", value=shown, limit=limit)
        return value


def total_row_kind(row: list[str]) -> str | None:
    """ "grand" or "sub" when the row's first filled cell names a total ("合计 TOTAL",
    "Total:", "小计", "TOTAL 200 CTNS"), else None. Only total words may come before the
    first figure, so a product called "Total station" is no total row."""
    first = next((cell for cell in row if cell), "")
    key = header_key(first)
    sub = False
    matched = False
    while key:
        for word, is_sub in _TOTAL_KEYS:
            if key.startswith(word):
                key, matched, sub = key[len(word) :], True, sub or is_sub
                break
        else:
            break
    if not matched or (key and not key[0].isdigit()):
        return None
    return "sub" if sub else "grand"


def scan_totals(sheet: Sheet, hs_column: int | None) -> tuple[SkippedRows, int]:
    """The sheet's total rows (those without an HS code), and the index of the row the
    goods lines end at: the first grand total, or the end of the sheet."""
    skipped = SkippedRows(totals=[], below=[])
    for index, row in enumerate(sheet.rows):
        kind = None if hs_column is not None and row[hs_column] else total_row_kind(row)
        if kind is None:
            continue
        skipped.totals.append((sheet.row_number(index), next(cell for cell in row if cell)))
        if kind == "grand":
            rest = range(index + 1, len(sheet.rows))
            skipped.below.extend(sheet.row_number(i) for i in rest if any(sheet.rows[i]))
            return skipped, index
    return skipped, len(sheet.rows)


def skipped_by(sheet: Sheet, mapping: dict[str, str]) -> SkippedRows:
    """The rows an import with this mapping would leave out: for the mapping page."""
    header = mapping.get("hs_code") or mapping.get("national_code") or ""
    return scan_totals(sheet, column_of(sheet.headers, header) if header else None)[0]


@dataclass
class ParsedRows:
    lines: list[GoodsLine]
    row_numbers: list[int]  # the file row of each line
    problems: list[Problem]  # the cell problems
    faulty: set[tuple[int, str]]  # the (row, field) of each cell problem
    skipped: SkippedRows


def parse_rows(sheet: Sheet, columns: dict[str, int]) -> ParsedRows:
    """The sheet's rows as unsaved lines, total rows left out and noted."""
    parser = _RowParser(sheet, columns)
    lines: list[GoodsLine] = []
    row_numbers: list[int] = []
    problems: list[Problem] = []
    faulty: set[tuple[int, str]] = set()
    skipped, end = scan_totals(sheet, columns["hs_code"])
    total_rows = {row for row, _text in skipped.totals}
    at = _Locator(sheet, columns)
    unusable_rows = {row for row, _column in sheet.unusable}
    order = parser.order
    for index, row in enumerate(sheet.rows[:end]):
        number = sheet.row_number(index)
        if number in total_rows:
            continue
        # A formula the file holds no result for reads as empty: it is reported, not read.
        unusable = (
            {
                field: CellError(
                    "IMPORT_CELL_FORMULA", cell=f"{get_column_letter(column + 1)}{number}"
                )
                for field, column in columns.items()
                if (number, column + 1) in sheet.unusable
            }
            if number in unusable_rows
            else {}
        )
        texts = [row[column].strip() for column in parser.columns]
        if unusable:
            texts = [
                "" if field in unusable else text for field, text in zip(order, texts, strict=True)
            ]
        elif not any(texts):
            continue
        line, bad = parser.parse(texts, line_no=len(lines) + 1)
        bad.update(unusable)
        for field, error in bad.items():
            faulty.add((number, field))
            found = problem(error.code, path=field, **error.params)
            problems.append(at(number, field, found))
        lines.append(line)
        row_numbers.append(number)
    return ParsedRows(lines, row_numbers, problems, faulty, skipped)


def _truncated(problems: list[Problem]) -> list[Problem]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    rest = len(problems) - MAX_PROBLEMS
    return [*problems[:MAX_PROBLEMS], problem("IMPORT_TOO_MANY_PROBLEMS", more=rest)]


def import_lines(
    *, actor: Actor, shipment_id: int, sheet: Sheet, mapping: dict[str, str]
) -> ImportResult:
    """Replace the shipment's goods lines by the sheet's rows, all or nothing.

    Raises ``ProblemError`` (422) listing every cell problem and every line-rule error
    on a mapped column, each at ``rows[N].field``; nothing is saved then.
    ``ImportResult.warnings`` holds what did not stop the import: line-rule warnings,
    line-rule errors about fields the file has no column for (e.g. declared elements
    missing from a plain invoice), mismatches between the shipment's stated totals and
    the new lines, all with their own severity (errors still block booking and
    documents), and a note when the old lines' stowage in containers went with them.
    """
    actor.require_write()
    shipment = selectors.get_shipment(actor.organization, shipment_id)
    columns = _column_map(sheet, mapping)
    parsed = parse_rows(sheet, columns)
    lines, row_numbers, problems, faulty = (
        parsed.lines,
        parsed.row_numbers,
        parsed.problems,
        parsed.faulty,
    )
    if not lines and not problems:
        raise ProblemError.of("IMPORT_NO_LINES", path="file")

    view = ShipmentView(
        shipment=shipment,
        parties={role: getattr(shipment, role) for role in PARTY_ROLES},
        lines=lines,
    )  # no containers: the stowage goes with the old lines
    warnings: list[Problem] = []
    at = _Locator(sheet, columns)
    for found in run_rules(view, selectors.reference_facts(view)):
        matched = _LINE_PATH.match(found.path)
        if matched is None:
            if found.code in TOTALS_CODES:
                warnings.append(found)
            continue
        row, field = row_numbers[int(matched[1])], matched[2]
        if (row, field) in faulty or (field == "national_code" and (row, "hs_code") in faulty):
            continue  # already reported from the cell itself
        located = at(row, field, found)
        # An error about a column the file does not have is for the page to complete,
        # not the file's fault: it is reported and still blocks booking, not the import.
        blocking = found.severity == Severity.ERROR and field in columns
        (problems if blocking else warnings).append(located)
    if problems:
        problems.sort(key=_row_order)
        raise ProblemError(*_truncated(problems), status=422)

    had_stowage = Allocation.objects.filter(line__shipment=shipment).exists()
    count = services.replace_lines(
        actor=actor, shipment_id=shipment.pk, lines=lines, source=sheet.filename
    )
    if had_stowage:
        warnings.append(problem("IMPORT_STOWAGE_CLEARED", path="containers"))
    return ImportResult(lines=count, warnings=warnings, skipped=parsed.skipped)


def _row_order(found: Problem) -> tuple[int, int]:
    matched = re.match(r"^rows\[(\d+)\]\.(\w+)$", found.path)
    if matched is None:
        return (0, 0)
    fields = list(IMPORT_FIELDS)
    field = matched[2]
    return (int(matched[1]), fields.index(field) if field in fields else len(fields))
