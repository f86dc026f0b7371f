"""Bytes of an uploaded .xlsx or .csv file → a ``Sheet``: header row found, rows as text.

The file is judged by its content, not its name. Before openpyxl sees a workbook, the
zip's declared sizes are checked (Python's zipfile never inflates past them, so the
declared sizes are what openpyxl can be made to read); openpyxl parses XML through
defusedxml. Every refusal is a ``ProblemError``, never an unhandled exception.
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from cloudcabin.errors import ProblemError
from cloudcabin.shipments.spreadsheets.mapping import detect_mapping, header_score

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
# A zipped workbook may unpack to at most this much, at most this many times its size.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ZIP_ENTRIES = 1_000
MAX_COLUMNS = 200
# The header row is looked for in this many rows from the top.
HEADER_SCAN_ROWS = 20

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted OOXML file is an OLE container holding a stream of this name.
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
CSV_DELIMITERS = (",", ";", "\t")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Sheet:
    filename: str
    headers: list[str]  # header row as found (original text)
    rows: list[list[str]]  # data rows as text, header excluded; as wide as ``headers``
    header_row_number: int  # 1-based row number of the header in the file
    suggested_mapping: dict[str, str]  # field → header text

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
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_STREAM in data or not filename.lower().endswith(".xls"):
            raise ProblemError.of("FILE_ENCRYPTED", path="file")
        raise _refuse(filename, _("this is the old Excel 97-2003 format; save it as .xlsx."))
    if data.startswith(ZIP_MAGIC):
        table = _xlsx_rows(data, filename, hints)
    else:
        table = _csv_rows(data, filename, hints)
    return _sheet(filename, table, hints)


# --- .xlsx ---------------------------------------------------------------------------


def _check_zip(data: bytes, filename: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise _refuse(filename, _("the zip container is damaged.")) from exc
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


def _xlsx_rows(data: bytes, filename: str, hints: list[str]) -> list[list[str]]:
    _check_zip(data, filename)
    # Imported here: openpyxl is slow to import and only this path needs it.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # malformed parts raise KeyError, ValueError, XML errors…
        raise _refuse(filename, _("the workbook cannot be opened.")) from exc
    try:
        return _best_worksheet(workbook, filename, hints)
    finally:
        workbook.close()


def _best_worksheet(workbook: Any, filename: str, hints: list[str]) -> list[list[str]]:
    """The rows of the worksheet whose header row names the most fields (the first on a tie)."""
    best: tuple[int, Any] | None = None
    for worksheet in workbook.worksheets:
        if not hasattr(worksheet, "iter_rows"):
            continue  # a chart sheet
        worksheet.reset_dimensions()  # some writers store wrong dimensions
        top = [_texts(row) for row in itertools.islice(_values(worksheet), HEADER_SCAN_ROWS)]
        score = max((header_score(row, hints) for row in top), default=0)
        if best is None or score > best[0]:
            best = (score, worksheet)
    if best is None:
        raise ProblemError.of("FILE_EMPTY", path="file")
    try:
        return _limited(_texts(row) for row in _values(best[1]))
    except ProblemError:
        raise
    except Exception as exc:  # malformed sheet XML surfaces only while iterating
        raise _refuse(filename, _("a worksheet is damaged.")) from exc


def _values(worksheet: Any) -> Iterator[tuple[Any, ...]]:
    for row in worksheet.iter_rows(values_only=True):
        yield row[:MAX_COLUMNS]


def _texts(row: Iterable[Any]) -> list[str]:
    return [_cell_text(value) for value in row]


def _cell_text(value: Any) -> str:
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
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        yield [cell.strip() for cell in row[:MAX_COLUMNS]]


def _csv_rows(data: bytes, filename: str, hints: list[str]) -> list[list[str]]:
    try:
        # The encoding and delimiter that make the best header row win; then the most columns.
        ranked = []
        for order, text in enumerate(_decodings(data, filename)):
            for delimiter in CSV_DELIMITERS:
                top = list(itertools.islice(_parse_csv(text, delimiter), HEADER_SCAN_ROWS))
                score = max((header_score(row, hints) for row in top), default=0)
                width = max((len(row) for row in top), default=0)
                ranked.append((score, width, -order, text, delimiter))
        best = max(ranked, key=lambda item: item[:3])
        return _limited(_parse_csv(best[3], best[4]))
    except csv.Error as exc:
        raise _refuse(filename, _("the CSV text is malformed.")) from exc


# --- both ----------------------------------------------------------------------------


def _limited(rows: Iterable[list[str]]) -> list[list[str]]:
    """All rows, trailing empty ones dropped; refused past MAX_ROWS non-empty rows."""
    kept: list[list[str]] = []
    filled = 0
    last_filled = 0
    for row in rows:
        kept.append(row)
        if any(row):
            filled += 1
            last_filled = len(kept)
            # The header row and a few title rows above it come on top of MAX_ROWS.
            if filled > MAX_ROWS + HEADER_SCAN_ROWS:
                raise ProblemError.of("FILE_TOO_MANY_ROWS", path="file", limit=MAX_ROWS)
    return kept[:last_filled]


def _sheet(filename: str, table: list[list[str]], hints: list[str]) -> Sheet:
    if not table:
        raise ProblemError.of("FILE_EMPTY", path="file")
    scores = [header_score(row, hints) for row in table[:HEADER_SCAN_ROWS]]
    best = max(scores)
    if best >= 2:
        index = scores.index(best)
    else:
        # No known headers: take the first row naming two columns, for a manual mapping.
        index = next(
            (i for i, row in enumerate(table[:HEADER_SCAN_ROWS]) if _looks_like_header(row)), -1
        )
        if index < 0:
            raise ProblemError.of("FILE_NO_HEADER", path="file", rows=HEADER_SCAN_ROWS)
    headers = table[index]
    while headers and not headers[-1]:
        headers = headers[:-1]
    width = len(headers)
    rows = [_fit(row, width) for row in table[index + 1 :]]
    if sum(1 for row in rows if any(row)) > MAX_ROWS:
        raise ProblemError.of("FILE_TOO_MANY_ROWS", path="file", limit=MAX_ROWS)
    return Sheet(
        filename=filename,
        headers=headers,
        rows=rows,
        header_row_number=index + 1,
        suggested_mapping=detect_mapping(headers),
    )


def _looks_like_header(row: list[str]) -> bool:
    texts = [cell for cell in row if cell and not re.fullmatch(r"[\d\s.,%-]+", cell)]
    return len(texts) >= 2


def _fit(row: list[str], width: int) -> list[str]:
    return row[:width] if len(row) >= width else row + [""] * (width - len(row))
