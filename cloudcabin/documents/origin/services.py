"""Origin data per goods line: save the criterion and bill of materials, read the figures.

Writes go through ``save_origin`` (write role, the shipment reached through the tenancy
chokepoint, all-or-nothing); ``origin_results`` is the matching read, and
``origin_data_for`` the JSON form the document pack freezes into the issued PDF.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.documents.kinds.origin import product_result
from cloudcabin.documents.models import MaterialLine, OriginCriterion, OriginLine, RvcMethod
from cloudcabin.documents.origin.rules import OriginResult, ProductRule, product_rule
from cloudcabin.errors import Problem, ProblemError, problem
from cloudcabin.numbers import money
from cloudcabin.shipments.models import GoodsLine, Shipment, ShipmentEventKind
from cloudcabin.shipments.selectors import get_shipment
from cloudcabin.shipments.services import mark_changed, record_event

ZERO = Decimal(0)


@dataclass(frozen=True)
class LineOrigin:
    """One goods line with its origin data (if entered) and the calculator's answer."""

    line_no: int
    description: str
    hs_code: str
    origin: OriginLine | None
    result: OriginResult | None
    rule: ProductRule | None = None  # the RCEP product-specific rule, if we hold one


def _amount(value: Any, path: str, problems: list[Problem]) -> Decimal | None:
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        problems.append(problem("ORIGIN_VALUE_INVALID", path=path, value=value))
        return None
    if not amount.is_finite() or amount < 0:
        problems.append(problem("ORIGIN_VALUE_INVALID", path=path, value=value))
        return None
    return money(amount)


def _materials(
    raw: Sequence[Mapping[str, Any]], currency: str, problems: list[Problem]
) -> list[MaterialLine]:
    found = []
    for index, item in enumerate(raw):
        path = f"materials[{index}]"
        description = str(item.get("description") or "").strip()
        hs_code = str(item.get("hs_code") or "").replace(".", "").replace(" ", "")
        material_currency = str(item.get("currency") or currency).strip().upper()
        if not description:
            problems.append(problem("REQUIRED", path=f"{path}.description"))
        if not (hs_code.isdigit() and 6 <= len(hs_code) <= 10):
            problems.append(problem("ORIGIN_MATERIAL_HS", path=f"{path}.hs_code", value=hs_code))
        if material_currency != currency:
            problems.append(
                problem(
                    "ORIGIN_CURRENCY_MIXED",
                    path=f"{path}.currency",
                    material=description,
                    currency=material_currency,
                    expected=currency,
                )
            )
        value = _amount(item.get("value", ""), f"{path}.value", problems)
        found.append(
            MaterialLine(
                description=description[:200],
                hs_code=hs_code,
                origin_country=str(item.get("origin_country") or "").strip().upper()[:2],
                value=value or ZERO,
                currency=material_currency,
                originating=bool(item.get("originating")),
            )
        )
    return found


def _raw(origin: OriginLine, materials: Sequence[MaterialLine]) -> dict[str, Any]:
    """The JSON form of one line's origin data: Decimals as strings, never floats."""
    return {
        "criterion": origin.criterion,
        "rvc_method": origin.rvc_method,
        "fob_value": None if origin.fob_value is None else str(origin.fob_value),
        "direct_costs": str(origin.direct_costs),
        "currency": origin.currency,
        "materials": [
            {
                "description": m.description,
                "hs_code": m.hs_code,
                "origin_country": m.origin_country,
                "value": str(m.value),
                "currency": m.currency,
                "originating": m.originating,
            }
            for m in materials
        ],
    }


def _evaluate(shipment: Shipment, line: GoodsLine, raw: dict[str, Any]) -> OriginResult | None:
    return product_result(
        hs_code=line.hs_code,
        amount=line.amount if line.amount is not None else ZERO,
        incoterm=shipment.incoterm,
        raw=raw,
    )


@dataclass(frozen=True)
class _OriginInput:
    """One line's origin data as checked: every field valid, the goods line found."""

    line: GoodsLine
    criterion: str
    rvc_method: str
    fob: Decimal | None
    costs: Decimal
    materials: list[MaterialLine]


def save_origin(
    *,
    actor: Actor,
    shipment_id: int,
    line_no: int,
    criterion: str = "",
    rvc_method: str = RvcMethod.BUILD_DOWN,
    fob_value: Any = None,
    direct_costs: Any = ZERO,
    materials: Sequence[Mapping[str, Any]] = (),
) -> OriginLine:
    """Replace the origin criterion and bill of materials of one goods line."""
    actor.require_write()
    shipment = get_shipment(actor.organization, shipment_id)
    given = _checked_input(
        shipment,
        line_no,
        criterion=criterion,
        rvc_method=rvc_method,
        fob_value=fob_value,
        direct_costs=direct_costs,
        materials=materials,
    )
    with transaction.atomic():
        # The pack renders origin data: an issue prepared before this renders again.
        mark_changed([shipment.pk])
        origin = _store(actor, shipment, line_no, given)
        record_event(
            actor=actor,
            shipment=shipment,
            kind=ShipmentEventKind.LINE_SAVED,
            line=line_no,
            origin_criterion=given.criterion,
            materials=len(given.materials),
        )
    return origin


def _checked_input(
    shipment: Shipment,
    line_no: int,
    *,
    criterion: str,
    rvc_method: str,
    fob_value: Any,
    direct_costs: Any,
    materials: Sequence[Mapping[str, Any]],
) -> _OriginInput:
    """The input, checked whole: every problem at once, nothing saved when there is one."""
    problems: list[Problem] = []
    line = GoodsLine.objects.filter(shipment=shipment, line_no=line_no).first()
    if line is None:
        problems.append(problem("ORIGIN_LINE_UNKNOWN", path="line_no", line=line_no))
    criterion = (criterion or "").strip().upper()
    if criterion and criterion not in OriginCriterion.values:
        problems.append(problem("ORIGIN_CRITERION_UNKNOWN", path="criterion", value=criterion))
    if rvc_method not in RvcMethod.values:
        problems.append(problem("INVALID", path="rvc_method", detail=str(rvc_method)))
    fob = None if fob_value in (None, "") else _amount(fob_value, "fob_value", problems)
    costs = _amount(
        direct_costs if direct_costs not in (None, "") else ZERO, "direct_costs", problems
    )
    new_materials = _materials(materials, shipment.currency, problems)
    if problems:
        raise ProblemError(*problems)
    assert line is not None
    return _OriginInput(line, criterion, rvc_method, fob, costs or ZERO, new_materials)


def _store(actor: Actor, shipment: Shipment, line_no: int, given: _OriginInput) -> OriginLine:
    """Write the line's origin with its RCEP figures, and replace its bill of materials."""
    origin, _ = OriginLine.objects.select_for_update().update_or_create(
        shipment=shipment,
        line_no=line_no,
        defaults={
            "organization": actor.organization,
            "criterion": given.criterion,
            "rvc_method": given.rvc_method,
            "fob_value": given.fob,
            "direct_costs": given.costs,
            "currency": shipment.currency,
        },
    )
    result = _evaluate(shipment, given.line, _raw(origin, given.materials))
    assert result is not None
    origin.vnm, origin.vom = money(result.vnm), money(result.vom)
    origin.rvc_percent = result.rvc
    origin.criteria_met = " ".join(result.met)
    origin.criterion_is_met = result.claimed_is_met if given.criterion else None
    origin.save()
    origin.materials.all().delete()
    for material in given.materials:
        material.origin_line = origin
    MaterialLine.objects.bulk_create(given.materials)
    return origin


def _origin_lines(shipment_id: int) -> dict[int, tuple[OriginLine, list[MaterialLine]]]:
    return {
        origin.line_no: (origin, list(origin.materials.all()))
        for origin in OriginLine.objects.filter(shipment_id=shipment_id).prefetch_related(
            "materials"
        )
    }


def origin_results(*, actor: Actor, shipment_id: int) -> list[LineOrigin]:
    """Every goods line of the shipment with its origin data and RCEP figures."""
    shipment = get_shipment(actor.organization, shipment_id)
    entered = _origin_lines(shipment.pk)
    found = []
    for line in GoodsLine.objects.filter(shipment=shipment).order_by("line_no"):
        origin, materials = entered.get(line.line_no, (None, []))
        found.append(
            LineOrigin(
                line_no=line.line_no,
                description=line.description_en,
                hs_code=line.hs_code,
                origin=origin,
                result=None
                if origin is None
                else _evaluate(shipment, line, _raw(origin, materials)),
                rule=product_rule(line.hs_code),
            )
        )
    return found


def origin_data_for(shipment_id: int) -> dict[str, Any]:
    """The origin data the document pack renders from, as JSON (for ``PackData.origin_data``).

    Called after the shipment was reached through the tenancy chokepoint.
    """
    return {
        "lines": {
            str(line_no): _raw(origin, materials)
            for line_no, (origin, materials) in sorted(_origin_lines(shipment_id).items())
        },
    }
