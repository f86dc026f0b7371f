"""Identifiers as lists write them ("Tax ID No. 7744001497 (Russia)", "Passport, 836238033,
KP") → (scheme, value, country).

One label table serves OFAC's remarks, the CSL's ``ids`` column and the UK list's columns.
The scheme is the one screening names in its reasons: USCC, INN, OGRN, BIN, LEI, IMO,
PASSPORT, NATIONAL_ID, REGISTRATION, TAX_ID, BIC, MMSI, OTHER.
"""

from __future__ import annotations

import re

from cloudcabin.compliance.lists.records import ParsedIdentifier, country_code

# Label prefixes, longest first where one starts another.
LABELS: tuple[tuple[str, str], ...] = (
    ("unified social credit code (uscc)", "USCC"),
    ("unified social credit code", "USCC"),
    ("vessel registration identification imo", "IMO"),
    ("vessel registration identification", "IMO"),
    ("imo number", "IMO"),
    ("imo", "IMO"),
    ("legal entity number", "LEI"),
    ("lei", "LEI"),
    ("tax id no.", "TAX_ID"),
    ("tax id", "TAX_ID"),
    ("inn", "INN"),
    ("ogrn", "OGRN"),
    ("business identification number", "BIN"),
    ("bin", "BIN"),
    ("national id no.", "NATIONAL_ID"),
    ("national identifier number", "NATIONAL_ID"),
    ("national id", "NATIONAL_ID"),
    ("identification number", "NATIONAL_ID"),
    ("cedula no.", "NATIONAL_ID"),
    ("passport number", "PASSPORT"),
    ("passport", "PASSPORT"),
    ("public registration number", "REGISTRATION"),
    ("business registration document #", "REGISTRATION"),
    ("business registration number (s)", "REGISTRATION"),
    ("business registration number", "REGISTRATION"),
    ("registration number", "REGISTRATION"),
    ("registration id", "REGISTRATION"),
    ("company number", "REGISTRATION"),
    ("government gazette number", "REGISTRATION"),
    ("trade license no.", "REGISTRATION"),
    ("commercial registry number", "REGISTRATION"),
    ("v.a.t. number", "TAX_ID"),
    ("swift/bic", "BIC"),
    ("mmsi", "MMSI"),
    ("d-u-n-s number", "OTHER"),
)

_COUNTRY = re.compile(r"\s*\(([^()]*)\)\s*$")
_TRAILER = re.compile(r"\s+(?:expires|issued|alt\.)\b.*$", re.IGNORECASE)


def scheme_of(label: str) -> str:
    """The scheme of an identifier label; "" when the label is not an identifier."""
    folded = " ".join(label.casefold().split()).rstrip(":")
    for prefix, scheme in LABELS:
        if folded == prefix or folded == prefix.rstrip("."):
            return scheme
    return ""


def refine(identifier: ParsedIdentifier) -> ParsedIdentifier:
    """Name the national scheme where the country and the form say it: a Russian tax number
    is an INN, a Russian 13- or 15-digit registration number an OGRN, a Kazakh 12-digit
    registration or tax number a BIN, a Chinese 18-character one a USCC."""
    digits = identifier.value.replace(" ", "")
    scheme = identifier.scheme
    if identifier.country == "RU" and scheme == "TAX_ID" and len(digits) in (10, 12):
        scheme = "INN"
    elif identifier.country == "RU" and scheme == "REGISTRATION" and len(digits) in (13, 15):
        scheme = "OGRN"
    elif identifier.country == "KZ" and scheme in ("REGISTRATION", "TAX_ID") and len(digits) == 12:
        scheme = "BIN"
    elif identifier.country == "CN" and scheme in ("REGISTRATION", "TAX_ID") and len(digits) == 18:
        scheme = "USCC"
    elif scheme == "LEI" and len(digits) != 20:
        scheme = "REGISTRATION"
    return ParsedIdentifier(scheme, identifier.value, identifier.country)


def from_remark(part: str) -> ParsedIdentifier | None:
    """One ';'-separated part of OFAC's remarks, when it states an identifier."""
    text = part.strip().rstrip(".").strip()
    if text.casefold().startswith("alt. "):
        text = text[5:]
    folded = text.casefold()
    for prefix, scheme in LABELS:
        if folded.startswith(prefix + " "):
            rest = _TRAILER.sub("", text[len(prefix) :].strip())
            country = ""
            found = _COUNTRY.search(rest)
            if found:
                country = country_code(found.group(1))
                rest = rest[: found.start()]
            value = rest.strip().lstrip("#").strip()
            if not value or not any(char.isdigit() for char in value):
                return None
            return refine(ParsedIdentifier(scheme, value[:100], country))
    return None
