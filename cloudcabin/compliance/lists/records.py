"""The shape every list parser produces, before anything is written.

A parser reads a whole file into ``ParsedList`` or raises ``ListFileError`` with the line
or element that is wrong; only a complete parse reaches the database, so a malformed file
never leaves a half-loaded version behind.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import pycountry

from cloudcabin.compliance.models.lists import EntityKind, NameQuality


class ListFileError(Exception):
    """The file is not what its list publishes: says where and what, in English."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


@dataclass
class ParsedName:
    text: str
    quality: str = NameQuality.STRONG


@dataclass
class ParsedIdentifier:
    scheme: str
    value: str
    country: str = ""


@dataclass
class ParsedEntry:
    source_id: str
    kind: str
    primary_name: str
    aliases: list[ParsedName] = field(default_factory=list)
    identifiers: list[ParsedIdentifier] = field(default_factory=list)
    programmes: list[str] = field(default_factory=list)
    legal_refs: list[str] = field(default_factory=list)
    addresses: list[dict[str, str]] = field(default_factory=list)
    birth: list[dict[str, Any]] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    remarks: str = ""


@dataclass
class ParsedList:
    published: date | None
    entries: list[ParsedEntry]


KINDS = {
    "individual": EntityKind.PERSON,
    "person": EntityKind.PERSON,
    "vessel": EntityKind.VESSEL,
    "ship": EntityKind.VESSEL,
    "aircraft": EntityKind.AIRCRAFT,
}

# Country names the lists use that pycountry does not know by that name.
_COUNTRY_ALIASES = {
    "burma": "MM",
    "russia": "RU",
    "iran": "IR",
    "syria": "SY",
    "north korea": "KP",
    "korea, north": "KP",
    "korea, south": "KR",
    "south korea": "KR",
    "democratic people's republic of korea": "KP",
    "laos": "LA",
    "vietnam": "VN",
    "venezuela": "VE",
    "bolivia": "BO",
    "tanzania": "TZ",
    "moldova": "MD",
    "palestinian": "PS",
    "west bank": "PS",
    "gaza": "PS",
    "taiwan": "TW",
    "kosovo": "XK",
    "congo, democratic republic of the": "CD",
    "democratic republic of the congo": "CD",
    "congo, republic of the": "CG",
    "turkey": "TR",
    "türkiye": "TR",
    "czech republic": "CZ",
    "united kingdom": "GB",
    "united states": "US",
    "virgin islands, british": "VG",
    "macau": "MO",
    "hong kong": "HK",
}


@lru_cache(maxsize=4096)
def country_code(name: str) -> str:
    """ISO 3166 alpha-2 for a country name or code as lists write it; "" when unknown."""
    text = unicodedata.normalize("NFKC", name).strip().strip(".").strip()
    if not text:
        return ""
    if len(text) == 2 and text.isalpha() and text.isupper():
        return text
    folded = text.casefold()
    if folded in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[folded]
    try:
        return str(pycountry.countries.lookup(text).alpha_2)
    except LookupError:
        return ""


def kind_of(text: str) -> str:
    return KINDS.get(text.strip().casefold(), EntityKind.ORGANIZATION)


def unique_aliases(primary: str, names: list[ParsedName]) -> list[ParsedName]:
    """Aliases without repeats of the primary name or of each other (case-insensitive)."""
    seen = {primary.casefold()}
    kept = []
    for name in names:
        text = " ".join(name.text.split())
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            kept.append(ParsedName(text, name.quality))
    return kept
