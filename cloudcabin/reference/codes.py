"""Code lists as pickers (each code with its name in the reader's language), and the
hand-kept code lists rules read (EU members, RCEP parties, railway law, rail stations).

The rows are read once per process and kept until the tables change: one small query a
request (row counts and last edits of the tables, taken once per request by
``ReferenceCodesMiddleware``) tells whether an operator's edit or a reload made them stale.
Shipment pages draw dozens of pickers; they must not each cost a query.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pycountry
from django.db import connection
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cloudcabin.reference.models import (
    ContainerType,
    Country,
    Currency,
    CustomsCode,
    CustomsTable,
    CustomsUnit,
    DeclaredElementsTemplate,
    EuMemberState,
    RailStation,
    RailwayCountry,
    RcepParty,
    ReferenceDataset,
    SearchSynonym,
)

# The customs tables offered as pickers on the shipment pages.
PICKER_TABLES = (
    CustomsTable.SUPERVISION_MODE,
    CustomsTable.LEVY_NATURE,
    CustomsTable.TRANSACTION_MODE,
    CustomsTable.PACKAGING_TYPE,
    CustomsTable.CONTAINER_SPEC,
)
# Rec. 20 units offered first: what goods lines are counted in most often.
COMMON_UNITS = ("H87", "KGM", "SET", "PR", "NAR", "MTR", "MTK", "MTQ", "LTR", "TNE")
# ISO 6346 codes of the current form (size, size, type letter, digit) at 20, 40 and 45 ft,
# standard or high-cube height: the picker's "other" group (the table has 715, mostly
# legacy numeric codes no rail operator books).
STANDARD_SIZE_TYPE = re.compile(r"[24L][25][A-Z][0-9]")

# The code tables ``rows`` keeps.
_TABLES = (
    CustomsCode,
    CustomsUnit,
    ContainerType,
    DeclaredElementsTemplate,
    Country,
    Currency,
    EuMemberState,
    RcepParty,
    RailwayCountry,
    RailStation,
)
# Every table a process keeps a copy of, by model label, with the column that moves with
# each change: the code tables, the tariff's loads and synonyms (the tariff index), and
# what apps add with ``keep_in_memory`` (the goods rules).
_KEPT: dict[str, tuple[type[Model], str]] = {
    model._meta.label: (model, "updated_at") for model in (*_TABLES, SearchSynonym)
} | {ReferenceDataset._meta.label: (ReferenceDataset, "loaded_at")}
_request_state: ContextVar[dict[str, Any] | None] = ContextVar("reference_codes", default=None)
_cache: dict[str, Any] = {}

Choice = tuple[str, str]
Choices = list[Choice] | list[tuple[str, list[Choice]]]


@dataclass(frozen=True)
class Unit:
    rec20: str
    code: str  # the customs unit (CustomsUnit.code) that stands for it
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class Template:
    prefix: str
    names_zh: tuple[str, ...]
    names_en: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class RailwayLaw:
    smgs: bool  # applies SMGS (OSJD)
    cim: bool  # applies CIM (COTIF)
    uic_code: str  # UIC country code, blank when not on file


@dataclass(frozen=True)
class Station:
    """The rail station of a place as the consignment note prints it."""

    place_name: str  # blank: UN/LOCODE's own name is right
    railway: str
    station_name: str
    station_code: str
    code_system: str


Dated = tuple[str, date | None, date | None]  # code, from, until (None: open)


def _listed_on(listed: tuple[Dated, ...], day: date) -> frozenset[str]:
    return frozenset(
        code
        for code, start, end in listed
        if (start is None or start <= day) and (end is None or day <= end)
    )


@dataclass(frozen=True)
class CodeLists:
    eu_members: tuple[Dated, ...]
    rcep_parties: tuple[Dated, ...]
    railway_law: dict[str, RailwayLaw]  # alpha-2 → its law
    rail_stations: dict[str, Station]  # UN/LOCODE → station (unassigned stations left out)

    @classmethod
    def empty(cls) -> CodeLists:
        return cls((), (), {}, {})

    def eu_members_on(self, day: date) -> frozenset[str]:
        return _listed_on(self.eu_members, day)

    def rcep_parties_on(self, day: date) -> frozenset[str]:
        """A party whose date of entry into force is not on file counts as one."""
        return _listed_on(self.rcep_parties, day)

    @classmethod
    def load(cls) -> CodeLists:
        return cls(
            eu_members=tuple(
                EuMemberState.objects.values_list("country", "member_from", "member_until")
            ),
            rcep_parties=tuple(
                (country, start, None)
                for country, start in RcepParty.objects.values_list("country", "in_force_from")
            ),
            railway_law={
                row.country: RailwayLaw(row.applies_smgs, row.applies_cim, row.uic_code)
                for row in RailwayCountry.objects.all()
            },
            rail_stations={
                row.locode: Station(
                    place_name=row.place_name,
                    railway=row.railway,
                    station_name=row.station_name,
                    station_code=row.station_code,
                    code_system=row.code_system,
                )
                for row in RailStation.objects.exclude(locode="")
            },
        )


@dataclass(frozen=True)
class Rows:
    customs: dict[str, list[tuple[str, str, str]]]  # table → (code, zh, en)
    units: dict[str, Unit]  # Rec. 20 → unit, in picker order
    # Every customs unit by code, Rec. 20 or not: (code, Rec. 20 or "", zh, en).
    unit_rows: tuple[tuple[str, str, str, str], ...]
    containers: list[tuple[str, str, str, bool]]  # code, description, length, common
    # Code → (typical maximum gross, typical tare), in kg; None where not on file.
    container_weights: dict[str, tuple[Decimal | None, Decimal | None]]
    templates: dict[str, Template]  # prefix → template
    countries: dict[str, tuple[str, str]]  # alpha-2 → (English, Chinese)
    country_alpha3: dict[str, str]  # alpha-2 → alpha-3
    currencies: frozenset[str]  # ISO 4217 codes
    lists: CodeLists

    @classmethod
    def load(cls) -> Rows:
        customs: dict[str, list[tuple[str, str, str]]] = {table: [] for table in PICKER_TABLES}
        for table, code, zh, en in CustomsCode.objects.filter(table__in=PICKER_TABLES).values_list(
            "table", "code", "name_zh", "name_en"
        ):
            customs[table].append((code, zh, en))
        unit_rows = tuple(
            CustomsUnit.objects.order_by("code").values_list(
                "code", "unece_rec20", "name_zh", "name_en"
            )
        )
        found: dict[str, Unit] = {}
        # Several customs units share a Rec. 20 code (个/只/件 → H87): the lowest code
        # stands for it, as on the customs declaration.
        for code, rec20, zh, en in unit_rows:
            if rec20:
                found.setdefault(rec20, Unit(rec20=rec20, code=code, name_zh=zh, name_en=en))
        order = {rec20: index for index, rec20 in enumerate(COMMON_UNITS)}
        units = {
            rec20: found[rec20]
            for rec20 in sorted(found, key=lambda r: (order.get(r, len(order)), r))
        }
        container_rows = list(
            ContainerType.objects.values_list(
                "code", "description", "length_ft", "typical_tare_kg", "typical_max_gross_kg"
            )
        )
        containers = [
            (code, description, format(length.normalize(), "f"), tare is not None)
            for code, description, length, tare, _max_gross in container_rows
        ]
        templates = {
            row.prefix: Template(
                prefix=row.prefix,
                names_zh=tuple(row.names_zh()),
                names_en=tuple(row.names_en()),
                source=row.source,
            )
            for row in DeclaredElementsTemplate.objects.all()
        }
        country_rows = list(Country.objects.values_list("alpha2", "alpha3", "name_en", "name_zh"))
        return cls(
            customs=customs,
            units=units,
            unit_rows=unit_rows,
            containers=containers,
            container_weights={
                code: (max_gross, tare) for code, _d, _l, tare, max_gross in container_rows
            },
            templates=templates,
            countries={alpha2: (en, zh) for alpha2, _alpha3, en, zh in country_rows},
            country_alpha3={alpha2: alpha3 for alpha2, alpha3, _en, _zh in country_rows},
            currencies=frozenset(Currency.objects.values_list("code", flat=True)),
            lists=CodeLists.load(),
        )


def keep_in_memory(model: type[Model], changed: str = "updated_at") -> None:
    """Add ``model``'s table to the state read once a request, for a module that keeps its
    rows per process (from its app's ``ready``). ``changed``: a column every change moves;
    the row count covers deletions."""
    _KEPT[model._meta.label] = (model, changed)


def table_state(*models: type[Model]) -> tuple[Any, ...]:
    """The row count and latest change of each of ``models`` (the code tables when none):
    what the per-process copies of those tables are keyed on. One query reads every kept
    table's, at most once a request (``ReferenceCodesMiddleware``)."""
    memo = _request_state.get()
    states: dict[str, tuple[Any, Any]] | None = memo.get("states") if memo is not None else None
    if states is None:
        states = dict(zip(_KEPT, count_and_latest(list(_KEPT.values())), strict=True))
        if memo is not None:
            memo["states"] = states
    return tuple(states[model._meta.label] for model in (models or _TABLES))


def count_and_latest(tables: list[tuple[type[Model], str]]) -> list[tuple[Any, Any]]:
    """The row count and the latest value of a column of each (model, column), in one
    query."""
    parts = ", ".join(
        f"(SELECT COUNT(*) FROM {table}), (SELECT MAX({column}) FROM {table})"
        for table, column in (
            (connection.ops.quote_name(model._meta.db_table), connection.ops.quote_name(name))
            for model, name in tables
        )
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {parts}")  # table and column names from the models
        values = cursor.fetchone()
    return [(values[2 * i], values[2 * i + 1]) for i in range(len(tables))]


def rows() -> Rows:
    state = table_state()
    entry = _cache.get("entry")
    if entry is None or entry[0] != state:
        # One assignment, so that another thread never pairs a new state with old rows.
        entry = _cache["entry"] = (state, Rows.load())
    loaded: Rows = entry[1]
    return loaded


class ReferenceCodesMiddleware:
    """Checks the code tables for changes at most once a request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request_state.set({})
        try:
            return self.get_response(request)
        finally:
            _request_state.reset(token)


def chinese() -> bool:
    return (get_language() or "").lower().startswith("zh")


def name_in_language(zh: str, en: str) -> str:
    return zh if chinese() or not en else en


def _with_current(choices: list[Choice], current: str) -> list[Choice]:
    """Keeps a stored code the table does not know, so that showing it never changes it."""
    if current and current not in {code for code, _label in choices}:
        return [*choices, (current, _("%(code)s (not in the code table)") % {"code": current})]
    return choices


def customs_choices(table: str, current: str = "", *, blank: str | None = None) -> list[Choice]:
    choices = [
        (code, f"{code} {name_in_language(zh, en)}") for code, zh, en in rows().customs[table]
    ]
    head = [("", blank)] if blank is not None else []
    return head + _with_current(choices, current)


def unit_choices(current: str = "") -> list[Choice]:
    choices = [
        (rec20, f"{rec20} {name_in_language(unit.name_zh, unit.name_en)}")
        for rec20, unit in rows().units.items()
    ]
    return [("", "—"), *_with_current(choices, current)]


def container_choices(current: str = "") -> list[tuple[str, list[Choice]]]:
    """ISO 6346 size-types, common ones first; in Chinese with the customs 集装箱规格 name."""
    specs = {code: zh for code, zh, _en in rows().customs[CustomsTable.CONTAINER_SPEC]}
    zh = chinese()

    def label(code: str, description: str, length: str) -> str:
        if zh and specs.get(container_spec(code)):
            return f"{code} {specs[container_spec(code)]} · {description}"
        return f"{code} {length} ft {description}"

    common: list[Choice] = []
    other: list[Choice] = []
    for code, description, length, is_common in rows().containers:
        if is_common:
            common.append((code, label(code, description, length)))
        elif STANDARD_SIZE_TYPE.fullmatch(code):
            other.append((code, label(code, description, length)))
    known = {code for code, _label in common + other}
    if current and current not in known:
        other = _with_current(other, current)
    groups = [(_("Common"), common), (_("Other ISO 6346 types"), other)]
    return [(label, choices) for label, choices in groups if choices]


def country_choices() -> list[Choice]:
    """ISO 3166 countries named as the Country table names them (an operator may edit the
    Chinese names there); a country the table lacks, or lacks a Chinese name for, keeps its
    ISO English name. Sorted by name in English, by code in Chinese (the Unicode order of
    Chinese names means nothing to a reader)."""
    named = rows().countries
    zh = chinese()
    choices = []
    for entry in pycountry.countries:
        en, name_zh = named.get(entry.alpha_2, ("", ""))
        name = (name_zh if zh else "") or en or entry.name
        choices.append((entry.alpha_2, f"{name} ({entry.alpha_2})"))
    choices.sort(key=lambda choice: choice[0] if zh else choice[1])
    return [("", "—"), *choices]


def container_spec(size_type: str) -> str:
    """ISO 6346 size-type → 集装箱规格: 1x = 40', 2x = 20'; x1 general, x2 reefer, x3 tank."""
    if len(size_type) < 3:
        return ""
    large = size_type[0] in "4L"
    group = {"G": 1, "R": 2, "T": 3}.get(size_type[2])
    if group is None:
        return "32" if large else "31"
    return f"{1 if large else 2}{group}"


def unit_name(rec20: str) -> tuple[str, str]:
    """Rec. 20 code → (Chinese, English) name; empty names for a code the table lacks."""
    unit = rows().units.get(rec20)
    return (unit.name_zh, unit.name_en) if unit else ("", "")


def customs_name(table: str, code: str) -> tuple[str, str]:
    """(Chinese, English) name of a code of a picker table; empty when it lacks the code."""
    for known, zh, en in rows().customs.get(table, []):
        if known == code:
            return zh, en
    return "", ""


def template_for(code: str) -> Template | None:
    """The declared-elements template of the longest prefix of ``code``, if any."""
    templates = rows().templates
    digits = "".join(ch for ch in code if ch.isdigit())
    for length in range(len(digits), 3, -1):
        found = templates.get(digits[:length])
        if found is not None:
            return found
    return None
