"""API: network nodes and legs, route search (the instant quote), saved quotes, enquiries.

Public (``auth=None``): route search and enquiry creation, both rate-limited per client
address; enquiries also have a honeypot and size limits. Saved quotes need an
organization's key or session; enquiries are read and updated by the operator's agents.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status
from pydantic import field_validator

from cloudcabin.accounts.tenancy import get_for_org_or_404
from cloudcabin.api.auth import actor_of
from cloudcabin.api.schemas import ErrorsOut, Input
from cloudcabin.errors import ProblemError, problem
from cloudcabin.network import selectors, services
from cloudcabin.network.models import Enquiry, Leg, Node, Quote
from cloudcabin.network.presenters import INDICATIVE, option_to_dict, request_to_dict
from cloudcabin.network.ratelimit import client_key, enforce
from cloudcabin.network.route_checks import clean_hs_codes, marks_for

router = Router()

SEARCH_RATE = (60, 60)  # searches per client per minute
ENQUIRY_RATE = (5, 600)  # enquiries per client per 10 minutes
ENQUIRY_MAX_BODY = 16_384


class NodeOut(Schema):
    locode: str
    name: str
    name_zh: str
    country: str
    kind: str
    latitude: Decimal | None
    longitude: Decimal | None
    gauge_mm: int | None
    source_url: str
    basis: str


class LegOut(Schema):
    id: int
    origin: str
    destination: str
    mode: str
    distance_km: Decimal
    days_min: Decimal
    days_max: Decimal
    dwell_days: Decimal
    transit_countries: list[str]
    bidirectional: bool
    source_url: str
    basis: str

    @staticmethod
    def resolve_origin(obj: Leg) -> str:
        return obj.origin.locode

    @staticmethod
    def resolve_destination(obj: Leg) -> str:
        return obj.destination.locode

    @staticmethod
    def resolve_transit_countries(obj: Leg) -> list[str]:
        return obj.transit_countries.split()


class RouteSearchIn(Input):
    origin: str = Field(..., max_length=100, description="UN/LOCODE or place name")
    destination: str = Field(..., max_length=100)
    container_count: int = Field(1, ge=1, le=100)
    size_type: str = Field("40", pattern="^(20|40|40HC)$")
    ready_date: date | None = None
    objective: str = Field("fastest", pattern="^(fastest|cheapest|greenest|balanced)$")
    k: int = Field(5, ge=1, le=selectors.MAX_ALTERNATIVES)
    avoid_countries: list[str] = Field(default_factory=list, max_length=30)
    avoid_modes: list[str] = Field(default_factory=list, max_length=6)
    via: str = Field("", max_length=100)
    max_transshipments: int | None = Field(None, ge=0, le=20)
    hs_codes: list[str] = Field(
        default_factory=list,
        max_length=20,
        description="HS codes of the goods: each option's goods_marks say what restricts them",
    )

    @field_validator("hs_codes")
    @classmethod
    def _hs_codes(cls, value: list[str]) -> list[str]:
        try:
            return clean_hs_codes(value)
        except ValueError as exc:
            message = gettext("“%(value)s” is not an HS code: give 4 to 10 digits.")
            raise ValueError(message % {"value": exc}) from None

    def search(self) -> services.QuoteSearch:
        return services.QuoteSearch(
            origin=self.origin,
            destination=self.destination,
            container_count=self.container_count,
            size_type=self.size_type,
            ready_date=self.ready_date,
            objective=self.objective,
            avoid_countries=tuple(self.avoid_countries),
            avoid_modes=tuple(self.avoid_modes),
            via=self.via,
            max_transshipments=self.max_transshipments,
        )


class RouteSearchOut(Schema):
    request: dict[str, Any]
    options: list[dict[str, Any]]
    indicative: str


class QuoteIn(RouteSearchIn):
    rank: int = Field(1, ge=1, le=selectors.MAX_ALTERNATIVES)


class QuoteOut(Schema):
    reference: str
    created_at: datetime
    expires_at: datetime
    origin_locode: str
    destination_locode: str
    container_count: int
    size_type: str
    ready_date: date
    objective: str
    constraints: dict[str, Any]
    option: dict[str, Any]
    total_usd: str | None
    shipment_data: dict[str, Any]

    @staticmethod
    def resolve_total_usd(obj: Quote) -> str | None:
        return None if obj.total_usd is None else str(obj.total_usd)

    @staticmethod
    def resolve_shipment_data(obj: Quote) -> dict[str, Any]:
        return selectors.quote_for_shipment(obj, allow_expired=True)


class EnquiryIn(Input):
    name: str = Field(..., max_length=1000)
    company: str = Field("", max_length=1000)
    email: str = Field("", max_length=1000)
    phone: str = Field("", max_length=1000)
    message: str = Field("", max_length=10_000)
    website: str = Field("", description="Leave empty (a trap for robots).")
    quote: QuoteIn | None = None


class EnquiryCreatedOut(Schema):
    reference: str
    status: str


class EnquiryOut(Schema):
    id: int
    reference: str
    name: str
    company: str
    email: str
    phone: str
    message: str
    status: str
    notes: str
    created_at: datetime
    quote_reference: str | None
    route_summary: str

    @staticmethod
    def resolve_quote_reference(obj: Enquiry) -> str | None:
        return obj.quote.reference if obj.quote else None

    @staticmethod
    def resolve_route_summary(obj: Enquiry) -> str:
        return obj.quote.option.get("summary", "") if obj.quote else ""


class EnquiryPatch(Input):
    status: str | None = None
    notes: str | None = None


class EnquiryFilter(Input):
    status: str = ""


def _agent(request: HttpRequest) -> Any:
    """The signed-in agent of the operator; anyone else gets the same 404 as for a miss."""
    user = actor_of(request).user
    if user is None or not selectors.is_operator_agent(user):
        raise Http404
    return user


@router.get("/nodes", response=list[NodeOut])
def list_nodes(request: HttpRequest) -> list[Node]:
    return list(selectors.nodes())


@router.get("/legs", response=list[LegOut])
def list_legs(request: HttpRequest) -> list[Leg]:
    return list(selectors.legs())


@router.post(
    "/routes/search",
    auth=None,
    response={200: RouteSearchOut, 400: ErrorsOut, 422: ErrorsOut, 429: ErrorsOut},
)
def search_routes(request: HttpRequest, payload: RouteSearchIn) -> dict[str, Any]:
    """Route options with indicative prices, transit, CO2, crossings: the instant quote."""
    enforce(request, scope="route-search", limit=SEARCH_RATE[0], window_seconds=SEARCH_RATE[1])
    found, options = selectors.search_routes(**payload.search().as_kwargs(), k=payload.k)
    rows = [option_to_dict(option) for option in options]
    marks = marks_for(payload.hs_codes, rows, found.ready_date)
    return {
        "request": request_to_dict(found),
        "options": [
            {**row, "goods_marks": [asdict(mark) for mark in found_marks]}
            for row, found_marks in zip(rows, marks, strict=True)
        ],
        "indicative": INDICATIVE,
    }


@router.get("/quotes", response=list[QuoteOut])
def list_quotes(request: HttpRequest) -> list[Quote]:
    return list(selectors.quotes_of(actor_of(request).organization))


@router.post("/quotes", response={201: QuoteOut, 400: ErrorsOut, 403: ErrorsOut, 422: ErrorsOut})
def save_quote(request: HttpRequest, payload: QuoteIn) -> Status[Quote]:
    quote = services.save_quote(actor=actor_of(request), search=payload.search(), rank=payload.rank)
    return Status(201, quote)


@router.get("/quotes/{reference}", response={200: QuoteOut, 404: ErrorsOut})
def get_quote(request: HttpRequest, reference: str) -> Quote:
    return get_for_org_or_404(
        Quote.objects.all(), actor_of(request).organization, reference=reference
    )


@router.post(
    "/enquiries",
    auth=None,
    response={
        201: EnquiryCreatedOut,
        400: ErrorsOut,
        413: ErrorsOut,
        422: ErrorsOut,
        429: ErrorsOut,
    },
)
def create_enquiry(request: HttpRequest, payload: EnquiryIn) -> Status[dict[str, str]]:
    enforce(request, scope="enquiry", limit=ENQUIRY_RATE[0], window_seconds=ENQUIRY_RATE[1])
    if len(request.body) > ENQUIRY_MAX_BODY:
        raise ProblemError(problem("TOO_LONG", limit=ENQUIRY_MAX_BODY), status=413)
    if payload.website:
        # A robot filled the hidden field: answer as if stored, store nothing.
        return Status(201, {"reference": "E-RECEIVED", "status": "new"})
    enquiry = services.create_enquiry(
        name=payload.name,
        company=payload.company,
        email=payload.email,
        phone=payload.phone,
        message=payload.message,
        search=payload.quote.search() if payload.quote else None,
        rank=payload.quote.rank if payload.quote else None,
        client_key=client_key(request),
    )
    return Status(201, {"reference": enquiry.reference, "status": enquiry.status})


@router.get("/enquiries", response={200: list[EnquiryOut], 404: ErrorsOut})
def list_enquiries(request: HttpRequest, filters: Query[EnquiryFilter]) -> list[Enquiry]:
    return list(selectors.enquiries_for(_agent(request), filters.status))


@router.get("/enquiries/{enquiry_id}", response={200: EnquiryOut, 404: ErrorsOut})
def get_enquiry(request: HttpRequest, enquiry_id: int) -> Enquiry:
    return selectors.enquiry_for_agent_or_404(_agent(request), enquiry_id)


@router.patch(
    "/enquiries/{enquiry_id}",
    response={200: EnquiryOut, 400: ErrorsOut, 404: ErrorsOut, 422: ErrorsOut},
)
def patch_enquiry(request: HttpRequest, enquiry_id: int, payload: EnquiryPatch) -> Enquiry:
    return services.update_enquiry(
        user=_agent(request), enquiry_id=enquiry_id, status=payload.status, notes=payload.notes
    )
