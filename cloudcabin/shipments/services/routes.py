"""The planned route (``route_option``: the planner's option, nodes and legs) is the
journey's one record. ``border_crossings`` is derived from it (its border stations, in
order) while there is one, and is typed by hand only on a shipment without a route.
So is ``direction`` when the route starts or ends in China (selectors.route_direction)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.errors import Problem, ProblemError, problem
from cloudcabin.network.journey import has_route, journey_of
from cloudcabin.network.planner import Objective
from cloudcabin.network.presenters import option_to_dict
from cloudcabin.network.selectors import hub_locode, search_routes
from cloudcabin.shipments import selectors
from cloudcabin.shipments.models import Container, RouteKind, Shipment, ShipmentEventKind
from cloudcabin.shipments.services.editing import lock_for_edit, record_event


def route_kind_for(modes: Iterable[str]) -> RouteKind:
    """The Incoterm-relevant kind of a planned route, from the modes of its legs."""
    kinds = set(modes)
    by_water = bool(kinds & {"sea", "ferry"})
    by_rail = any(mode.startswith("rail") for mode in kinds)
    by_road = "road" in kinds
    if by_water and (by_rail or by_road):
        return RouteKind.SEA_RAIL
    if by_water:
        return RouteKind.SEA
    if by_rail and by_road:
        return RouteKind.RAIL_ROAD
    return RouteKind.ROAD if by_road else RouteKind.RAIL


def set_route(shipment: Shipment, route: dict[str, Any], *, quote_reference: str = "") -> None:
    """Store a route and what is kept in step with it (crossings, route kind, direction).

    Without a route (``{}``) the last crossings and direction stay, as hand-entered
    values the user may correct: clearing a place for a moment must not wipe them.
    """
    shipment.route_option = route
    shipment.quote_reference = quote_reference
    if has_route(route):
        journey = journey_of(route)
        shipment.border_crossings = [stop.locode for stop in journey.border_stations]
        shipment.route_kind = route_kind_for(leg["mode"] for leg in route["legs"])
        shipment.direction = selectors.route_direction(route) or shipment.direction


def route_joins(shipment: Shipment) -> bool:
    """Whether the planned route still runs from the shipment's origin to its destination
    (an alias such as CNXAG joins its hub's route)."""
    nodes = shipment.route_option.get("nodes") or []
    ends = (nodes[0]["locode"], nodes[-1]["locode"]) if nodes else ("", "")
    wanted = (hub_locode(shipment.origin_locode), hub_locode(shipment.destination_locode))
    return ends == wanted


def _planned(
    shipment: Shipment, objective: str = Objective.FASTEST
) -> tuple[dict[str, Any], list[Problem]]:
    """The planner's best option from the shipment's origin to its destination."""
    missing = [
        problem("REQUIRED", path=name)
        for name in ("origin_locode", "destination_locode")
        if not getattr(shipment, name)
    ]
    if missing:
        return {}, missing
    count = Container.objects.filter(shipment=shipment).count() if shipment.pk else 0
    try:
        _request, options = search_routes(
            origin=shipment.origin_locode,
            destination=shipment.destination_locode,
            container_count=max(count, 1),
            ready_date=shipment.ready_date,
            objective=objective,
            k=1,
        )
    except ProblemError as exc:
        named = {"origin": "origin_locode", "destination": "destination_locode"}
        return {}, [
            Problem(p.code, p.severity, named.get(p.path, p.path), p.message) for p in exc.problems
        ]
    return option_to_dict(options[0]), []


def replan(shipment: Shipment) -> str:
    """Origin or destination moved off the route: plan it again, or drop the route when
    there is none (a place left empty or off the network); the crossings stay."""
    route, problems = _planned(shipment)
    set_route(shipment, route)
    return route.get("summary", "") if route else f"dropped: {problems[0].code}"


@transaction.atomic
def plan_shipment_route(
    *, actor: Actor, shipment_id: int, objective: str = Objective.FASTEST
) -> Shipment:
    """Plan the route between the shipment's origin and destination and store it."""
    shipment = lock_for_edit(actor, shipment_id)
    route, problems = _planned(shipment, objective)
    if problems:
        raise ProblemError(*problems)
    set_route(shipment, route)
    # The route sets header fields (crossings, direction): a header form read before is stale.
    shipment.version += 1
    shipment.save()
    record_event(
        actor=actor,
        shipment=shipment,
        kind=ShipmentEventKind.UPDATED,
        route=route["summary"],
        objective=str(objective),
    )
    return shipment


@transaction.atomic
def clear_shipment_route(*, actor: Actor, shipment_id: int) -> Shipment:
    """Drop the planned route; its border crossings stay, to be corrected by hand."""
    shipment = lock_for_edit(actor, shipment_id)
    summary = shipment.route_option.get("summary", "")
    set_route(shipment, {})
    shipment.version += 1
    shipment.save()
    record_event(
        actor=actor, shipment=shipment, kind=ShipmentEventKind.UPDATED, route_dropped=summary
    )
    return shipment
