"""Reads: code lookups that later apps validate against, lists, and search."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Q, QuerySet

from cloudcabin.errors import ProblemError
from cloudcabin.reference.models import (
    ContainerType,
    Country,
    Currency,
    CustomsCode,
    CustomsUnit,
    HsCode,
    Location,
    NationalCode,
    SearchSynonym,
)
from cloudcabin.reference.ranking import (
    PlaceRow,
    Synonym,
    filter_terms,
    locode_query,
    query_variants,
    rank_hs,
    rank_places,
)
from cloudcabin.reference.text import place_key

MIN_QUERY_LENGTH = 2
MAX_LIMIT = 50
PLACE_CANDIDATES = 400
ZH_SEPARATOR = "\uff1b"  # fullwidth semicolon
HS_CODE_QUERY = re.compile(r"[\d.\s]+")


# --- lookups ---------------------------------------------------------------------------


def hs_code(code: str, *, path: str = "hs_code") -> HsCode:
    """The HS 2022 chapter, heading or subheading ("8541.42" or "854142"), or HS_UNKNOWN."""
    compact = re.sub(r"[\s.]", "", code or "")
    found = HsCode.objects.select_related("section", "parent").filter(code=compact).first()
    if found is None or not compact:
        raise ProblemError.of("HS_UNKNOWN", path=path, value=code)
    return found


def location(locode: str, *, path: str = "locode") -> Location:
    compact = re.sub(r"[\s\-]", "", locode or "").upper()
    found = Location.objects.filter(locode=compact).first()
    if found is None or not compact:
        raise ProblemError.of("LOCODE_UNKNOWN", path=path, value=locode)
    return found


def country(alpha2: str, *, path: str = "country") -> Country:
    found = Country.objects.filter(alpha2=(alpha2 or "").strip().upper()).first()
    if found is None:
        raise ProblemError.of("COUNTRY_UNKNOWN", path=path, value=alpha2)
    return found


def currency(code: str, *, path: str = "currency") -> Currency:
    found = Currency.objects.filter(code=(code or "").strip().upper()).first()
    if found is None:
        raise ProblemError.of("CURRENCY_UNKNOWN", path=path, value=code)
    return found


# --- lists -----------------------------------------------------------------------------


def national_codes_under(hs6: str) -> QuerySet[NationalCode]:
    return NationalCode.objects.filter(code__startswith=hs6).order_by("code")


def all_countries() -> QuerySet[Country]:
    return Country.objects.order_by("alpha2")


def all_currencies() -> QuerySet[Currency]:
    return Currency.objects.order_by("code")


def all_container_types() -> QuerySet[ContainerType]:
    return ContainerType.objects.select_related("group").order_by("code")


def customs_codes(table: str | None = None) -> QuerySet[CustomsCode]:
    found = CustomsCode.objects.order_by("table", "code")
    return found.filter(table=table) if table else found


def all_customs_units() -> QuerySet[CustomsUnit]:
    return CustomsUnit.objects.order_by("code")


# --- search ----------------------------------------------------------------------------


@dataclass(frozen=True)
class HsHit:
    code: str
    level: int
    description: str
    name_zh: str
    score: float


@dataclass(frozen=True)
class PlaceHit:
    locode: str
    country: str
    name: str
    subdivision: str
    function: str
    status: str


def _checked(query: str, limit: int) -> tuple[str, int]:
    text = (query or "").strip()
    if len(text) < MIN_QUERY_LENGTH:
        raise ProblemError.of("QUERY_TOO_SHORT", path="q", minimum=MIN_QUERY_LENGTH)
    return text, max(1, min(limit, MAX_LIMIT))


def _chinese_names(codes: list[str]) -> dict[str, str]:
    """A Chinese label per HS6: the names of (up to three) national codes under it."""
    names: dict[str, list[str]] = {}
    for hs6, name in (
        NationalCode.objects.filter(hs6_id__in=codes)
        .order_by("code")
        .values_list("hs6_id", "name_zh")
    ):
        if hs6 is not None:
            names.setdefault(str(hs6), []).append(name)
    return {code: ZH_SEPARATOR.join(listed[:3]) for code, listed in names.items()}


def _hs_hits(ranked: list[tuple[str, float]]) -> list[HsHit]:
    codes = [code for code, _ in ranked]
    rows = {
        code: (level, description)
        for code, level, description in HsCode.objects.filter(code__in=codes).values_list(
            "code", "level", "description"
        )
    }
    chinese = _chinese_names([code for code in codes if len(code) == 6])
    return [
        HsHit(code, rows[code][0], rows[code][1], chinese.get(code, ""), round(score, 2))
        for code, score in ranked
        if code in rows
    ]


def active_synonyms() -> list[Synonym]:
    return [
        Synonym(term, expansion)
        for term, expansion in SearchSynonym.objects.filter(is_active=True).values_list(
            "term", "expansion"
        )
    ]


def search_hs(query: str, limit: int = 20) -> list[HsHit]:
    """HS codes for a code prefix ("8541.4") or for words in English or Chinese."""
    text, limit = _checked(query, limit)
    if HS_CODE_QUERY.fullmatch(text):
        prefix = re.sub(r"[\s.]", "", text)[:6]
        found = HsCode.objects.filter(code__startswith=prefix).order_by("code")
        return _hs_hits([(code, 0.0) for code in found.values_list("code", flat=True)[:limit]])
    variants = query_variants(text, active_synonyms())
    ranked: list[tuple[str, float]] = []
    tried: set[str] = set()
    for partial in (False, True):
        terms = filter_terms(variants, partial=partial)
        if not terms or terms == tried:
            continue
        tried = terms
        candidates = HsCode.objects.filter(
            reduce(or_, (Q(search_text__contains=term) for term in sorted(terms)))
        ).values_list("code", "level", "search_text")
        ranked = rank_hs(candidates.iterator(chunk_size=2000), variants, limit)
        if len(ranked) >= limit:
            break
    return _hs_hits(ranked)


def _prefix(field: str, value: str) -> Q:
    condition = Q(**{f"{field}__startswith": value})
    if connection.vendor == "sqlite":
        # SQLite's LIKE ignores case, so it cannot use the index; a range (binary
        # collation) can. PostgreSQL indexes LIKE 'x%' through Django's *_like index.
        condition &= Q(**{f"{field}__gte": value, f"{field}__lt": value + "\uffff"})
    return condition


def search_places(query: str, limit: int = 20) -> list[PlaceHit]:
    """Places by UN/LOCODE ("DEDUI", "de dui") or by name, accents and apostrophes ignored."""
    text, limit = _checked(query, limit)
    key = place_key(text)
    code = locode_query(text)
    if not key:
        return []
    fields = ("locode", "search_name", "function", "status")
    found: dict[str, PlaceRow] = {}

    def collect(condition: Q) -> None:
        for row in Location.objects.filter(condition).values_list(*fields)[:PLACE_CANDIDATES]:
            found.setdefault(row[0], PlaceRow(*row))

    collect(_prefix("search_name", key))
    if code:
        collect(_prefix("locode", code))
    if len(found) < limit:
        collect(Q(search_name__contains=key))
    ordered = rank_places(found.values(), text, limit)
    rows = {place.locode: place for place in Location.objects.filter(locode__in=ordered)}
    return [
        PlaceHit(
            locode=place.locode,
            country=place.country,
            name=place.name,
            subdivision=place.subdivision,
            function=place.function,
            status=place.status,
        )
        for place in (rows[locode] for locode in ordered)
    ]
