"""POST /api/v1/compliance/goods-check: may these goods travel this route?"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from cloudcabin.api.schemas import ErrorsOut, Input
from cloudcabin.compliance.goods.selectors import checked_input, goods_check

router = Router()


class GoodsLineIn(Input):
    hs_code: str = Field(..., max_length=20, description="HS or national code; dots ignored")
    origin_country: str = Field("", max_length=2, description="ISO 3166 alpha-2; empty: unknown")


class GoodsCheckIn(Input):
    lines: list[GoodsLineIn] = Field(..., min_length=1, max_length=500)
    # The default origin of the lines that give none.
    origin_country: str = Field("", max_length=2)
    export_country: str = Field(..., max_length=2, description="Where the goods are exported from")
    transit: list[str] = Field(
        default_factory=list, max_length=30, description="Countries crossed, in order"
    )
    destination: str = Field(..., max_length=2)
    on_date: date | None = Field(None, description="The rules in force on this day; today")


class GoodsFindingOut(Schema):
    code: str
    severity: str
    path: str
    message: str
    effect: str
    hs_code: str
    line: int | None
    rule: str
    regime: str
    legal_ref: str
    source_url: str
    summary: str
    countries: list[str]


class GoodsCheckOut(Schema):
    route: list[str]
    on_date: date
    blocked: bool
    rules_in_force: int
    findings: list[GoodsFindingOut]


@router.post("/goods-check", response={200: GoodsCheckOut, 422: ErrorsOut})
def check_goods(request: HttpRequest, payload: GoodsCheckIn) -> dict[str, Any]:
    """The goods rules in force on the day, applied to the lines along the ordered route
    export country → transit → destination. Each finding cites its legal reference and
    source; ``blocked`` is true when some line may not travel the route."""
    items, route = checked_input(
        [line.dict() for line in payload.lines],
        origin_country=payload.origin_country,
        export_country=payload.export_country,
        transit=payload.transit,
        destination=payload.destination,
    )
    result = goods_check(items, route, payload.on_date)
    return {
        "route": route.countries,
        "on_date": result.on_date,
        "blocked": result.blocked,
        "rules_in_force": result.rules_in_force,
        "findings": [finding.as_dict() for finding in result.findings],
    }
