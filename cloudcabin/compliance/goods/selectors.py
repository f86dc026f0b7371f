"""The goods check: ``goods_check`` for any goods and route, and a shipment's own check.

A shipment's route is read from its planned route's legs (``network.journey``'s
``routing_countries``, the list the ENS and the rail note use); without a planned route
only the origin, export country and destination are known, and a rule that needs the
transit countries is reported as undecided, never evaluated on the typed crossings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Exists, QuerySet
from django.utils import timezone

from cloudcabin.compliance.goods.rules import (
    HS_CODE,
    GoodsFinding,
    GoodsItem,
    RouteCountries,
    compact_hs,
    evaluate,
)
from cloudcabin.compliance.models.goods import GoodsEffect, GoodsRule
from cloudcabin.errors import Problem, ProblemError, problem
from cloudcabin.network.journey import has_route, journey_of, routing_countries
from cloudcabin.reference.codes import table_state
from cloudcabin.shipments.models import GoodsLine, Shipment

COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class GoodsCheck:
    route: RouteCountries
    on_date: date
    findings: list[GoodsFinding]
    # Some rule needs the transit countries, and the route is not planned.
    undecided: bool = False
    rules_in_force: int = 0

    @property
    def blocked(self) -> bool:
        return any(f.effect == GoodsEffect.BLOCK for f in self.findings)

    def problems(self) -> list[Problem]:
        route_note = [problem("GOODS_ROUTE_UNPLANNED", path="route")] if self.undecided else []
        return [*(f.problem() for f in self.findings), *route_note]


# Every goods rule, with the table's state it was read at (see ``all_rules``).
_rules: dict[str, tuple[tuple[object, ...], list[GoodsRule]]] = {}


def all_rules() -> list[GoodsRule]:
    """Every goods rule (in the table's order), read once per process and again when the
    table changes: its row count or latest edit moves with every change (the seed loader
    and the admin save each row; ``update()`` stamps it too). Each check read the ~200
    rows again before (5 ms of every shipment page and issue); the table's state comes
    with the code tables', once a request. The rules are shared: read them, never change
    them."""
    key = table_state(GoodsRule)
    entry = _rules.get("entry")
    if entry is None or entry[0] != key:
        # One assignment, so that another thread never pairs a new state with old rules.
        entry = _rules["entry"] = (key, list(GoodsRule.objects.all()))
    return entry[1]


def in_force(rule: GoodsRule, day: date) -> bool:
    """``GoodsRule.objects.valid_on`` for a rule in hand."""
    return rule.valid_from <= day and (rule.valid_to is None or rule.valid_to >= day)


def rules_in_force(on_date: date) -> list[GoodsRule]:
    return [rule for rule in all_rules() if in_force(rule, on_date)]


def goods_check(
    items: Sequence[GoodsItem],
    route: RouteCountries,
    on_date: date | None = None,
    *,
    rules: list[GoodsRule] | None = None,
) -> GoodsCheck:
    """The rules in force on ``on_date`` (today by default) applied to ``items`` on ``route``.

    ``rules`` lets a caller checking many routes for the same day read the table once.
    """
    day = on_date or timezone.localdate()
    table = rules_in_force(day) if rules is None else rules
    findings, undecided = evaluate(table, items, route)
    return GoodsCheck(route, day, findings, undecided, len(table))


def checked_input(
    lines: Sequence[dict[str, Any]],
    *,
    origin_country: str,
    export_country: str,
    transit: Sequence[str],
    destination: str,
) -> tuple[list[GoodsItem], RouteCountries]:
    """The API's input as items and a route, every bad value named (422), none guessed."""
    found: list[Problem] = []

    def country(value: str, path: str, *, required: bool) -> str:
        code = (value or "").strip().upper()
        if (code or required) and not COUNTRY.match(code):
            found.append(problem("COUNTRY_UNKNOWN", path=path, value=value))
        return code

    default_origin = country(origin_country, "origin_country", required=False)
    items = []
    for index, line in enumerate(lines):
        code = compact_hs(line.get("hs_code") or "")
        if not HS_CODE.match(code):
            found.append(
                problem(
                    "GOODS_HS_INVALID", path=f"lines[{index}].hs_code", value=line.get("hs_code")
                )
            )
        origin = country(
            line.get("origin_country") or "", f"lines[{index}].origin_country", required=False
        )
        items.append(
            GoodsItem(code, origin or default_origin, index + 1, f"lines[{index}].hs_code")
        )
    route = RouteCountries(
        country(export_country, "export_country", required=True),
        tuple(country(c, f"transit[{i}]", required=True) for i, c in enumerate(transit)),
        country(destination, "destination", required=True),
    )
    if found:
        raise ProblemError(*found, status=422)
    return items, route


def route_of_option(
    route: dict[str, Any], origin: str = "", destination: str = ""
) -> RouteCountries:
    """A planned route (a route option as stored) as its ordered countries."""
    return RouteCountries.of(routing_countries(journey_of(route), origin, destination))


def route_of_shipment(shipment: Shipment) -> RouteCountries:
    origin = shipment.origin_locode[:2]
    destination = shipment.destination_locode[:2]
    if has_route(shipment.route_option):
        return route_of_option(shipment.route_option, origin, destination)
    return RouteCountries(origin or destination, (), destination or origin, planned=False)


def items_of_shipment(shipment: Shipment) -> list[GoodsItem]:
    """Each line with an HS code; its national code when that is the more precise one."""
    # .all(), sorted here: a caller's prefetched lines are read without another query.
    return _items_of_lines(shipment.lines.all())


def _items_of_lines(of_shipment: Iterable[GoodsLine]) -> list[GoodsItem]:
    items = []
    lines = sorted(of_shipment, key=lambda line: line.line_no)
    for index, line in enumerate(lines):
        code = line.hs_code
        if line.national_code.startswith(code) and len(line.national_code) > len(code):
            code = line.national_code
        if code:
            items.append(
                GoodsItem(code, line.origin_country, line.line_no, f"lines[{index}].hs_code")
            )
    return items


def check_shipment(shipment: Shipment, on_date: date | None = None) -> GoodsCheck:
    """The goods check of a shipment on the day its goods are ready (today without one)."""
    day = on_date or shipment.ready_date or timezone.localdate()
    rules = rules_in_force(day)
    items = items_of_shipment(shipment) if rules else []
    return goods_check(items, route_of_shipment(shipment), day, rules=rules)


def check_shipments(
    shipments: Sequence[Shipment], lines: Sequence[Sequence[GoodsLine]] | None = None
) -> list[GoodsCheck]:
    """``check_shipment`` of each shipment, in order, in two queries however many: every
    shipment's lines (none without a rule in force on any of their days), and those rules.
    Without a line to check (a booking's one-box shipment often has none yet) no rule is
    read: nothing could be found nor left undecided, and such a check counts no rules.
    ``lines``, when given, are each shipment's lines as the caller has just read them
    (the shipment page): not read again."""
    days = [shipment.ready_date or timezone.localdate() for shipment in shipments]
    if not shipments:
        return []
    if lines is not None:
        assert len(lines) == len(shipments), "one list of lines per shipment"
        of_shipment = {s.pk: list(given) for s, given in zip(shipments, lines, strict=True)}
    else:
        spanning = GoodsRule.objects.filter(valid_from__lte=max(days)).exclude(
            valid_to__lt=min(days)
        )
        of_shipment = _lines_of(shipments, spanning)
    items = {shipment.pk: _items_of_lines(of_shipment[shipment.pk]) for shipment in shipments}
    every_rule = all_rules() if any(items.values()) else []
    checks = []
    for shipment, day in zip(shipments, days, strict=True):
        rules = [rule for rule in every_rule if in_force(rule, day)]
        found = items[shipment.pk] if rules else []
        checks.append(goods_check(found, route_of_shipment(shipment), day, rules=rules))
    return checks


def _lines_of(
    shipments: Sequence[Shipment], in_force: QuerySet[GoodsRule]
) -> dict[int, list[GoodsLine]]:
    """Each shipment's lines, read only when a rule is in force on any of their days."""
    lines: dict[int, list[GoodsLine]] = {shipment.pk: [] for shipment in shipments}
    # A caller's prefetched lines are used as they are.
    unread = [s.pk for s in shipments if "lines" not in getattr(s, "_prefetched_objects_cache", {})]
    if unread:
        for line in GoodsLine.objects.filter(Exists(in_force), shipment__in=unread):
            lines[line.shipment_id].append(line)
    for shipment in shipments:
        if shipment.pk not in unread:
            lines[shipment.pk] = list(shipment.lines.all())
    return lines
