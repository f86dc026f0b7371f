"""The US Consolidated Screening List (ITA) as CSV, in both layouts it has had.

The current layout starts with ``_id`` (the record key); the older one (2019) has no key
and starts with ``source``, so its entries are keyed by a hash of the row. Lists inside a
cell are joined by ``; ``. The ``ids`` cell holds "type, number, country" items (the older
layout writes "country, number, type").
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Sequence

from cloudcabin.compliance.lists.identifiers import refine, scheme_of
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

REQUIRED = ("source", "name", "type", "programs", "addresses", "alt_names", "ids")


def parse(files: Sequence[tuple[str, bytes]]) -> ParsedList:
    [(name, data)] = files
    text = decode(name, data).lstrip("\ufeff")
    try:
        reader = csv.DictReader(io.StringIO(text))
        header = reader.fieldnames or []
        missing = [column for column in REQUIRED if column not in header]
        if missing:
            raise ListFileError(
                f"{name}: not a Consolidated Screening List CSV (no column {', '.join(missing)})"
            )
        current = header[0] == "_id"
        entries: list[ParsedEntry] = []
        seen: dict[str, int] = {}
        for number, row in enumerate(reader, start=2):
            if None in row:
                raise ListFileError(f"{name} line {number}: more cells than the header has")
            entry = _entry(row, current)
            if not entry.primary_name:
                raise ListFileError(f"{name} line {number}: the entry has no name")
            count = seen.get(entry.source_id, 0)
            seen[entry.source_id] = count + 1
            if count:
                entry.source_id = f"{entry.source_id}-{count + 1}"
            entries.append(entry)
    except csv.Error as exc:
        raise ListFileError(f"{name}: not a readable CSV file ({exc})") from exc
    return ParsedList(published=None, entries=entries)


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split(";") if part.strip()]


def _entry(row: dict[str, str], current: bool) -> ParsedEntry:
    # "Sinobright …; and any successor, sub-unit, or subsidiary thereof": the name is before ";"
    primary = " ".join((row["name"] or "").split(";")[0].split())
    if current:
        key = row["_id"].strip()
    else:
        raw = "\x1f".join(row.get(column) or "" for column in ("source", "entity_number", "name"))
        key = "L" + hashlib.sha256(raw.encode()).hexdigest()[:24]
    source = (row["source"] or "").strip()
    entry = ParsedEntry(
        source_id=key,
        kind=kind_of(row["type"] or ""),
        primary_name=primary,
        programmes=[source, *_split(row["programs"])] if source else _split(row["programs"]),
        legal_refs=[
            value
            for value in (
                (row.get("federal_register_notice") or "").strip(),
                (row.get("license_requirement") or "").strip(),
                (row.get("source_list_url") or "").strip(),
            )
            if value
        ],
        remarks=(row.get("remarks") or "").strip(),
    )
    entry.aliases = unique_aliases(
        primary, [ParsedName(alias, NameQuality.STRONG) for alias in _split(row["alt_names"])]
    )
    for address in _split(row["addresses"]):
        parts = [part.strip() for part in address.split(",")]
        city = parts[-3] if len(parts) >= 3 else ""
        entry.addresses.append({"country": country_code(parts[-1]), "city": city, "text": address})
    for item in _split(row["ids"]):
        identifier = _identifier(item)
        if identifier is not None:
            entry.identifiers.append(identifier)
    for column in ("nationalities", "citizenships"):
        for value in _split(row.get(column)):
            code = country_code(value)
            if code and code not in entry.nationalities:
                entry.nationalities.append(code)
    entry.birth = [{"text": value} for value in _split(row.get("dates_of_birth"))]
    entry.birth += [{"place": value} for value in _split(row.get("places_of_birth"))]
    return entry


def _identifier(item: str) -> ParsedIdentifier | None:
    parts = [part.strip() for part in item.split(",")]
    if len(parts) < 2:
        return None
    if len(parts) >= 3 and scheme_of(parts[-1]) and len(parts[0]) == 2:  # older: CC, number, type
        label, value, country = parts[-1], ", ".join(parts[1:-1]), parts[0]
    else:  # current: type, number[, CC]
        label, value = parts[0], parts[1]
        country = parts[2] if len(parts) > 2 else ""
    scheme = scheme_of(label)
    if not scheme or not any(char.isdigit() for char in value):
        return None
    return refine(ParsedIdentifier(scheme, value[:100], country_code(country)))
