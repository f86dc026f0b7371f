"""API: the origin of the goods, line by line (criterion, bill of materials, RCEP figures)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from cloudcabin.api.auth import actor_of
from cloudcabin.api.schemas import ErrorsOut, Input
from cloudcabin.documents.models import RvcMethod
from cloudcabin.documents.origin import services
from cloudcabin.documents.origin.services import LineOrigin
from cloudcabin.shipments import selectors as shipment_selectors

# Joined into the documents router (``documents.api``): the operation ids are the ones the
# endpoints had there.
router = Router()


class MaterialIn(Input):
    description: str = Field("", max_length=200)
    hs_code: str = Field("", max_length=14)
    origin_country: str = Field("", max_length=2)
    value: Decimal = Field(..., ge=0, max_digits=16, decimal_places=2)
    currency: str = Field("", max_length=3, description="ISO 4217; blank: the shipment's")
    originating: bool = False


class OriginLineIn(Input):
    criterion: str = Field("", max_length=5, description="WO, PE, CC, CTH, CTSH, RVC40 or blank")
    rvc_method: RvcMethod = RvcMethod.BUILD_DOWN
    fob_value: Decimal | None = Field(
        None, ge=0, max_digits=16, decimal_places=2, description="Blank: the amount under FOB/FCA"
    )
    direct_costs: Decimal = Field(Decimal(0), ge=0, max_digits=16, decimal_places=2)
    materials: list[MaterialIn] = Field(default_factory=list, max_length=100)


class MaterialOut(Schema):
    description: str
    hs_code: str
    origin_country: str
    value: Decimal
    currency: str
    originating: bool


class OriginResultOut(Schema):
    fob: Decimal | None
    vnm: Decimal
    vom: Decimal
    rvc_build_down: Decimal | None
    rvc_build_up: Decimal | None
    rvc: Decimal | None
    met: list[str]
    de_minimis: list[str]
    claimed: str
    claimed_is_met: bool
    reason: str


class OriginLineOut(Schema):
    line_no: int
    description: str
    hs_code: str
    entered: bool
    criterion: str
    rvc_method: str
    fob_value: Decimal | None
    direct_costs: Decimal | None
    currency: str | None
    materials: list[MaterialOut]
    result: OriginResultOut | None


def _origin_out(line: LineOrigin) -> dict[str, Any]:
    origin, result = line.origin, line.result
    return {
        "line_no": line.line_no,
        "description": line.description,
        "hs_code": line.hs_code,
        "entered": origin is not None,
        "criterion": origin.criterion if origin else "",
        "rvc_method": origin.rvc_method if origin else RvcMethod.BUILD_DOWN,
        "fob_value": origin.fob_value if origin else None,
        "direct_costs": origin.direct_costs if origin else None,
        "currency": origin.currency if origin else None,
        "materials": [
            {
                "description": m.description,
                "hs_code": m.hs_code,
                "origin_country": m.origin_country,
                "value": m.value,
                "currency": m.currency,
                "originating": m.originating,
            }
            for m in (origin.materials.all() if origin else [])
        ],
        "result": None
        if result is None
        else {
            "fob": result.fob,
            "vnm": result.vnm,
            "vom": result.vom,
            "rvc_build_down": result.rvc_build_down,
            "rvc_build_up": result.rvc_build_up,
            "rvc": result.rvc,
            "met": list(result.met),
            "de_minimis": list(result.de_minimis),
            "claimed": result.claimed,
            "claimed_is_met": result.claimed_is_met,
            "reason": result.reason,
        },
    }


@router.get(
    "/shipments/{shipment_id}/origin",
    response={200: list[OriginLineOut], 404: ErrorsOut},
    operation_id="cloudcabin_documents_api_get_origin",
)
def get_origin(request: HttpRequest, shipment_id: int) -> list[dict[str, Any]]:
    """Every goods line with its origin criterion, bill of materials and RCEP figures."""
    lines = services.origin_results(actor=actor_of(request), shipment_id=shipment_id)
    return [_origin_out(line) for line in lines]


@router.put(
    "/shipments/{shipment_id}/origin/lines/{line_no}",
    response={200: OriginLineOut, 403: ErrorsOut, 404: ErrorsOut, 422: ErrorsOut},
    operation_id="cloudcabin_documents_api_put_origin_line",
)
def put_origin_line(
    request: HttpRequest, shipment_id: int, line_no: int, payload: OriginLineIn
) -> dict[str, Any]:
    """Replace one line's criterion and bill of materials; nothing is saved on any error."""
    actor = actor_of(request)
    shipment = shipment_selectors.get_shipment(actor.organization, shipment_id)
    services.save_origin(
        actor=actor,
        shipment_id=shipment.pk,
        line_no=line_no,
        criterion=payload.criterion,
        rvc_method=payload.rvc_method,
        fob_value=payload.fob_value,
        direct_costs=payload.direct_costs,
        materials=[material.model_dump() for material in payload.materials],
    )
    lines = services.origin_results(actor=actor, shipment_id=shipment.pk)
    return next(_origin_out(line) for line in lines if line.line_no == line_no)
