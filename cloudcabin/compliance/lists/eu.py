"""The EU consolidated financial sanctions file (FSF), XML 1.1
(namespace ``http://eu.europa.ec/fpi/fsd/export``)."""

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
from cloudcabin.compliance.lists.xmlfiles import root_of
from cloudcabin.compliance.models.lists import EntityKind, NameQuality

NS = "{http://eu.europa.ec/fpi/fsd/export}"
DOCUMENT_SCHEMES = {
    "passport": "PASSPORT",
    "id": "NATIONAL_ID",
    "regnumber": "REGISTRATION",
    "imo": "IMO",
    "fiscalcode": "TAX_ID",
}


def parse(files: Sequence[tuple[str, bytes]]) -> ParsedList:
    [(name, data)] = files
    root = root_of(name, data)
    if root.tag != f"{NS}export":
        raise ListFileError(f"{name}: not the EU financial sanctions file (root {root.tag!s})")
    entries = [_entry(name, element) for element in root.iterfind(f"{NS}sanctionEntity")]
    try:
        published: date | None = date.fromisoformat(root.get("generationDate", "")[:10])
    except ValueError:
        published = None
    return ParsedList(published=published, entries=entries)


def _entry(file_name: str, element: etree._Element) -> ParsedEntry:
    names = [
        alias
        for alias in element.iterfind(f"{NS}nameAlias")
        if " ".join(alias.get("wholeName", "").split())
    ]
    source_id = element.get("logicalId", "")
    if not source_id or not names:
        raise ListFileError(
            f"{file_name} line {element.sourceline}: a sanctionEntity without logicalId or name"
        )
    subject = element.find(f"{NS}subjectType")
    code = subject.get("code", "") if subject is not None else ""
    kind = EntityKind.PERSON if code == "person" else EntityKind.ORGANIZATION
    primary = " ".join(names[0].get("wholeName", "").split())
    entry = ParsedEntry(
        source_id=source_id,
        kind=kind,
        primary_name=primary,
        remarks=" ".join(
            " ".join((remark.text or "").split()) for remark in element.iterfind(f"{NS}remark")
        ),
    )
    reference = element.get("euReferenceNumber", "")
    if reference:
        entry.legal_refs.append(reference)
    for regulation in element.iterfind(f"{NS}regulation"):
        programme = regulation.get("programme", "")
        if programme and programme not in entry.programmes:
            entry.programmes.append(programme)
        title = regulation.get("numberTitle", "")
        url = regulation.findtext(f"{NS}publicationUrl") or ""
        if title:
            entry.legal_refs.append(" ".join(filter(None, [title, url.strip()])))
    entry.aliases = unique_aliases(
        primary,
        [
            ParsedName(
                alias.get("wholeName", ""),
                NameQuality.WEAK if alias.get("strong") == "false" else NameQuality.STRONG,
            )
            for alias in names[1:]
        ],
    )
    for document in element.iterfind(f"{NS}identification"):
        number = document.get("number", "").strip()
        if number:
            scheme = DOCUMENT_SCHEMES.get(document.get("documentType", "").casefold(), "OTHER")
            entry.identifiers.append(
                refine(ParsedIdentifier(scheme, number[:100], document.get("countryIso2Code", "")))
            )
    for address in element.iterfind(f"{NS}address"):
        parts = [address.get(key, "") for key in ("street", "zipCode", "city")]
        country = address.get("countryIso2Code", "") or country_code(
            address.get("countryDescription", "")
        )
        if any(parts) or country:
            text = ", ".join(
                part for part in [*parts, address.get("countryDescription", "")] if part
            )
            entry.addresses.append({"country": country, "city": parts[2], "text": text})
    for birth in element.iterfind(f"{NS}birthdate"):
        record: dict[str, object] = {}
        if birth.get("birthdate"):
            record["date"] = birth.get("birthdate", "")
        elif (birth.get("year") or "").isdigit():
            record["year"] = int(birth.get("year", ""))
        if birth.get("city"):
            record["place"] = birth.get("city", "")
        if birth.get("countryIso2Code"):
            record["country"] = birth.get("countryIso2Code", "")
        if record:
            entry.birth.append(record)
    for citizenship in element.iterfind(f"{NS}citizenship"):
        code = citizenship.get("countryIso2Code", "")
        if code and code not in entry.nationalities:
            entry.nationalities.append(code)
    return entry
