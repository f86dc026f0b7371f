"""The UK Sanctions List (FCDO) as CSV: a "Report Date" line, then one row per name of a
designation, grouped by "Unique ID" ("Name type": Primary name / Primary name variation /
Alias, with "Alias strength")."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime

from cloudcabin.compliance.lists.identifiers import refine
from cloudcabin.compliance.lists.ofac import decode
from cloudcabin.compliance.lists.records import (
    ListFileError,
    ParsedEntry,
    ParsedIdentifier,
    ParsedList,
    ParsedName,
    country_code,
    kind_of,
    unique_aliases,
)
from cloudcabin.compliance.models.lists import NameQuality

REQUIRED = ("Unique ID", "Name 6", "Name type", "Designation Type", "Regime Name")
NAME_COLUMNS = ("Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6")
IDENTIFIER_COLUMNS = (
    ("Passport number", "PASSPORT"),
    ("National Identifier number", "NATIONAL_ID"),
    ("Business registration number (s)", "REGISTRATION"),
    ("IMO number", "IMO"),
)


def parse(files: Sequence[tuple[str, bytes]]) -> ParsedList:
    [(name, data)] = files
    lines = decode(name, data).lstrip("\ufeff").splitlines()
    published = None
    start = 0
    for number, line in enumerate(lines[:5]):
        if line.startswith("Report Date:"):
            published = _report_date(line.split(":", 1)[1].strip(' ,"'))
        if "Unique ID" in line:
            start = number
            break
    else:
        raise ListFileError(f"{name}: not the UK Sanctions List CSV (no 'Unique ID' column)")
    try:
        reader = csv.DictReader(io.StringIO("\n".join(lines[start:])))
        missing = [column for column in REQUIRED if column not in (reader.fieldnames or [])]
        if missing:
            raise ListFileError(f"{name}: not the UK Sanctions List CSV (no {', '.join(missing)})")
        entries: dict[str, ParsedEntry] = {}
        for number, row in enumerate(reader, start=start + 2):
            _add_row(name, number, entries, row)
    except csv.Error as exc:
        raise ListFileError(f"{name}: not a readable CSV file ({exc})") from exc
    for entry in entries.values():
        if not entry.primary_name:
            entry.primary_name = entry.aliases.pop(0).text
        entry.aliases = unique_aliases(entry.primary_name, entry.aliases)
    return ParsedList(published=published, entries=list(entries.values()))


def _report_date(text: str) -> date | None:
    for layout in ("%d-%b-%Y", "%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, layout).date()
        except ValueError:
            continue
    return None


def _add_row(
    file_name: str, number: int, entries: dict[str, ParsedEntry], row: dict[str, str]
) -> None:
    key = (row.get("Unique ID") or "").strip()
    # Name 6 is the family name or the entity's whole name; Names 1–5 come before it
    text = " ".join(" ".join((row.get(column) or "").split()) for column in NAME_COLUMNS).strip()
    text = " ".join(text.split())
    if not key or not text:
        raise ListFileError(f"{file_name} line {number}: a row without Unique ID or name")
    entry = entries.get(key)
    if entry is None:
        entry = entries[key] = ParsedEntry(
            source_id=key,
            kind=kind_of((row.get("Designation Type") or "").strip()),
            primary_name="",
            programmes=[(row.get("Regime Name") or "").strip()] if row.get("Regime Name") else [],
            remarks=(row.get("Other Information") or "").strip(),
        )
        for column in ("Designation source", "Sanctions Imposed", "Date Designated"):
            value = (row.get(column) or "").strip()
            if value:
                entry.legal_refs.append(f"{column}: {value}")
    name_type = (row.get("Name type") or "").strip().casefold()
    weak = (row.get("Alias strength") or "").strip().casefold().startswith("low")
    if name_type == "primary name" and not entry.primary_name:
        entry.primary_name = text
    else:
        entry.aliases.append(ParsedName(text, NameQuality.WEAK if weak else NameQuality.STRONG))
    original = (row.get("Name non-latin script") or "").strip()
    if original:
        entry.aliases.append(ParsedName(original, NameQuality.STRONG))
    for column, scheme in IDENTIFIER_COLUMNS:
        value = (row.get(column) or "").strip()
        if value and any(char.isdigit() for char in value):
            country = country_code(row.get("Address Country") or "")
            identifier = refine(ParsedIdentifier(scheme, value[:100], country))
            if identifier not in entry.identifiers:
                entry.identifiers.append(identifier)
    lines = [(row.get(f"Address Line {n}") or "").strip() for n in range(1, 7)]
    country_name = (row.get("Address Country") or "").strip()
    if any(lines) or country_name:
        address = {
            "country": country_code(country_name),
            "city": next((line for line in reversed(lines) if line), ""),
            "text": ", ".join(part for part in [*lines, country_name] if part),
        }
        if address not in entry.addresses:
            entry.addresses.append(address)
    for value in (row.get("Nationality(/ies)") or "").split(","):
        code = country_code(value.strip())
        if code and code not in entry.nationalities:
            entry.nationalities.append(code)
    dob = (row.get("D.O.B") or "").strip()
    if dob and {"text": dob} not in entry.birth:
        entry.birth.append({"text": dob})
