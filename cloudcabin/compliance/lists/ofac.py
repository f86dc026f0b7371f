"""OFAC's CSV files: the SDN list (sdn.csv, add.csv, alt.csv) and the consolidated non-SDN
lists (cons_prim.csv, cons_add.csv, cons_alt.csv, cons_comments.csv).

Both use the same layouts (OFAC's ``dat_spec.txt``): no header, ``-0-`` for an empty
field, Windows line ends, and on the non-SDN files a DOS end-of-file byte (0x1A). Each
file is recognised by its number of columns (12 main, 6 addresses, 5 aliases, 2
remarks continued), so uploads may carry any file name. Identifiers, dates and places of
birth, nationalities and weak aliases sit in the free-text remarks and are parsed from
them.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from cloudcabin.compliance.lists.identifiers import from_remark
from cloudcabin.compliance.lists.records import (
    ListFileError,
    ParsedEntry,
    ParsedList,
    ParsedName,
    country_code,
    kind_of,
    unique_aliases,
)
from cloudcabin.compliance.models.lists import NameQuality

NULL = "-0-"
ROLES = {12: "main", 6: "addresses", 5: "aliases", 2: "comments"}
_WEAK_ALIAS = re.compile(r"\b[afn]\.k\.a\.,?\s+'([^']+)'", re.IGNORECASE)
_DAY = re.compile(r"^(\d{1,2} [A-Z][a-z]{2} \d{4})$")


def decode(name: str, data: bytes) -> str:
    """UTF-8 or, for older files, Windows-1252; without the DOS end-of-file byte."""
    data = data.rstrip(b"\x1a\r\n ")
    if b"\x00" in data[:4096]:
        raise ListFileError(f"{name}: binary data, not a CSV file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _value(field: str) -> str:
    text = field.strip()
    return "" if text == NULL else text


def _rows(name: str, text: str) -> tuple[str, list[list[str]]]:
    try:
        rows = [row for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)]
    except csv.Error as exc:
        raise ListFileError(f"{name}: not a readable CSV file ({exc})") from exc
    if not rows:
        raise ListFileError(f"{name}: the file is empty")
    role = ROLES.get(len(rows[0]))
    if role is None:
        raise ListFileError(
            f"{name}: {len(rows[0])} columns on line 1; OFAC's files have 12 (main), "
            "6 (addresses), 5 (aliases) or 2 (remarks)"
        )
    for number, row in enumerate(rows, start=1):
        if len(row) != len(rows[0]):
            raise ListFileError(
                f"{name} line {number}: {len(row)} columns where the file has {len(rows[0])}"
            )
        if not row[0].strip().isdigit():
            raise ListFileError(
                f"{name} line {number}: the entry number {row[0]!r} is not a number"
            )
    return role, rows


def parse(files: Sequence[tuple[str, bytes]]) -> ParsedList:
    by_role: dict[str, tuple[str, list[list[str]]]] = {}
    for name, data in files:
        role, rows = _rows(name, decode(name, data))
        if role in by_role:
            raise ListFileError(f"{name}: a second {role} file ({by_role[role][0]} is one)")
        by_role[role] = (name, rows)
    if "main" not in by_role:
        raise ListFileError("the main file (sdn.csv or cons_prim.csv, 12 columns) is missing")
    entries: dict[str, ParsedEntry] = {}
    remarks: dict[str, str] = {}
    for row in by_role["main"][1]:
        entry = _entry(row)
        if entry.source_id in entries:
            raise ListFileError(f"{by_role['main'][0]}: entry {entry.source_id} twice")
        entries[entry.source_id] = entry
        remarks[entry.source_id] = _value(row[11])
    for role, (name, rows) in by_role.items():
        for number, row in enumerate(rows, start=1):
            if role == "main":
                continue
            key = row[0].strip()
            if key not in entries:
                raise ListFileError(f"{name} line {number}: entry {key} is not in the main file")
            if role == "addresses":
                _add_address(entries[key], row)
            elif role == "aliases" and _value(row[3]):
                entries[key].aliases.append(ParsedName(_value(row[3]), NameQuality.STRONG))
            elif role == "comments":
                # the main file's remarks stop at a fixed length, mid-word: joined as they are
                remarks[key] = remarks[key] + _value(row[1])
    for key, entry in entries.items():
        _read_remarks(entry, remarks[key])
        entry.aliases = unique_aliases(entry.primary_name, entry.aliases)
    return ParsedList(published=None, entries=list(entries.values()))


def _entry(row: list[str]) -> ParsedEntry:
    programmes = [part.strip(" []") for part in _value(row[3]).split("] [") if part.strip(" []")]
    vessel = [
        f"{label} {_value(cell)}"
        for label, cell in zip(
            ("call sign", "vessel type", "tonnage", "GRT", "flag", "owner"), row[5:11], strict=True
        )
        if _value(cell)
    ]
    title = _value(row[4])
    return ParsedEntry(
        source_id=row[0].strip(),
        kind=kind_of(_value(row[2])),
        primary_name=" ".join(_value(row[1]).split()),
        programmes=programmes,
        remarks="; ".join(filter(None, [title, *vessel])),
    )


def _add_address(entry: ParsedEntry, row: list[str]) -> None:
    street, city, country, note = (_value(row[2]), _value(row[3]), _value(row[4]), _value(row[5]))
    if not (street or city or country):
        return
    text = ", ".join(filter(None, [street, city, country, note]))
    entry.addresses.append({"country": country_code(country), "city": city, "text": text})


def _read_remarks(entry: ParsedEntry, remarks: str) -> None:
    if remarks:
        entry.remarks = "; ".join(filter(None, [entry.remarks, remarks]))
    for alias in _WEAK_ALIAS.findall(remarks):
        entry.aliases.append(ParsedName(alias.strip(), NameQuality.WEAK))
    for raw in remarks.split(";"):
        part = raw.strip().rstrip(".").strip()
        folded = part.casefold().removeprefix("alt. ")
        identifier = from_remark(part)
        if identifier is not None:
            entry.identifiers.append(identifier)
        elif folded.startswith("dob "):
            entry.birth.append(_birth(part.split(" ", 1)[1].removeprefix("circa ").strip()))
        elif folded.startswith("pob "):
            entry.birth.append({"place": part.split(" ", 1)[1].strip()})
        elif folded.startswith(("nationality ", "citizen ")):
            code = country_code(folded.split(" ", 1)[1])
            if code and code not in entry.nationalities:
                entry.nationalities.append(code)


def _birth(text: str) -> dict[str, Any]:
    if text.isdigit() and len(text) == 4:
        return {"year": int(text)}
    if _DAY.match(text):
        try:
            day: date = datetime.strptime(text, "%d %b %Y").date()
        except ValueError:
            return {"text": text}
        return {"date": day.isoformat()}
    return {"text": text}
