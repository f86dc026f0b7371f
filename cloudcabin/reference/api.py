"""API: reference data search and lookups (any signed-in member or API key may read)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import translation
from ninja import Field, Query, Router, Schema

from cloudcabin.api.schemas import ErrorsOut, Input
from cloudcabin.errors import ProblemError, problem
from cloudcabin.reference import declared_elements, selectors
from cloudcabin.reference.codes import template_for
from cloudcabin.reference.models import (
    ContainerType,
    Country,
    Currency,
    CustomsCode,
    CustomsTable,
    CustomsUnit,
    HsCode,
    Location,
    NationalCode,
)
from cloudcabin.reference.selectors import MAX_LIMIT, HsHit, NationalCodeDetail, PlaceHit

router = Router()


class SearchParams(Input):
    q: str = ""
    limit: int = Field(20, ge=1, le=MAX_LIMIT)


class HsHitOut(Schema):
    code: str
    level: int
    description: str
    name_zh: str
    score: float


class NationalCodeOut(Schema):
    code: str
    name_zh: str
    name_en: str
    unit1_code: str
    unit1_name_zh: str
    unit2_code: str
    unit2_name_zh: str


class HsCodeOut(Schema):
    code: str
    level: int
    description: str
    parent: str | None = Field(None, alias="parent_id")
    section: str = Field(alias="section_id")
    section_name: str
    national_codes: list[NationalCodeOut]
    source: str = "HS 2022 (WCO, via UN Comtrade); national codes source: GACC"

    @staticmethod
    def resolve_section_name(obj: HsCode) -> str:
        return obj.section.name

    @staticmethod
    def resolve_national_codes(obj: HsCode) -> list[NationalCode]:
        return list(selectors.national_codes_under(obj.code)) if obj.level == 6 else []


class PlaceHitOut(Schema):
    locode: str
    country: str
    name: str
    name_zh: str
    subdivision: str
    function: str
    status: str


class PlaceOut(PlaceHitOut):
    pinyin: str
    name_ascii: str
    alternative_names: str
    iata: str
    latitude: Decimal | None
    longitude: Decimal | None
    source: str = "UN/LOCODE, source: UNECE"


class CountryOut(Schema):
    alpha2: str
    alpha3: str
    numeric: str
    name_en: str
    name_zh: str


class CurrencyOut(Schema):
    code: str
    numeric: str
    name_en: str
    name_zh: str


class ContainerTypeOut(Schema):
    code: str
    description: str
    length_ft: Decimal
    height_ft: Decimal
    group: str | None = Field(None, alias="group_id")
    teu: Decimal
    typical_tare_kg: Decimal | None
    typical_max_payload_kg: Decimal | None
    typical_max_gross_kg: Decimal | None


class CustomsCodeOut(Schema):
    table: str
    code: str
    name_zh: str
    name_en: str
    locode: str = Field(description="UN/LOCODE of the place this code serves, or empty.")


class CustomsUnitOut(Schema):
    code: str
    name_zh: str
    name_en: str
    unece_rec20: str


class CustomsCodeParams(Input):
    table: CustomsTable | None = None
    q: str = Field("", description="Code prefix, or part of the Chinese or English name.")
    limit: int = Field(20, ge=1, le=MAX_LIMIT, description="Hits for a q search.")


class UnitNameOut(Schema):
    code: str
    name_zh: str


class CiqNameOut(Schema):
    code: str
    name_zh: str


class TenDigitCodeOut(Schema):
    code: str
    ciq_codes: list[CiqNameOut]


class NationalCodeDetailOut(Schema):
    code: str
    name_zh: str
    name_en: str
    hs6: str | None
    first_unit: UnitNameOut | None
    second_unit: UnitNameOut | None
    ten_digit_codes: list[TenDigitCodeOut]
    source: str = (
        "China tariff 2023; CIQ names 2016–2018 (chapters 84, 85, 87, 94, 95); source: GACC"
    )


@router.get("/hs", response={200: list[HsHitOut], 400: ErrorsOut})
def search_hs(request: HttpRequest, params: Query[SearchParams]) -> list[HsHit]:
    """HS 2022 codes for a code prefix ("8541.4") or words in English or Chinese."""
    return selectors.search_hs(params.q, params.limit)


@router.get("/hs/{code}", response={200: HsCodeOut, 404: ErrorsOut})
def get_hs_code(request: HttpRequest, code: str) -> HsCode:
    try:
        return selectors.hs_code(code, path="code")
    except ProblemError as exc:  # a lookup by URL: unknown is "not found", not bad input
        raise ProblemError(*exc.problems, status=404) from exc


@router.get("/places", response={200: list[PlaceHitOut], 400: ErrorsOut})
def search_places(request: HttpRequest, params: Query[SearchParams]) -> list[PlaceHit]:
    """UN/LOCODE places by code ("DEDUI") or name ("Duisburg", "Xi'an")."""
    return selectors.search_places(params.q, params.limit)


@router.get("/places/{locode}", response={200: PlaceOut, 404: ErrorsOut})
def get_place(request: HttpRequest, locode: str) -> Location:
    try:
        return selectors.location(locode, path="locode")
    except ProblemError as exc:
        raise ProblemError(*exc.problems, status=404) from exc


@router.get("/countries", response=list[CountryOut])
def list_countries(request: HttpRequest) -> list[Country]:
    return list(selectors.all_countries())


@router.get("/currencies", response=list[CurrencyOut])
def list_currencies(request: HttpRequest) -> list[Currency]:
    return list(selectors.all_currencies())


@router.get("/container-types", response=list[ContainerTypeOut])
def list_container_types(request: HttpRequest) -> list[ContainerType]:
    return list(selectors.all_container_types())


@router.get("/customs-codes", response=list[CustomsCodeOut])
def list_customs_codes(request: HttpRequest, params: Query[CustomsCodeParams]) -> list[CustomsCode]:
    """A customs table (or all); with ``q``, the best ``limit`` hits, code-prefix hits first."""
    if params.q.strip():
        return selectors.search_customs_codes(
            table=params.table, query=params.q, limit=params.limit
        )
    return list(selectors.customs_codes(params.table))


@router.get("/national-codes/{code}", response={200: NationalCodeDetailOut, 404: ErrorsOut})
def get_national_code(request: HttpRequest, code: str) -> NationalCodeDetail:
    """China's 8-digit code for an 8- or 10-digit code: names, legal units, 10-digit codes.

    The 10-digit codes and their CIQ codes are those of the CIQ table (chapters 84, 85,
    87, 94, 95); elsewhere the list is empty and the user gives the 10-digit code.
    """
    found = selectors.national_code_detail(code)
    if found is None:
        raise ProblemError(problem("NOT_FOUND", path="code"), status=404)
    return found


@router.get("/customs-units", response=list[CustomsUnitOut])
def list_customs_units(request: HttpRequest) -> list[CustomsUnit]:
    return list(selectors.all_customs_units())


class NamedCodeOut(Schema):
    code: str
    name_zh: str
    name_en: str


class ElementNameOut(Schema):
    name_zh: str
    name_en: str


class DeclaredElementsOut(Schema):
    prefix: str = Field(description="The code prefix whose template applies (longest match).")
    brand_types: list[NamedCodeOut] = Field(description="Choices for the first element.")
    export_preferences: list[NamedCodeOut] = Field(description="Choices for the second element.")
    elements: list[ElementNameOut] = Field(description="The elements that follow, in order.")
    source: str


@router.get("/declared-elements/{code}", response={200: DeclaredElementsOut, 404: ErrorsOut})
def get_declared_elements(request: HttpRequest, code: str) -> DeclaredElementsOut:
    """The declared elements (申报要素) customs expects for a commodity code: the string is
    brand type | export preference | the elements in order, e.g. ``1|0|…``. 404 when no
    template covers the code (then the string is written as free text)."""
    template = template_for(code)
    if template is None:
        raise ProblemError(problem("NOT_FOUND", path="code"), status=404)
    names_en = [*template.names_en, *[""] * len(template.names_zh)]
    return DeclaredElementsOut(
        prefix=template.prefix,
        brand_types=_named(declared_elements.BRAND_TYPES),
        export_preferences=_named(declared_elements.EXPORT_PREFERENCES),
        elements=[
            ElementNameOut(name_zh=zh, name_en=names_en[index])
            for index, zh in enumerate(template.names_zh)
        ],
        source=template.source,
    )


def _named(codes: dict[str, tuple[str, Any]]) -> list[NamedCodeOut]:
    with translation.override("en"):
        return [NamedCodeOut(code=c, name_zh=zh, name_en=str(en)) for c, (zh, en) in codes.items()]
