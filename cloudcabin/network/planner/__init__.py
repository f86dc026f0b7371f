"""The route planner: pure Python over plain dataclasses (no ORM), igraph underneath.

``plan_routes(network, request)`` returns up to ``request.k`` options ranked by the
objective, or raises ``NoRoute`` naming the constraints that, lifted one at a time,
would give a route.

Ranking. Candidates are the ``k + EXTRA_CANDIDATES`` shortest simple paths under the
objective's edge weight (Yen's algorithm, igraph's ``get_k_shortest_paths``); each is
then measured exactly (gauge-change, border and terminal fees depend on the whole path)
and the best ``k`` kept. Objectives: *fastest* = mid-point of the transit range plus
dwell; *cheapest* = total in USD; *greenest* = kg CO2e per container; *balanced* =
(days / D* + cost / C* + CO2 / E*) / 3, where D*, C*, E* are the best achievable
values for this origin and destination under the same constraints, so each term is 1
on its own optimum and the three weigh the same.
"""

from __future__ import annotations

from dataclasses import replace

from cloudcabin.network.planner.network import EdgeWeight, Network, Weights
from cloudcabin.network.planner.options import build_option
from cloudcabin.network.planner.types import (
    CO2_METHOD,
    LegData,
    NodeData,
    NoRoute,
    Objective,
    Relaxation,
    RouteOption,
    RouteRequest,
    TariffData,
)

__all__ = [
    "CO2_METHOD",
    "LegData",
    "Network",
    "NoRoute",
    "NodeData",
    "Objective",
    "Relaxation",
    "RouteOption",
    "RouteRequest",
    "TariffData",
    "plan_routes",
]

EXTRA_CANDIDATES = 5
UNPRICED = 1e9


def plan_routes(network: Network, request: RouteRequest) -> list[RouteOption]:
    options = _search(network, request)
    if not options:
        raise NoRoute(request, explain(network, request))
    return options


def _search(network: Network, request: RouteRequest) -> list[RouteOption]:
    endpoints = [request.origin, request.destination] + ([request.via] if request.via else [])
    if any(network.nodes[code].country in request.avoid_countries for code in endpoints):
        return []
    norms = _norms(network, request) if request.objective == Objective.BALANCED else None
    if request.objective == Objective.BALANCED and norms is None:
        return []
    weigh, weights = _weigh(network, request, norms)
    limit = max(1, request.k) + EXTRA_CANDIDATES
    if request.via:
        first = network.paths(request.origin, request.via, request, weights, limit)
        second = network.paths(request.via, request.destination, request, weights, limit)
        paths = [a + b[1:] for a in first for b in second if not set(a) & set(b[1:])]
    else:
        paths = network.paths(request.origin, request.destination, request, weights, limit)
    options = [build_option(network, path, request, weigh) for path in paths]
    if request.max_transshipments is not None:
        options = [o for o in options if o.transshipments <= request.max_transshipments]
    scored = sorted(
        ((_score(option, request, norms), index, option) for index, option in enumerate(options)),
        key=lambda item: (item[0], item[1]),
    )
    best = [
        replace(option, rank=rank, score=score)
        for rank, (score, _, option) in enumerate(scored[: request.k], start=1)
    ]
    return best


def _days(option: RouteOption) -> float:
    return float((option.days_min + option.days_max) / 2)


def _cost(option: RouteOption) -> float:
    if option.total_usd is None or any(w.startswith("No valid tariff") for w in option.warnings):
        return UNPRICED + float(option.total_usd or 0)
    return float(option.total_usd)


def _score(
    option: RouteOption, request: RouteRequest, norms: tuple[float, float, float] | None
) -> float:
    if request.objective == Objective.FASTEST:
        return _days(option)
    if request.objective == Objective.CHEAPEST:
        return _cost(option)
    if request.objective == Objective.GREENEST:
        return float(option.co2_kg_per_container)
    assert norms is not None
    days, cost, co2 = norms
    return (
        _days(option) / days + _cost(option) / cost + float(option.co2_kg_per_container) / co2
    ) / 3


def _norms(network: Network, request: RouteRequest) -> tuple[float, float, float] | None:
    found = []
    for objective in (Objective.FASTEST, Objective.CHEAPEST, Objective.GREENEST):
        total = network.shortest_total(
            request.origin, request.destination, request, network.weights(request, objective)
        )
        if total is None:
            return None
        found.append(max(total, 1e-6))
    return found[0], found[1], found[2]


def _weigh(
    network: Network, request: RouteRequest, norms: tuple[float, float, float] | None
) -> tuple[EdgeWeight, Weights]:
    """The objective's weight of a leg, and the same for every leg of the network."""
    if norms is None:
        return network.leg_weight(request, request.objective), network.weights(
            request, request.objective
        )
    days_norm, cost_norm, co2_norm = norms
    days = network.leg_weight(request, Objective.FASTEST)
    cost = network.leg_weight(request, Objective.CHEAPEST)
    co2 = network.leg_weight(request, Objective.GREENEST)

    def balanced(leg: LegData) -> float:
        return (days(leg) / days_norm + cost(leg) / cost_norm + co2(leg) / co2_norm) / 3

    # The same sum as ``balanced``, over the kept weights of each objective.
    by_days = network.weights(request, Objective.FASTEST).legs
    by_cost = network.weights(request, Objective.CHEAPEST).legs
    by_co2 = network.weights(request, Objective.GREENEST).legs
    legs = [
        (d / days_norm + c / cost_norm + e / co2_norm) / 3
        for d, c, e in zip(by_days, by_cost, by_co2, strict=True)
    ]
    return balanced, network.weights_of(legs)


def explain(network: Network, request: RouteRequest) -> list[Relaxation]:
    """Each single constraint whose lifting gives a route; all of them if none alone does."""
    quick = replace(request, k=1, objective=Objective.FASTEST)
    candidates: list[tuple[Relaxation, RouteRequest]] = []
    for country in sorted(request.avoid_countries):
        candidates.append(
            (
                Relaxation("country", country),
                replace(quick, avoid_countries=quick.avoid_countries - {country}),
            )
        )
    for mode in sorted(request.avoid_modes):
        candidates.append(
            (Relaxation("mode", mode), replace(quick, avoid_modes=quick.avoid_modes - {mode}))
        )
    if request.via:
        candidates.append((Relaxation("via", request.via), replace(quick, via=None)))
    if request.max_transshipments is not None:
        candidates.append(
            (
                Relaxation("transshipments", str(request.max_transshipments)),
                replace(quick, max_transshipments=None),
            )
        )
    found = [relaxation for relaxation, relaxed in candidates if _search(network, relaxed)]
    if found or not candidates:
        return found
    everything = replace(
        quick,
        avoid_countries=frozenset(),
        avoid_modes=frozenset(),
        via=None,
        max_transshipments=None,
    )
    return [relaxation for relaxation, _ in candidates] if _search(network, everything) else []
