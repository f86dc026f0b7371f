"""Where the goods check reaches the layers below: the shipment holds and the quote page.

Imported once from ``ComplianceConfig.ready``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from cloudcabin.compliance.goods.rules import GoodsFinding, GoodsItem, dotted
from cloudcabin.compliance.goods.selectors import (
    check_shipments,
    goods_check,
    route_of_option,
    rules_in_force,
)
from cloudcabin.compliance.models.goods import GoodsEffect
from cloudcabin.errors import Problem
from cloudcabin.network.route_checks import RouteMark, register_route_check
from cloudcabin.shipments.holds import Lines, register_hold_source
from cloudcabin.shipments.models import Shipment


@register_hold_source
def goods_holds(shipments: Sequence[Shipment], lines: Lines = None) -> list[list[Problem]]:
    """A blocked line is an error that stops issue (and booking); the rest are notes."""
    return [check.problems() for check in check_shipments(shipments, lines)]


def _title(finding: GoodsFinding) -> str:
    hs = dotted(finding.hs_code)
    return {
        GoodsEffect.BLOCK: _("HS %(hs)s: may not travel this route"),
        GoodsEffect.LICENCE: _("HS %(hs)s: a licence may be required"),
        GoodsEffect.CLAUSE: _("HS %(hs)s: a contract clause is required"),
        GoodsEffect.WARN: _("HS %(hs)s: check before shipping"),
    }[GoodsEffect(finding.effect)] % {"hs": hs}


@register_route_check
def goods_on_route_options(
    hs_codes: Sequence[str], options: Sequence[dict[str, Any]], on_date: date
) -> list[list[RouteMark]]:
    rules = rules_in_force(on_date)
    items = [GoodsItem(code) for code in hs_codes]
    marks = []
    for option in options:
        found = goods_check(items, route_of_option(option), on_date, rules=rules).findings
        marks.append(
            [
                RouteMark(
                    blocking=f.effect == GoodsEffect.BLOCK,
                    title=_title(f),
                    detail=f.summary,
                    reference=f.legal_ref,
                    source_url=f.source_url,
                    avoid=f.countries if f.effect == GoodsEffect.BLOCK else (),
                )
                for f in found
            ]
        )
    return marks
