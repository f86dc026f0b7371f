"""API: shipments, their lines, containers, stowage, checks and revisions; the address book."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status
from ninja.params.functions import Header

from cloudcabin.api.auth import actor_of
from cloudcabin.api.concurrency import current_on_stale, expected_version, set_etag
from cloudcabin.api.schemas import ErrorsOut, StaleOut
from cloudcabin.errors import Severity
from cloudcabin.shipments import selectors, services
from cloudcabin.shipments.api_import import router as import_router
from cloudcabin.shipments.checks.context import PARTY_ROLES
from cloudcabin.shipments.models import (
    Container,
    GoodsLine,
    Party,
    Shipment,
    ShipmentRevision,
    ShipmentShare,
)
from cloudcabin.shipments.schemas import (
    ChecksOut,
    ContainerIn,
    ContainerOut,
    ContainerPatch,
    LineIn,
    LineOut,
    LinePatch,
    PartyIn,
    PartyOut,
    PartyPatch,
    RevisionOut,
    RoutePlanIn,
    ShipmentOut,
    ShipmentPatch,
    ShipmentSummaryOut,
    StowageIn,
    container_fields,
    line_fields,
    party_fields,
    shipment_fields,
)
from cloudcabin.shipments.sharing.api import router as sharing_router
from cloudcabin.shipments.sharing.selectors import share_for

router = Router()
router.add_router("", import_router)
router.add_router("", sharing_router)

WRITE = {400: ErrorsOut, 403: ErrorsOut, 404: ErrorsOut, 409: StaleOut, 422: ErrorsOut}
READ = {404: ErrorsOut}
# If-Match: the ETag of the record this change was made from (see the schemas' `version`).
IfMatch: Any = Header(
    None,
    alias="If-Match",
    description='The ETag the record was read with, e.g. W/"3"; a stale one gets 409.',
)


SHARING_FIELDS = {"access", "shared_by", "share_role"}


def _shipment_out(shipment: Shipment, share: ShipmentShare | None = None) -> dict[str, Any]:
    """The shipment as the API shows it; ``share`` when the reader's organization is not
    the owner but one the shipment is shared with."""
    view = selectors.shipment_view(shipment)
    header = {
        field: getattr(shipment, field)
        for field in ShipmentOut.model_fields
        if field not in {"parties", "lines", "containers", "stowage", *SHARING_FIELDS}
    }
    return header | {
        "access": "shared" if share else "owner",
        "shared_by": shipment.organization.name_en if share else None,
        "share_role": share.role if share else None,
        "parties": {role: getattr(shipment, f"{role}_id") for role in PARTY_ROLES},
        "lines": view.lines,
        "containers": view.containers,
        "stowage": [vars(s) for s in view.stowage],
    }


def _party_out(party: Party) -> dict[str, Any]:
    return PartyOut.from_orm(party).model_dump(mode="json")


def _line_out(line: GoodsLine) -> dict[str, Any]:
    return LineOut.from_orm(line).model_dump(mode="json")


def _container_out(container: Container) -> dict[str, Any]:
    return ContainerOut.from_orm(container).model_dump(mode="json")


# --- address book ------------------------------------------------------------------------


@router.get("/parties", response=list[PartyOut])
def list_parties(request: HttpRequest) -> list[Party]:
    return list(selectors.parties_of(actor_of(request).organization))


@router.post("/parties", response={201: PartyOut, **WRITE})
def create_party(request: HttpRequest, response: HttpResponse, payload: PartyIn) -> Status[Party]:
    party = services.save_party(actor=actor_of(request), **party_fields(payload))
    set_etag(response, party.version)
    return Status(201, party)


@router.patch("/parties/{party_id}", response={200: PartyOut, **WRITE})
def update_party(
    request: HttpRequest,
    response: HttpResponse,
    party_id: int,
    payload: PartyPatch,
    if_match: str | None = IfMatch,
) -> Party:
    version = expected_version(if_match, payload.version)
    with current_on_stale(_party_out):
        party = services.save_party(
            actor=actor_of(request),
            party_id=party_id,
            expected_version=version,
            **party_fields(payload),
        )
    set_etag(response, party.version)
    return party


# --- shipments ---------------------------------------------------------------------------


MAX_OFFSET = 10**9


@router.get("", response=list[ShipmentSummaryOut])
def list_shipments(
    request: HttpRequest,
    search: str = "",
    direction: str = "",
    destination: str = "",
    limit: int = 50,
    offset: int = 0,
) -> list[Shipment]:
    """Your organization's shipments and those shared with it (`access`, `shared_by`)."""
    found = selectors.shipments_visible_to(
        actor_of(request).organization, search=search, direction=direction, destination=destination
    )
    limit = max(1, min(limit, 200))
    # Past the last row is an empty page; a number past the database's integers is too.
    offset = max(0, min(offset, MAX_OFFSET))
    return list(found[offset : offset + limit])


@router.post("", response={201: ShipmentOut, **WRITE})
def create_shipment(
    request: HttpRequest, response: HttpResponse, payload: ShipmentPatch
) -> Status[dict[str, Any]]:
    shipment = services.create_shipment(actor=actor_of(request), **shipment_fields(payload))
    set_etag(response, shipment.version)
    return Status(201, _shipment_out(shipment))


@router.post("/from-quote/{reference}", response={201: ShipmentOut, **WRITE})
def create_from_quote(request: HttpRequest, reference: str) -> Status[dict[str, Any]]:
    """A draft shipment carrying a saved quote's places, route and border crossings."""
    shipment = services.create_shipment_from_quote(
        actor=actor_of(request), quote_reference=reference
    )
    return Status(201, _shipment_out(shipment))


@router.get("/{int:shipment_id}", response={200: ShipmentOut, **READ})
def get_shipment(request: HttpRequest, response: HttpResponse, shipment_id: int) -> dict[str, Any]:
    """The ETag is the header's version (`W/"<version>"`); lines and containers carry
    their own `version`. A shipment shared with your organization reads the same, with
    `access: shared`; its writes answer 404."""
    organization = actor_of(request).organization
    shipment = selectors.get_visible_shipment(organization, shipment_id)
    set_etag(response, shipment.version)
    share = None
    if shipment.organization_id != organization.pk:
        share = share_for(shipment, organization)
    return _shipment_out(shipment, share)


@router.patch("/{int:shipment_id}", response={200: ShipmentOut, **WRITE})
def update_shipment(
    request: HttpRequest,
    response: HttpResponse,
    shipment_id: int,
    payload: ShipmentPatch,
    if_match: str | None = IfMatch,
) -> dict[str, Any]:
    actor = actor_of(request)
    version = expected_version(if_match, payload.version)

    def current(_stored: Shipment) -> dict[str, Any]:
        stored = selectors.get_shipment(actor.organization, shipment_id)
        return ShipmentOut.model_validate(_shipment_out(stored)).model_dump(mode="json")

    with current_on_stale(current):
        services.update_shipment(
            actor=actor,
            shipment_id=shipment_id,
            expected_version=version,
            **shipment_fields(payload),
        )
    shipment = selectors.get_shipment(actor.organization, shipment_id)
    set_etag(response, shipment.version)
    return _shipment_out(shipment)


@router.delete("/{int:shipment_id}", response={204: None, **WRITE})
def delete_shipment(request: HttpRequest, shipment_id: int) -> Status[None]:
    services.delete_shipment(actor=actor_of(request), shipment_id=shipment_id)
    return Status(204, None)


@router.post("/{int:shipment_id}/route", response={200: ShipmentOut, **WRITE})
def plan_route(
    request: HttpRequest, shipment_id: int, payload: RoutePlanIn | None = None
) -> dict[str, Any]:
    """Plan the route from origin to destination on the network and store it as the
    journey's record; the border crossings, countries of routing and the rest follow it."""
    actor = actor_of(request)
    objective = payload.objective if payload is not None else "fastest"
    services.plan_shipment_route(actor=actor, shipment_id=shipment_id, objective=objective)
    return _shipment_out(selectors.get_shipment(actor.organization, shipment_id))


@router.delete("/{int:shipment_id}/route", response={200: ShipmentOut, **WRITE})
def clear_route(request: HttpRequest, shipment_id: int) -> dict[str, Any]:
    """Drop the planned route; its border crossings stay, editable by hand."""
    actor = actor_of(request)
    services.clear_shipment_route(actor=actor, shipment_id=shipment_id)
    return _shipment_out(selectors.get_shipment(actor.organization, shipment_id))


@router.get("/{int:shipment_id}/checks", response={200: ChecksOut, **READ})
def check_shipment(request: HttpRequest, shipment_id: int) -> dict[str, Any]:
    shipment = selectors.get_shipment(actor_of(request).organization, shipment_id)
    findings = selectors.check_shipment(shipment)
    errors = sum(1 for p in findings if p.severity == Severity.ERROR)
    return {
        "errors": errors,
        "warnings": len(findings) - errors,
        "findings": [p.as_dict() for p in findings],
    }


# --- lines -------------------------------------------------------------------------------


@router.get("/{int:shipment_id}/lines", response={200: list[LineOut], **READ})
def list_lines(request: HttpRequest, shipment_id: int) -> list[Any]:
    shipment = selectors.get_shipment(actor_of(request).organization, shipment_id)
    return selectors.shipment_view(shipment).lines


@router.post("/{int:shipment_id}/lines", response={201: LineOut, **WRITE})
def add_line(
    request: HttpRequest, response: HttpResponse, shipment_id: int, payload: LineIn
) -> Status[Any]:
    line = services.save_line(
        actor=actor_of(request), shipment_id=shipment_id, **line_fields(payload)
    )
    set_etag(response, line.version)
    return Status(201, line)


@router.patch("/{int:shipment_id}/lines/{line_id}", response={200: LineOut, **WRITE})
def update_line(
    request: HttpRequest,
    response: HttpResponse,
    shipment_id: int,
    line_id: int,
    payload: LinePatch,
    if_match: str | None = IfMatch,
) -> Any:
    version = expected_version(if_match, payload.version)
    with current_on_stale(_line_out):
        line = services.save_line(
            actor=actor_of(request),
            shipment_id=shipment_id,
            line_id=line_id,
            expected_version=version,
            **line_fields(payload),
        )
    set_etag(response, line.version)
    return line


@router.delete("/{int:shipment_id}/lines/{line_id}", response={204: None, **WRITE})
def delete_line(request: HttpRequest, shipment_id: int, line_id: int) -> Status[None]:
    services.delete_line(actor=actor_of(request), shipment_id=shipment_id, line_id=line_id)
    return Status(204, None)


# --- containers and stowage --------------------------------------------------------------


@router.post("/{int:shipment_id}/containers", response={201: ContainerOut, **WRITE})
def add_container(
    request: HttpRequest, response: HttpResponse, shipment_id: int, payload: ContainerIn
) -> Status[Any]:
    container = services.save_container(
        actor=actor_of(request), shipment_id=shipment_id, **container_fields(payload)
    )
    set_etag(response, container.version)
    return Status(201, container)


@router.patch("/{int:shipment_id}/containers/{container_id}", response={200: ContainerOut, **WRITE})
def update_container(
    request: HttpRequest,
    response: HttpResponse,
    shipment_id: int,
    container_id: int,
    payload: ContainerPatch,
    if_match: str | None = IfMatch,
) -> Any:
    version = expected_version(if_match, payload.version)
    with current_on_stale(_container_out):
        container = services.save_container(
            actor=actor_of(request),
            shipment_id=shipment_id,
            container_id=container_id,
            expected_version=version,
            **container_fields(payload),
        )
    set_etag(response, container.version)
    return container


@router.delete("/{int:shipment_id}/containers/{container_id}", response={204: None, **WRITE})
def delete_container(request: HttpRequest, shipment_id: int, container_id: int) -> Status[None]:
    services.delete_container(
        actor=actor_of(request), shipment_id=shipment_id, container_id=container_id
    )
    return Status(204, None)


@router.put(
    "/{int:shipment_id}/containers/{container_id}/stowage/{line_id}", response={204: None, **WRITE}
)
def stow_line(
    request: HttpRequest, shipment_id: int, container_id: int, line_id: int, payload: StowageIn
) -> Status[None]:
    services.stow(
        actor=actor_of(request),
        shipment_id=shipment_id,
        container_id=container_id,
        line_id=line_id,
        packages=payload.packages,
    )
    return Status(204, None)


# --- revisions ---------------------------------------------------------------------------


@router.get("/{int:shipment_id}/revisions", response={200: list[RevisionOut], **READ})
def list_revisions(request: HttpRequest, shipment_id: int) -> list[ShipmentRevision]:
    shipment = selectors.get_shipment(actor_of(request).organization, shipment_id)
    return list(selectors.revisions_of(shipment))


@router.get("/{int:shipment_id}/revisions/{number}", response={200: RevisionOut, **READ})
def get_revision(request: HttpRequest, shipment_id: int, number: int) -> ShipmentRevision:
    shipment = selectors.get_shipment(actor_of(request).organization, shipment_id)
    return selectors.revision(shipment, number)
