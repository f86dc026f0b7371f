"""Every XML part of an uploaded workbook measured before a reader opens it.

(The limits were set against openpyxl, the reader until python-calamine replaced it; they
bound any reader's work the same way, and the comments below keep openpyxl's reasons.)

openpyxl turns a small file into a large amount of work: a worksheet that declares no
dimension is parsed whole just to open the workbook, every row missing below a row's
index is filled in (``<row r="3000000">`` becomes three million empty rows), every cell
of a row is materialised before the row is cut to the columns asked for, and styles,
shared strings and merged cells are built as Python objects whatever their number. So
each part is first streamed through expat, which builds nothing, and the workbook is
refused as soon as it passes a limit: more tags in all its parts than
``MAX_TAGS`` (counted before anything is parsed), a worksheet row past the row limit
(every row counts, empty ones too, and so does a declared dimension), a row of more
cells than Excel allows, too many elements within a cell or besides rows and cells.

The scan also notes the cells that hold a formula without a usable result (never
calculated, as files written by programs often are, or an error such as ``#REF!``),
which openpyxl would read as empty or as the error's text.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pyexpat import ExpatError, ParserCreate, XMLParserType
from typing import IO, NoReturn

from cloudcabin.errors import ProblemError

# Excel's own widest row.
MAX_ROW_CELLS = 16_384
# Tags in all the workbook's parts (an element has one or two). A full sheet, 20,000
# rows of 19 filled cells with their shared strings, has about 1.9 million; openpyxl
# needs some microseconds for each, so this bounds the time any accepted file can take.
MAX_TAGS = 3_000_000
CHUNK_BYTES = 1024 * 1024
# openpyxl parses a worksheet in Python, element by element, keeping what it does not
# know: so the elements within one cell (its value, formula, inline text and its runs)
# and the worksheet's elements other than rows and cells are bounded too.
MAX_CELL_PARTS = 1_000
MAX_OTHER_ELEMENTS = 200_000
# Distinct texts in the workbook's shared-strings table, each a Python object to openpyxl.
MAX_SHARED_STRINGS = 200_000
# Cells noted as holding a formula without a result (or an error); a file with more is
# refused whole, rather than held as a set of millions.
MAX_UNUSABLE_CELLS = 100_000
# Tags in any other part (styles, the workbook, relationships): openpyxl builds each
# whole in memory. Even a workbook bloated with thousands of cell styles stays below.
MAX_PART_TAGS = 500_000
CELL_PARTS = frozenset(
    {"v", "f", "is", "t", "r", "rPr", "rPh", "phoneticPr", "b", "i", "u", "sz", "color"}
    | {"rFont", "family", "charset", "scheme", "strike", "vertAlign", "outline", "shadow"}
    | {"condense", "extend"}
)

_DIGITS = "0123456789"
_LAST_ROW = re.compile(r"(\d+)\s*$")
_COLUMNS: dict[str, int] = {}


@dataclass
class Extent:
    """One worksheet's size as its XML gives it, and its cells without a usable value."""

    rows: int = 0  # number of the last row
    columns: int = 0  # number of the rightmost cell's column
    unusable: set[tuple[int, int]] = field(default_factory=set)  # (row, column), 1-based


def scan(archive: zipfile.ZipFile, *, row_limit: int) -> dict[str, Extent]:
    """The extent of each worksheet part, by its path in the zip; refuses past the limits.

    Every part is scanned, not only those the workbook's relationships name, so that no
    path can lead openpyxl to a part that was not measured.
    """
    tags = _count_tags(archive)
    extents: dict[str, Extent] = {}
    for info in archive.infolist():
        if info.is_dir():
            continue
        with archive.open(info) as source:
            scanner = _scan_part(source, row_limit)
        if scanner.is_worksheet:
            extents[info.filename] = scanner.extent
        elif not scanner.strings and tags[info.filename] > MAX_PART_TAGS:
            # Parts other than worksheets and shared strings are parsed whole by openpyxl.
            raise ProblemError.of("FILE_TOO_MANY_CELLS", path="file", limit=MAX_PART_TAGS)
    return extents


def _count_tags(archive: zipfile.ZipFile) -> dict[str, int]:
    """The tags of each part, counted as bytes before any XML is parsed; refused past
    MAX_TAGS in all.

    Every element has a tag, so this bounds what any parser can be made to build, at the
    speed of decompression rather than of parsing.
    """
    tags: dict[str, int] = {}
    total = 0
    for info in archive.infolist():
        tags[info.filename] = 0
        with archive.open(info) as source:
            while chunk := source.read(CHUNK_BYTES):
                count = chunk.count(b"<")
                tags[info.filename] += count
                total += count
                if total > MAX_TAGS:
                    raise ProblemError.of("FILE_TOO_MANY_CELLS", path="file", limit=MAX_TAGS)
    return tags


def _scan_part(source: IO[bytes], row_limit: int) -> _Scanner:
    """The part's scanner, having read a worksheet or a shared-strings table through, or
    stopped at the first tag of any other part (or at the first byte of one that is no XML).
    """
    scanner = _Scanner(row_limit)
    try:
        while chunk := source.read(CHUNK_BYTES):
            scanner.parser.Parse(chunk, False)
        scanner.parser.Parse(b"", True)
    except _OtherPart:
        pass
    except ExpatError as exc:
        # openpyxl would read a damaged worksheet up to its last row, and stop there:
        # the lines after the damage would be lost without a word.
        if scanner.is_worksheet:
            raise DamagedWorksheet from exc
        # Any other damaged part is refused by openpyxl if it is one it reads.
    return scanner


class DamagedWorksheet(Exception):
    """A worksheet part whose XML breaks off or is malformed."""


class _OtherPart(Exception):
    """Raised to stop reading a part that needs no scan."""


class _Forbidden(ExpatError):
    """A DTD declaring entities: refused, as openpyxl's defusedxml refuses it."""


class _Scanner:
    """Follows a worksheet's rows and cells (or counts shared strings) as they start,
    holding nothing of them.

    Only start tags are handled, which keeps the scan fast; inside a cell with a formula
    the value's text and the cell's end are followed too, to see whether it has a result.
    """

    def __init__(self, row_limit: int) -> None:
        self.limit = row_limit
        self.extent = Extent()
        self.is_worksheet = False
        self.strings = 0  # texts in a shared-strings table
        self.row = 0  # number of the current row
        self.rows_seen = 0
        self.cells = 0  # cells in the current row
        self.column = 0  # column of the current cell
        self.parts = 0  # elements seen since the current cell started
        self.others = 0  # elements neither rows, cells nor parts of cells
        self.formula = False  # whether the current cell holds a formula
        self.result = False  # whether that formula's value has text
        self.parser: XMLParserType = ParserCreate()
        self.parser.StartElementHandler = self._first
        self.parser.EntityDeclHandler = _forbid

    def _first(self, name: str, attributes: dict[str, str]) -> None:
        name = name.rpartition(":")[2]
        if name == "worksheet":
            self.is_worksheet = True
            self.parser.StartElementHandler = self._start
        elif name == "sst":
            self.parser.StartElementHandler = self._shared_string
        else:
            raise _OtherPart

    def _shared_string(self, name: str, attributes: dict[str, str]) -> None:
        if name.rpartition(":")[2] == "si":
            self.strings += 1
            if self.strings > MAX_SHARED_STRINGS:
                raise ProblemError.of("FILE_TOO_MANY_CELLS", path="file", limit=MAX_SHARED_STRINGS)

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        name = name.rpartition(":")[2]
        if name == "c":
            self._cell(attributes)
        elif name == "v":
            self.parts += 1
            if self.formula:
                self.parser.CharacterDataHandler = self._text
        elif name == "row":
            number = attributes.get("r")
            self.row = _whole(number) if number else self.row + 1
            self.rows_seen += 1
            if self.row > self.limit or self.rows_seen > self.limit:
                raise rows_past_limit(max(self.row, self.rows_seen), self.limit)
            self.cells = self.column = 0
        elif name in CELL_PARTS:
            self.parts += 1
            if self.parts > MAX_CELL_PARTS:
                raise ProblemError.of("FILE_TOO_MANY_CELLS", path="file", limit=MAX_CELL_PARTS)
            if name == "f":
                self.formula = True
                self.result = False
                self.parser.EndElementHandler = self._end
        else:
            self.others += 1
            if self.others > MAX_OTHER_ELEMENTS:
                raise ProblemError.of("FILE_TOO_MANY_CELLS", path="file", limit=MAX_OTHER_ELEMENTS)
            if name == "dimension":
                last = _LAST_ROW.search(attributes.get("ref", ""))
                if last is not None and int(last[1]) > self.limit:
                    raise rows_past_limit(int(last[1]), self.limit)

    def _cell(self, attributes: dict[str, str]) -> None:
        self.parts = 0
        self.cells += 1
        if self.cells > MAX_ROW_CELLS:
            raise ProblemError.of("FILE_TOO_MANY_CELLS", path="file", limit=MAX_ROW_CELLS)
        self.extent.rows = self.row
        ref = attributes.get("r")
        self.column = _column(ref) if ref else self.column + 1
        if self.column > self.extent.columns:
            self.extent.columns = self.column
        if attributes.get("t") == "e":  # an error value: #REF!, #N/A…
            self._unusable()

    def _unusable(self) -> None:
        self.extent.unusable.add((self.row, self.column))
        if len(self.extent.unusable) > MAX_UNUSABLE_CELLS:
            raise ProblemError.of(
                "FILE_FORMULAS_UNCALCULATED", path="file", limit=MAX_UNUSABLE_CELLS
            )

    def _text(self, text: str) -> None:
        self.result = self.result or bool(text)

    def _end(self, name: str) -> None:
        """Followed from a formula to the end of its cell."""
        name = name.rpartition(":")[2]
        if name == "v":
            self.parser.CharacterDataHandler = None
        elif name == "c":
            if not self.result:
                self._unusable()
            self.formula = False
            self.parser.EndElementHandler = None


def _forbid(*_args: object) -> NoReturn:
    raise _Forbidden("entity declarations are not allowed")


def rows_past_limit(row: int, limit: int) -> ProblemError:
    return ProblemError.of("FILE_ROWS_PAST_LIMIT", path="file", row=row, limit=limit)


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return 0


def _column(ref: str) -> int:
    """'AB12' → 28."""
    letters = ref.rstrip(_DIGITS)
    found = _COLUMNS.get(letters)
    if found is None:
        found = 0
        for letter in letters.upper():
            if not "A" <= letter <= "Z":
                return 0
            found = found * 26 + ord(letter) - 64
        if len(_COLUMNS) < MAX_ROW_CELLS:
            _COLUMNS[letters] = found
    return found
