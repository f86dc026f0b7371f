"""The UN Security Council consolidated list (``consolidated.xml``, scsanctions.un.org)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from lxml import etree

from cloudcabin.compliance.lists.identifiers import refine
from cloudcabin.compliance.lists.records import (
    ListFileError,
    ParsedEntry,
    ParsedIdentifier,
    ParsedList,
    ParsedName,
    country_code,
    unique_aliases,
)
from cloudcabin.compliance.lists.xmlfiles import root_of, text_of
from cloudcabin.compliance.models.lists import EntityKind, NameQuality

NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")


def parse(files: Sequence[tuple[str, bytes]]) -> ParsedList:
    [(name, data)] = files
    root = root_of(name, data)
    if root.tag != "CONSOLIDATED_LIST":
        raise ListFileError(f"{name}: not the UN consolidated list (root element {root.tag!s})")
    entries = []
    for kind, path in ((EntityKind.PERSON, "INDIVIDUALS/INDIVIDUAL"), (None, "ENTITIES/ENTITY")):
        for element in root.iterfind(path):
            entries.append(_entry(name, element, kind or EntityKind.ORGANIZATION))
    return ParsedList(published=_published(root.get("dateGenerated", "")), entries=entries)


def _published(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _entry(file_name: str, element: etree._Element, kind: str) -> ParsedEntry:
    source_id = text_of(element, "DATAID")
    primary = " ".join(part for part in (text_of(element, tag) for tag in NAME_PARTS) if part)
    if not source_id or not primary:
        line = element.sourceline
        raise ListFileError(f"{file_name} line {line}: an entry without DATAID or name")
    prefix = "INDIVIDUAL" if kind == EntityKind.PERSON else "ENTITY"
    reference = text_of(element, "REFERENCE_NUMBER")
    listed_on = text_of(element, "LISTED_ON")
    entry = ParsedEntry(
        source_id=source_id,
        kind=kind,
        primary_name=primary,
        programmes=[value for value in [text_of(element, "UN_LIST_TYPE")] if value],
        legal_refs=[
            " ".join(filter(None, [reference, f"listed on {listed_on}" if listed_on else ""]))
        ]
        if reference
        else [],
        remarks=text_of(element, "COMMENTS1"),
    )
    aliases = []
    original = text_of(element, "NAME_ORIGINAL_SCRIPT")
    if original:
        aliases.append(ParsedName(original, NameQuality.STRONG))
    for alias in element.iterfind(f"{prefix}_ALIAS"):
        text = text_of(alias, "ALIAS_NAME")
        if text:
            weak = text_of(alias, "QUALITY").casefold() == "low"
            aliases.append(ParsedName(text, NameQuality.WEAK if weak else NameQuality.STRONG))
    entry.aliases = unique_aliases(primary, aliases)
    for address in element.iterfind(f"{prefix}_ADDRESS"):
        parts = [text_of(address, tag) for tag in ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY")]
        if any(parts):
            entry.addresses.append(
                {
                    "country": country_code(parts[3]),
                    "city": parts[1],
                    "text": ", ".join(part for part in parts if part),
                }
            )
    for document in element.iterfind(f"{prefix}_DOCUMENT"):
        number = text_of(document, "NUMBER")
        if number:
            kind_text = text_of(document, "TYPE_OF_DOCUMENT").casefold()
            scheme = "PASSPORT" if "passport" in kind_text else "NATIONAL_ID"
            country = text_of(document, "ISSUING_COUNTRY") or text_of(document, "COUNTRY_OF_ISSUE")
            entry.identifiers.append(
                refine(ParsedIdentifier(scheme, number[:100], country_code(country)))
            )
    for birth in element.iterfind(f"{prefix}_DATE_OF_BIRTH"):
        day, year = text_of(birth, "DATE"), text_of(birth, "YEAR")
        if day:
            entry.birth.append({"date": day[:10]})
        elif year.isdigit():
            entry.birth.append({"year": int(year)})
    for nationality in element.iterfind("NATIONALITY/VALUE"):
        code = country_code(" ".join((nationality.text or "").split()))
        if code and code not in entry.nationalities:
            entry.nationalities.append(code)
    return entry
