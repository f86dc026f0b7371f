"""Reads: code lookups that later apps validate against, lists, and search."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Case, Q, QuerySet, Value, When
from django.db.models.functions import Substr
from django.utils import timezone

from cloudcabin import memo
from cloudcabin.errors import ProblemError
from cloudcabin.numbers import search_score
from cloudcabin.reference import codes
from cloudcabin.reference.codes import CodeLists
from cloudcabin.reference.models import (
    CiqCode,
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
    EXACT_NAME,
    PlaceRow,
    Synonym,
    filter_terms,
    locode_query,
    place_score,
    query_variants,
    rank_hs,
    rank_places,
)
from cloudcabin.reference.text import compact, search_key

MIN_QUERY_LENGTH = 2
MAX_LIMIT = 50
PLACE_CANDIDATES = 400
ZH_SEPARATOR = "\uff1b"  # fullwidth semicolon
HS_CODE_QUERY = re.compile(r"[\d.\s]+")
NATIONAL_CODE = re.compile(r"\d{8}(\d{2})?")


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


def locations_named(locodes: Iterable[str]) -> dict[str, tuple[str, str]]:
    """UN/LOCODE → (name, country) of those of ``locodes`` in the UN/LOCODE list; read once
    inside a page's ``memo.reading()`` (its rules and its documents both ask)."""
    wanted = frozenset(code for code in locodes if code)
    return memo.once(
        ("locations_named", wanted),
        lambda: {
            locode: (name, country_code)
            for locode, name, country_code in Location.objects.filter(
                locode__in=wanted
            ).values_list("locode", "name", "country")
        },
    )


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


# --- hand-kept code lists (read once per process until a row changes: reference.codes) --


def eu_member_states(on: date | None = None) -> frozenset[str]:
    """The EU member states on ``on`` (today when None), as ISO alpha-2 codes."""
    return codes.rows().lists.eu_members_on(on or timezone.localdate())


def code_tables() -> codes.Rows:
    """The code tables as kept per process (units, container types, countries,
    currencies …): no query while they are unchanged."""
    return codes.rows()


def code_lists() -> CodeLists:
    """All the hand-kept lists at once (RCEP parties, railway law, rail stations …), for a
    reader that must not query later: the document pack's renderers run in threads."""
    return codes.rows().lists


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


def search_customs_codes(
    *, table: str | None = None, query: str, limit: int = 20
) -> list[CustomsCode]:
    """Codes starting with ``query`` first, then codes whose Chinese or English name has it."""
    text = (query or "").strip()
    found = customs_codes(table).filter(
        Q(code__istartswith=text) | Q(name_zh__contains=text) | Q(name_en__icontains=text)
    )
    ranked = found.annotate(
        rank=Case(When(code__istartswith=text, then=Value(0)), default=Value(1))
    ).order_by("rank", "table", "code")
    return list(ranked[: max(1, min(limit, MAX_LIMIT))])


def customs_codes_by_locode(table: str, locodes: Iterable[str]) -> dict[str, str]:
    """locode → the code of ``table`` that serves that place (places without one are left out)."""
    wanted = {locode.strip().upper() for locode in locodes if locode and locode.strip()}
    found = CustomsCode.objects.filter(table=table, locode__in=wanted).order_by("code")
    codes: dict[str, str] = {}
    for locode, code in found.values_list("locode", "code"):
        codes.setdefault(locode, code)  # one per place is a constraint; be deterministic anyway
    return codes


def national_code(code: str) -> NationalCode | None:
    """The 8-digit code for an 8- or 10-digit code ("8541.43.00" allowed), or None."""
    compact = re.sub(r"[\s.]", "", code or "")
    if not NATIONAL_CODE.fullmatch(compact):
        return None
    return NationalCode.objects.filter(code=compact[:8]).first()


def ten_digit_codes_for(code8s: Iterable[str]) -> dict[str, list[str]]:
    """8-digit code → its known 10-digit codes (from the CIQ table), in one query.

    Only chapters 84, 85, 87, 94 and 95 have any; a code without any is left out.
    """
    wanted = {code for code in code8s if code}
    found: dict[str, list[str]] = {}
    rows = (
        CiqCode.objects.annotate(code8=Substr("hs10", 1, 8))
        .filter(code8__in=wanted)
        .order_by("hs10")
        .values_list("code8", "hs10")
        .distinct()
    )
    for code8, hs10 in rows:
        found.setdefault(code8, []).append(hs10)
    return found


def ten_digit_codes(code8: str) -> list[str]:
    return ten_digit_codes_for([code8]).get(code8, [])


def ciq_codes_for(hs10s: Iterable[str]) -> dict[str, list[tuple[str, str]]]:
    """10-digit code → its (CIQ code, Chinese name) pairs, in one query."""
    found: dict[str, list[tuple[str, str]]] = {}
    rows = CiqCode.objects.filter(hs10__in={code for code in hs10s if code}).order_by("hs10", "ciq")
    for hs10, ciq, name in rows.values_list("hs10", "ciq", "name_zh"):
        found.setdefault(hs10, []).append((ciq, name))
    return found


def ciq_codes(hs10: str) -> list[tuple[str, str]]:
    return ciq_codes_for([hs10]).get(hs10, [])


def customs_unit_names(codes: Iterable[str]) -> dict[str, str]:
    """Customs unit code → its Chinese name (e.g. 035 → 千克)."""
    return dict(
        CustomsUnit.objects.filter(code__in={code for code in codes if code}).values_list(
            "code", "name_zh"
        )
    )


def all_customs_units() -> QuerySet[CustomsUnit]:
    return CustomsUnit.objects.order_by("code")


# --- national code detail --------------------------------------------------------------


@dataclass(frozen=True)
class UnitName:
    code: str
    name_zh: str


@dataclass(frozen=True)
class CiqName:
    code: str
    name_zh: str


@dataclass(frozen=True)
class TenDigitCode:
    code: str
    ciq_codes: list[CiqName]


@dataclass(frozen=True)
class NationalCodeDetail:
    code: str
    name_zh: str
    name_en: str
    hs6: str | None
    first_unit: UnitName | None
    second_unit: UnitName | None
    ten_digit_codes: list[TenDigitCode]


def national_code_detail(code: str) -> NationalCodeDetail | None:
    """An 8-digit code with its legal units and known 10-digit codes (each with its CIQ
    codes), for an 8- or 10-digit code; None when unknown. Three queries."""
    found = national_code(code)
    if found is None:
        return None
    names = customs_unit_names([found.first_unit, found.second_unit])
    tens: dict[str, list[CiqName]] = {}
    for hs10, ciq, name in (
        CiqCode.objects.filter(hs10__startswith=found.code)
        .order_by("hs10", "ciq")
        .values_list("hs10", "ciq", "name_zh")
    ):
        tens.setdefault(hs10, []).append(CiqName(ciq, name))

    def unit(unit_code: str) -> UnitName | None:
        return UnitName(unit_code, names.get(unit_code, "")) if unit_code else None

    return NationalCodeDetail(
        code=found.code,
        name_zh=found.name_zh,
        name_en=found.name_en,
        hs6=found.hs6_id,
        first_unit=unit(found.first_unit),
        second_unit=unit(found.second_unit),
        ten_digit_codes=[TenDigitCode(hs10, ciqs) for hs10, ciqs in tens.items()],
    )


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
    name_zh: str
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
        HsHit(code, rows[code][0], rows[code][1], chinese.get(code, ""), search_score(score))
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


def _place_candidates(key: str, code: str | None, limit: int) -> dict[str, PlaceRow]:
    """Places whose name starts with or contains ``key`` (spaced or not), or whose code
    starts with ``code``."""
    fields = ("locode", "search_name", "function", "status")
    found: dict[str, PlaceRow] = {}

    def collect(condition: Q) -> None:
        for row in Location.objects.filter(condition).values_list(*fields)[:PLACE_CANDIDATES]:
            found.setdefault(row[0], PlaceRow(*row))

    keys = list(dict.fromkeys((key, compact(key))))
    for each in keys:
        collect(_prefix("search_name", each))
    if code:
        collect(_prefix("locode", code))
    if len(found) < limit:
        collect(reduce(or_, (Q(search_name__contains=each) for each in keys)))
    return found


def location_named(text: str) -> Location | None:
    """The place one of whose names (UN/LOCODE spellings, Chinese name, pinyin) is ``text``,
    accents, case, apostrophes and spaces ignored; the best ranked when several are."""
    key = search_key(text or "")
    if not key:
        return None
    candidates = _place_candidates(key, None, 1).values()
    named = [row for row in candidates if place_score(row, key, None)[0] == EXACT_NAME]
    ordered = rank_places(named, text, 1)
    return Location.objects.filter(locode=ordered[0]).first() if ordered else None


def search_places(query: str, limit: int = 20) -> list[PlaceHit]:
    """Places by UN/LOCODE ("DEDUI", "de dui") or by name in any script ("Xi'an", "xi an",
    "西安", "Łódź" = "Lodz"), accents, apostrophes and spaces ignored."""
    text, limit = _checked(query, limit)
    key = search_key(text)
    if not key:
        return []
    ordered = rank_places(_place_candidates(key, locode_query(text), limit).values(), text, limit)
    rows = {place.locode: place for place in Location.objects.filter(locode__in=ordered)}
    return [
        PlaceHit(
            locode=place.locode,
            country=place.country,
            name=place.name,
            name_zh=place.name_zh,
            subdivision=place.subdivision,
            function=place.function,
            status=place.status,
        )
        for place in (rows[locode] for locode in ordered)
    ]
