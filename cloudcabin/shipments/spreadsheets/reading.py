"""Bytes of an uploaded .xlsx or .csv file → a ``Sheet``: header row found, rows as text.

The file is judged by its content, not its name. Before calamine sees a workbook, the
zip's declared sizes are checked (Python's zipfile never inflates past them, so the
declared sizes are what calamine can be made to read) and every part is streamed through
``scanning`` (rows, cells and elements counted); the text of no row past the last filled
one and no column past the rightmost is made. calamine (Rust) reads a sheet about ten
times faster than openpyxl did, and expands no entity declared in a DTD; openpyxl is
still what writes workbooks (``exporting``).
Every row counts toward ``ROW_LIMIT``, empty ones too, and reading stops at the first
row past it. Every refusal is a ``ProblemError``, never an unhandled exception.
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import posixpath
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from defusedxml import DefusedXmlException, ElementTree  # type: ignore[import-untyped]
from django.utils.translation import gettext_lazy as _
from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook, SheetTypeEnum

from cloudcabin.errors import ProblemError
from cloudcabin.shipments.spreadsheets import scanning
from cloudcabin.shipments.spreadsheets.mapping import HeaderIndex

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
# A zipped workbook may unpack to at most this much, at most this many times its size.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ZIP_ENTRIES = 1_000
MAX_COLUMNS = 200
# The header row is looked for in this many rows from the top.
HEADER_SCAN_ROWS = 20
# Rows read at most, empty ones included: the goods lines, their header and title rows.
ROW_LIMIT = MAX_ROWS + HEADER_SCAN_ROWS

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted OOXML file is an OLE container holding a stream of this name.
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
CSV_DELIMITERS = (",", ";", "\t")
# Data rows looked at to tell a Chinese description column from an English one.
PREVIEW_SAMPLE = 50
_NUMBER = re.compile(r"[\d\s.,%'-]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass(frozen=True)
class Sheet:
    filename: str
    headers: list[str]  # header row as found (original text)
    rows: list[list[str]]  # data rows as text, header excluded; as wide as ``headers``
    header_row_number: int  # 1-based row number of the header in the file
    suggested_mapping: dict[str, str]  # field → header text
    # (row, column), 1-based, of the cells read as empty because they hold a formula
    # whose result the file does not store, or an error value: see ``scanning``.
    unusable: frozenset[tuple[int, int]] = frozenset()

    def row_number(self, index: int) -> int:
        """The file's row number (1-based, as the spreadsheet shows it) of ``rows[index]``."""
        return self.header_row_number + 1 + index


def _refuse(filename: str, reason: object) -> ProblemError:
    return ProblemError.of("FILE_NOT_SPREADSHEET", path="file", filename=filename, reason=reason)


def read_sheet(data: bytes, filename: str, *, header_hints: Iterable[str] = ()) -> Sheet:
    """Read an uploaded spreadsheet and find its header row.

    ``header_hints``: header texts of a saved template, so that a layout whose headers
    are no known synonyms still has its header row found.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise ProblemError.of("FILE_TOO_LARGE", path="file", limit=MAX_UPLOAD_BYTES // 2**20)
    if not data.strip():
        raise ProblemError.of("FILE_EMPTY", path="file")
    hints = [h for h in header_hints if isinstance(h, str)]
    index = HeaderIndex.load()
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_STREAM in data or not filename.lower().endswith(".xls"):
            raise ProblemError.of("FILE_ENCRYPTED", path="file")
        raise _refuse(filename, _("this is the old Excel 97-2003 format; save it as .xlsx."))
    if data.startswith(ZIP_MAGIC):
        table, unusable = _xlsx_rows(data, filename, index, hints)
    else:
        table, unusable = _csv_rows(data, filename, index, hints), frozenset()
    return _sheet(filename, table, index, hints, unusable)


# --- .xlsx ---------------------------------------------------------------------------


def _check_zip(data: bytes, filename: str) -> dict[str, scanning.Extent]:
    """The extent of each worksheet part, once the zip and every part in it are measured."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_entries(archive, filename)
            return scanning.scan(archive, row_limit=ROW_LIMIT)
    except scanning.DamagedWorksheet as exc:
        raise _refuse(filename, _("a worksheet is damaged.")) from exc
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise _refuse(filename, _("the zip container is damaged.")) from exc


def _check_entries(archive: zipfile.ZipFile, filename: str) -> None:
    entries = archive.infolist()
    names = {entry.filename for entry in entries}
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        raise _refuse(filename, _("it is a zip file but not an Excel workbook."))
    if "xl/workbook.bin" in names:
        raise _refuse(filename, _("binary workbooks (.xlsb) are not supported; save as .xlsx."))
    total = sum(entry.file_size for entry in entries)
    too_packed = any(
        entry.file_size > 1024 * 1024
        and entry.file_size > MAX_COMPRESSION_RATIO * max(entry.compress_size, 1)
        for entry in entries
    )
    if len(entries) > MAX_ZIP_ENTRIES or total > MAX_UNPACKED_BYTES or too_packed:
        raise ProblemError.of(
            "FILE_UNPACKS_TOO_LARGE", path="file", limit=MAX_UNPACKED_BYTES // 2**20
        )


def _xlsx_rows(
    data: bytes, filename: str, index: HeaderIndex, hints: list[str]
) -> tuple[list[list[str]], frozenset[tuple[int, int]]]:
    """The chosen worksheet's rows as text, and its cells without a usable value."""
    extents = _check_zip(data, filename)
    parts = _worksheet_parts(data, filename)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except CalamineError as exc:  # a malformed workbook part, a missing one…
        raise _refuse(filename, _("the workbook cannot be opened.")) from exc
    try:
        return _best_worksheet(workbook, parts, extents, filename, index, hints)
    except CalamineError as exc:  # malformed sheet XML surfaces when the sheet is read
        raise _refuse(filename, _("a worksheet is damaged.")) from exc
    finally:
        workbook.close()


def _worksheet_parts(data: bytes, filename: str) -> dict[str, str]:
    """Each sheet's part in the zip by sheet name, as the workbook and its relationships
    name them (calamine reads them so but does not say which part a sheet is)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
            relationships = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError, DefusedXmlException) as exc:
        raise _refuse(filename, _("the workbook cannot be opened.")) from exc
    targets = {
        element.get("Id"): element.get("Target", "")
        for element in relationships
        if element.tag.rpartition("}")[2] == "Relationship"
    }
    parts = {}
    for element in workbook.iter():
        if element.tag.rpartition("}")[2] != "sheet":
            continue
        target = targets.get(element.get(RELATIONSHIP_ID), "")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        parts[element.get("name", "")] = posixpath.normpath(path)
    return parts


def _best_worksheet(
    workbook: CalamineWorkbook,
    parts: dict[str, str],
    extents: dict[str, scanning.Extent],
    filename: str,
    index: HeaderIndex,
    hints: list[str],
) -> tuple[list[list[str]], frozenset[tuple[int, int]]]:
    """The worksheet whose header row names the most fields (the first on a tie)."""
    best: tuple[int, CalamineSheet, scanning.Extent] | None = None
    for metadata in workbook.sheets_metadata:
        if metadata.typ != SheetTypeEnum.WorkSheet:
            continue  # a chart sheet, a macro sheet
        extent = extents.get(parts.get(metadata.name, ""))
        if extent is None:  # a part read as a worksheet though it is none
            raise _refuse(filename, _("a worksheet is damaged."))
        worksheet = workbook.get_sheet_by_name(metadata.name)
        top = _values(worksheet, extent, HEADER_SCAN_ROWS)
        score = max((index.score(row, hints) for row in top), default=0)
        if best is None or score > best[0]:
            best = (score, worksheet, extent)
    if best is None:
        raise ProblemError.of("FILE_EMPTY", path="file")
    _score, worksheet, extent = best
    # A row whose cells hold only formulas without a result reads as empty, yet is no
    # trailing empty row: it is kept, for the importer to report those cells.
    unusable = frozenset(extent.unusable)
    kept = frozenset(row for row, _column in unusable)
    return _limited(_values(worksheet, extent, ROW_LIMIT), kept), unusable


def _values(worksheet: CalamineSheet, extent: scanning.Extent, rows: int) -> list[list[str]]:
    """The first ``rows`` rows as text, up to the last filled row and cell.

    The stored dimension is not trusted (some writers store a wrong one): the extent
    measured by ``scanning`` bounds the rows and columns (calamine leaves out trailing
    cells without a value, a formula's without a result among them: they read as empty).
    """
    last_row = min(rows, extent.rows)
    width = min(max(extent.columns, 1), MAX_COLUMNS)
    found = worksheet.to_python(skip_empty_area=False, nrows=last_row)[:last_row]
    numbers: dict[float, str] = {}
    texts = [_fit(_texts(row[:width], numbers), width) for row in found]
    return texts + [[""] * width for _ in range(last_row - len(texts))]


def _texts(row: Iterable[Any], numbers: dict[float, str]) -> list[str]:
    """The cells' texts; a number's text is made once per sheet (figures repeat down a
    column), zero excepted: 0.0 and -0.0 are one key but read "0" and "-0"."""
    texts = []
    for value in row:
        if type(value) is float and value:
            text = numbers.get(value)
            if text is None:
                text = numbers[value] = _cell_text(value)
        else:
            text = _cell_text(value)
        texts.append(text)
    return texts


def _cell_text(value: Any) -> str:
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        # 15 significant digits, as Excel shows them: 0.1 + 0.2 reads as "0.3".
        return format(Decimal(format(value, ".15g")), "f")
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value).strip()


# --- .csv ----------------------------------------------------------------------------


def _decodings(data: bytes, filename: str) -> list[str]:
    """The file's text in each encoding it may be in: UTF-8 (or UTF-16) when it decodes so,
    else both GB 18030 (Chinese Excel) and Windows-1251 (Russian Excel), for the header to pick.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates: tuple[tuple[str, ...], ...] = (("utf-16",),)  # Excel's "Unicode text"
    else:
        candidates = (("utf-8-sig",), ("gb18030", "cp1251"))
    for encodings in candidates:
        texts = []
        for encoding in encodings:
            try:
                texts.append(data.decode(encoding))
            except UnicodeDecodeError:
                continue
        texts = [text for text in texts if not _binary(text)]
        if texts:
            return texts
    raise _refuse(filename, _("it is neither an Excel workbook nor a text (CSV) file."))


def _binary(text: str) -> bool:
    head = text[:65536]
    return "\x00" in text or len(_CONTROL.findall(head)) > 0.01 * len(head)


def _parse_csv(text: str, delimiter: str) -> Iterator[list[str]]:
    for row in csv.reader(_lines(text, delimiter), delimiter=delimiter):
        yield [cell.strip() for cell in row[:MAX_COLUMNS]]


def _lines(text: str, delimiter: str) -> Iterator[str]:
    """The text's lines, refused at one that would split into more cells than Excel allows
    (the csv module builds a row's every cell before it can be cut to MAX_COLUMNS)."""
    for line in io.StringIO(text, newline=""):
        if line.count(delimiter) >= scanning.MAX_ROW_CELLS:
            raise ProblemError.of("FILE_TOO_MANY_CELLS", path="file", limit=scanning.MAX_ROW_CELLS)
        yield line


def _csv_rows(data: bytes, filename: str, index: HeaderIndex, hints: list[str]) -> list[list[str]]:
    try:
        # The encoding and delimiter that make the best header row win; then the most columns.
        ranked = []
        for order, text in enumerate(_decodings(data, filename)):
            for delimiter in CSV_DELIMITERS:
                top = list(itertools.islice(_parse_csv(text, delimiter), HEADER_SCAN_ROWS))
                score = max((index.score(row, hints) for row in top), default=0)
                width = max((len(row) for row in top), default=0)
                ranked.append((score, width, -order, text, delimiter))
        best = max(ranked, key=lambda item: item[:3])
        return _limited(_parse_csv(best[3], best[4]))
    except csv.Error as exc:
        raise _refuse(filename, _("the CSV text is malformed.")) from exc


# --- both ----------------------------------------------------------------------------


def _limited(rows: Iterable[list[str]], filled: frozenset[int] = frozenset()) -> list[list[str]]:
    """All rows up to the last filled one (or one of the row numbers ``filled``); refused
    at the first row past ROW_LIMIT."""
    kept: list[list[str]] = []
    last_filled = 0
    for row in rows:
        if len(kept) == ROW_LIMIT:
            raise scanning.rows_past_limit(ROW_LIMIT + 1, ROW_LIMIT)
        kept.append(row)
        if any(row) or len(kept) in filled:
            last_filled = len(kept)
    return kept[:last_filled]


def _sheet(
    filename: str,
    table: list[list[str]],
    index: HeaderIndex,
    hints: list[str],
    unusable: frozenset[tuple[int, int]],
) -> Sheet:
    if not table:
        raise ProblemError.of("FILE_EMPTY", path="file")
    scores = [index.score(row, hints) for row in table[:HEADER_SCAN_ROWS]]
    best = max(scores)
    if best >= 2:
        at = scores.index(best)
    else:
        # No known headers: take the first row naming two columns, for a manual mapping.
        at = next(
            (i for i, row in enumerate(table[:HEADER_SCAN_ROWS]) if _looks_like_header(row)), -1
        )
        if at < 0:
            raise ProblemError.of("FILE_NO_HEADER", path="file", rows=HEADER_SCAN_ROWS)
    headers = table[at]
    if at + 1 < len(table) and _is_sub_header(index, table[at + 1]):
        at += 1
        headers = [
            below or above
            for above, below in itertools.zip_longest(headers, table[at], fillvalue="")
        ]
    while headers and not headers[-1]:
        headers = headers[:-1]
    width = len(headers)
    rows = [_fit(row, width) for row in table[at + 1 :]]
    if sum(1 for row in rows if any(row)) > MAX_ROWS:
        raise ProblemError.of("FILE_TOO_MANY_ROWS", path="file", limit=MAX_ROWS)
    return Sheet(
        filename=filename,
        headers=headers,
        rows=rows,
        header_row_number=at + 1,
        suggested_mapping=index.detect(headers, rows[:PREVIEW_SAMPLE]),
        unusable=unusable,
    )


def _is_sub_header(index: HeaderIndex, below: list[str]) -> bool:
    """Whether ``below`` is the second row of a two-row header: sub-headers under a merged
    cell ("重量 Weight" over "净重 N.W." and "毛重 G.W."), blank where a cell above is merged
    down, or the English row under the Chinese one. It names a field and holds no figure.
    """
    filled = [cell for cell in below if cell]
    if not filled or any(_NUMBER.fullmatch(cell) for cell in filled):
        return False
    return bool(index.detect(below))


def _looks_like_header(row: list[str]) -> bool:
    texts = [cell for cell in row if cell and not _NUMBER.fullmatch(cell)]
    return len(texts) >= 2


def _fit(row: list[str], width: int) -> list[str]:
    return row[:width] if len(row) >= width else row + [""] * (width - len(row))
