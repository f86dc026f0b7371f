"""The network as a networkx DiGraph, and the k-shortest-paths search under constraints.

Parallel legs between two nodes (rail and road Khorgos-Almaty) share one DiGraph edge
holding every candidate leg; the weight function picks the best allowed one, or hides
the edge (returns None) when none is allowed. So one graph, built once per network
version, serves every search; constraints live in the weight function.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import islice

import networkx as nx  # type: ignore[import-untyped]  # networkx ships no type hints

from cloudcabin.network.planner.types import (
    CONTAINER_MASS_T,
    LegData,
    NodeData,
    Objective,
    RouteRequest,
    TariffData,
)

EdgeWeight = Callable[[LegData], float]
EdgeFunction = Callable[[str, str, dict[str, object]], float | None]
# On a large network, alternatives more than PRUNE_SLACK times the best (under the
# objective) are not searched; small networks (the seeded one) are searched whole.
PRUNE_SLACK = 1.2
PRUNE_ABOVE_NODES = 500


@dataclass
class Network:
    nodes: dict[str, NodeData]
    legs: list[LegData]
    tariffs: list[TariffData] = field(default_factory=list)
    co2_factors: dict[str, Decimal] = field(default_factory=dict)  # g per tonne-km by mode
    usd_rates: dict[str, Decimal] = field(default_factory=dict)  # USD per unit
    graph: nx.DiGraph = field(init=False, repr=False)
    freight: dict[int, list[TariffData]] = field(init=False, repr=False)
    at_node: dict[tuple[str, str], list[TariffData]] = field(init=False, repr=False)
    surcharges: list[TariffData] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.graph = nx.DiGraph()
        self.graph.add_nodes_from(self.nodes)
        for leg in self.legs:
            if leg.origin not in self.nodes or leg.destination not in self.nodes:
                continue
            directions = [leg, leg.reversed()] if leg.bidirectional else [leg]
            for directed in directions:
                u, v = directed.origin, directed.destination
                if self.graph.has_edge(u, v):
                    self.graph[u][v]["legs"].append(directed)
                else:
                    self.graph.add_edge(u, v, legs=[directed])
        self.freight = {}
        self.at_node = {}
        for tariff in self.tariffs:
            if tariff.kind == "leg_freight" and tariff.leg_id is not None:
                self.freight.setdefault(tariff.leg_id, []).append(tariff)
            elif tariff.node and not tariff.mode and tariff.kind != "surcharge":
                self.at_node.setdefault((tariff.kind, tariff.node), []).append(tariff)
        self.surcharges = [tariff for tariff in self.tariffs if tariff.kind == "surcharge"]

    # --- tariffs -----------------------------------------------------------------------

    def usd(self, amount: Decimal, currency: str) -> Decimal | None:
        rate = Decimal(1) if currency == "USD" else self.usd_rates.get(currency)
        return None if rate is None else amount * rate

    def freight_tariff(self, leg: LegData, day: date) -> TariffData | None:
        return latest_valid(self.freight.get(leg.id, []), day)

    def co2_kg(self, leg: LegData, size_type: str) -> Decimal:
        factor = self.co2_factors.get(leg.mode, Decimal(0))
        mass = CONTAINER_MASS_T.get(size_type, CONTAINER_MASS_T["40"])
        return leg.distance_km * mass * factor / Decimal(1000)

    # --- search ------------------------------------------------------------------------

    def allowed(self, leg: LegData, request: RouteRequest) -> bool:
        if leg.mode in request.avoid_modes:
            return False
        return not request.avoid_countries.intersection(leg.transit_countries)

    def leg_weight(self, request: RouteRequest, objective: Objective) -> EdgeWeight:
        unpriced = 1e6  # rank legs without a valid tariff last, but keep them reachable

        def days(leg: LegData) -> float:
            return float((leg.days_min + leg.days_max) / 2 + leg.dwell_days)

        def cost(leg: LegData) -> float:
            tariff = self.freight_tariff(leg, request.ready_date)
            if tariff is None:
                return unpriced
            found = self.usd(tariff.amount_for(request.size_type), tariff.currency)
            return unpriced if found is None else float(found)

        def co2(leg: LegData) -> float:
            # The small constant keeps Dijkstra from preferring many zero-CO2 hops.
            return float(self.co2_kg(leg, request.size_type)) + 0.001

        chosen: dict[Objective, EdgeWeight] = {
            Objective.FASTEST: days,
            Objective.CHEAPEST: cost,
            Objective.GREENEST: co2,
        }
        return chosen[objective]

    def best_leg(self, u: str, v: str, request: RouteRequest, weigh: EdgeWeight) -> LegData | None:
        candidates = [leg for leg in self.graph[u][v]["legs"] if self.allowed(leg, request)] or None
        return min(candidates, key=weigh) if candidates else None

    def edge_weight_function(self, request: RouteRequest, weigh: EdgeWeight) -> EdgeFunction:
        cache: dict[tuple[str, str], float | None] = {}
        avoided = request.avoid_countries

        def weight(u: str, v: str, _data: dict[str, object]) -> float | None:
            key = (u, v)
            if key not in cache:
                if self.nodes[u].country in avoided or self.nodes[v].country in avoided:
                    cache[key] = None
                else:
                    leg = self.best_leg(u, v, request, weigh)
                    cache[key] = None if leg is None else weigh(leg)
            return cache[key]

        return weight

    def paths(
        self, source: str, target: str, request: RouteRequest, weigh: EdgeWeight, limit: int
    ) -> list[list[str]]:
        """Up to ``limit`` simple node paths, shortest first under ``weigh`` (Yen's algorithm)."""
        if source == target or source not in self.graph or target not in self.graph:
            return []
        weight = self.edge_weight_function(request, weigh)
        nodes = (
            self._corridor(source, target, weight) if len(self.graph) > PRUNE_ABOVE_NODES else None
        )
        # A plain graph of the allowed edges with their weights as numbers: Yen's algorithm
        # runs many Dijkstra searches, and a stored weight is read faster than a function.
        allowed = nx.DiGraph()
        view = self.graph if nodes is None else self.graph.subgraph(nodes)
        for u, v in view.edges():
            found = weight(u, v, {})
            if found is not None:
                allowed.add_edge(u, v, w=found)
        if source not in allowed or target not in allowed:
            return []
        generator: Iterator[list[str]] = nx.shortest_simple_paths(
            allowed, source, target, weight="w"
        )
        try:
            return list(islice(generator, limit))
        except nx.NetworkXNoPath:
            return []

    def _corridor(self, source: str, target: str, weight: EdgeFunction) -> list[str]:
        """The part of the graph that can hold a path at most ``PRUNE_SLACK`` times the
        shortest: node v stays if d(source, v) + d(v, target) is within that bound, which
        no path within the bound can miss. Each of Yen's many Dijkstra runs then explores
        a corridor instead of the whole graph.
        """

        def backwards(u: str, v: str, data: dict[str, object]) -> float | None:
            return weight(v, u, data)

        ahead = nx.single_source_dijkstra_path_length(self.graph, source, weight=weight)
        if target not in ahead:
            return []
        behind = nx.single_source_dijkstra_path_length(
            self.graph.reverse(copy=False), target, weight=backwards
        )
        bound = ahead[target] * PRUNE_SLACK + 1e-9
        return [node for node, d in ahead.items() if node in behind and d + behind[node] <= bound]

    def shortest_total(
        self, source: str, target: str, request: RouteRequest, weigh: EdgeWeight
    ) -> float | None:
        weight = self.edge_weight_function(request, weigh)
        try:
            found: float = nx.dijkstra_path_length(self.graph, source, target, weight=weight)
        except nx.NetworkXNoPath:
            return None
        return found


def latest_valid(tariffs: Iterable[TariffData], day: date) -> TariffData | None:
    """The valid tariff that started most recently; None when none is valid on ``day``."""
    valid = [tariff for tariff in tariffs if tariff.valid_on(day)]
    return max(valid, key=lambda tariff: (tariff.valid_from, tariff.id)) if valid else None
