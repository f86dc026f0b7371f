"""The network as an igraph graph, and the k-shortest-paths search under constraints.

Parallel legs between two nodes (rail and road Khorgos-Almaty) share one graph edge
holding every candidate leg; a search weighs each edge by its best allowed leg, or leaves
it out when none is allowed. So one graph, built once per network version, serves every
search; constraints only change the edge weights.

igraph (C) runs the searches: Yen's k shortest simple paths in networkx was 83 % of a
search's time. The weights of every leg under each objective are kept per size type and
day (a search at network scale would otherwise price 20,000 legs every time), and a
search recomputes only the edges its avoided countries and modes touch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from threading import Lock
from zlib import crc32

import igraph  # type: ignore[import-untyped]  # igraph ships no type hints

from cloudcabin.network.planner.types import (
    CONTAINER_MASS_T,
    LegData,
    NodeData,
    Objective,
    RouteRequest,
    TariffData,
)

EdgeWeight = Callable[[LegData], float]
# On a large network, alternatives more than PRUNE_SLACK times the best (under the
# objective) are not searched; small networks (the seeded one) are searched whole.
PRUNE_SLACK = 1.2
PRUNE_ABOVE_NODES = 500
# Leg weights kept per (objective, size type, day); the oldest is dropped beyond this.
WEIGHTS_KEPT = 64
INF = float("inf")
TIE = 1e-9  # the most an edge's weight is made heavier to break ties, relative


@dataclass(frozen=True)
class Weights:
    """An objective's weight of every directed leg (by position in ``Network.directed``)
    and of every graph edge (its lightest leg, before a search's constraints)."""

    legs: list[float]
    edges: list[float]


@dataclass
class Network:
    nodes: dict[str, NodeData]
    legs: list[LegData]
    tariffs: list[TariffData] = field(default_factory=list)
    co2_factors: dict[str, Decimal] = field(default_factory=dict)  # g per tonne-km by mode
    usd_rates: dict[str, Decimal] = field(default_factory=dict)  # USD per unit
    directed: list[LegData] = field(init=False, repr=False)  # each usable direction of a leg
    graph: igraph.Graph = field(init=False, repr=False)  # vertex i is node ``codes[i]``
    codes: list[str] = field(init=False, repr=False)
    index: dict[str, int] = field(init=False, repr=False)
    edges: dict[tuple[str, str], int] = field(init=False, repr=False)  # (u, v) → edge id
    ends: list[tuple[int, int]] = field(init=False, repr=False)  # edge id → (u, v) vertices
    jitter: list[float] = field(init=False, repr=False)  # edge id → its share of TIE
    edge_legs: list[list[int]] = field(init=False, repr=False)  # edge id → positions in directed
    freight: dict[int, list[TariffData]] = field(init=False, repr=False)
    at_node: dict[tuple[str, str], list[TariffData]] = field(init=False, repr=False)
    surcharges: list[TariffData] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.codes = list(self.nodes)
        self.index = {code: i for i, code in enumerate(self.codes)}
        self.directed, self.edges, self.edge_legs = [], {}, []
        for leg in self.legs:
            if leg.origin not in self.nodes or leg.destination not in self.nodes:
                continue
            for directed in [leg, leg.reversed()] if leg.bidirectional else [leg]:
                key = (directed.origin, directed.destination)
                if key not in self.edges:
                    self.edges[key] = len(self.edge_legs)
                    self.edge_legs.append([])
                self.edge_legs[self.edges[key]].append(len(self.directed))
                self.directed.append(directed)
        self.ends = [(self.index[u], self.index[v]) for u, v in self.edges]
        self.graph = igraph.Graph(n=len(self.codes), edges=self.ends, directed=True)
        self.jitter = [crc32(f"{u}>{v}".encode()) / 2**32 * TIE for u, v in self.edges]
        # The edges a search must weigh again when it avoids a country or a mode.
        self._touching: dict[str, set[int]] = {}
        for (u, v), edge in self.edges.items():
            for country in (self.nodes[u].country, self.nodes[v].country):
                self._touching.setdefault(country, set()).add(edge)
            for position in self.edge_legs[edge]:
                leg = self.directed[position]
                self._touching.setdefault(f"mode:{leg.mode}", set()).add(edge)
                for country in leg.transit_countries:
                    self._touching.setdefault(country, set()).add(edge)
        self._weights: dict[tuple[Objective, str, date], Weights] = {}
        self._weights_lock = Lock()
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
        legs = (self.directed[position] for position in self.edge_legs[self.edges[u, v]])
        candidates = [leg for leg in legs if self.allowed(leg, request)]
        return min(candidates, key=weigh) if candidates else None

    def weights(self, request: RouteRequest, objective: Objective) -> Weights:
        """``leg_weight(request, objective)`` of every leg and edge, kept for reuse."""
        key = (objective, request.size_type, request.ready_date)
        with self._weights_lock:
            found = self._weights.get(key)
        if found is None:
            weigh = self.leg_weight(request, objective)
            found = self.weights_of([weigh(leg) for leg in self.directed])
            with self._weights_lock:
                if len(self._weights) >= WEIGHTS_KEPT:
                    del self._weights[next(iter(self._weights))]
                self._weights[key] = found
        return found

    def weights_of(self, legs: list[float]) -> Weights:
        edges = [min(legs[p] for p in positions) for positions in self.edge_legs]
        return Weights(legs, [self.tie_broken(e, weight) for e, weight in enumerate(edges)])

    def tie_broken(self, edge: int, weight: float) -> float:
        """``weight`` made a little heavier, by a fixed amount of its own for each edge.

        Paths of equal length come out of Yen's algorithm in an order that depends on the
        library (networkx's heap, igraph's), and which of them make the first k too; the
        synthetic network, whose days are tenths, has many. At most ``TIE`` of the weight
        (plus ``TIE``), far below any real difference and far above rounding, makes each
        length distinct, so every library finds the same paths in the same order.
        """
        return weight + self.jitter[edge] * (1 + weight)

    def edge_weights(self, request: RouteRequest, weights: Weights) -> list[float]:
        """Each edge's weight under the request's constraints: its lightest allowed leg,
        infinite when no leg is allowed or an end lies in an avoided country."""
        touched: set[int] = set()
        for key in [*request.avoid_countries, *(f"mode:{m}" for m in request.avoid_modes)]:
            touched |= self._touching.get(key, set())
        if not touched:
            return weights.edges
        found = list(weights.edges)
        avoided = request.avoid_countries
        for edge in touched:
            u, v = self.ends[edge]
            ends = (self.nodes[self.codes[u]].country, self.nodes[self.codes[v]].country)
            if not avoided.isdisjoint(ends):
                found[edge] = INF
            else:
                allowed = [
                    weights.legs[p]
                    for p in self.edge_legs[edge]
                    if self.allowed(self.directed[p], request)
                ]
                found[edge] = self.tie_broken(edge, min(allowed)) if allowed else INF
        return found

    def paths(
        self, source: str, target: str, request: RouteRequest, weights: Weights, limit: int
    ) -> list[list[str]]:
        """Up to ``limit`` simple node paths, shortest first under ``weights`` (Yen's algorithm)."""
        if source == target or source not in self.index or target not in self.index:
            return []
        s, t = self.index[source], self.index[target]
        edge_weights = self.edge_weights(request, weights)
        kept = [edge for edge, weight in enumerate(edge_weights) if weight != INF]
        if len(self.codes) > PRUNE_ABOVE_NODES:
            corridor = self._corridor(s, t, kept, edge_weights)
            ends = self.ends
            kept = [e for e in kept if ends[e][0] in corridor and ends[e][1] in corridor]
        graph = self.graph.subgraph_edges(kept, delete_vertices=False)
        # igraph warns (an error under the tests) when the target cannot be reached.
        if t not in graph.subcomponent(s, mode="out"):
            return []
        found = graph.get_k_shortest_paths(
            s, to=t, k=limit, weights=[edge_weights[e] for e in kept], mode="out"
        )
        return [[self.codes[i] for i in path] for path in found]

    def _corridor(self, s: int, t: int, kept: list[int], edge_weights: list[float]) -> set[int]:
        """The part of the graph that can hold a path at most ``PRUNE_SLACK`` times the
        shortest: node v stays if d(source, v) + d(v, target) is within that bound, which
        no path within the bound can miss. Each of Yen's many Dijkstra runs then explores
        a corridor instead of the whole graph.
        """
        graph = self.graph.subgraph_edges(kept, delete_vertices=False)
        weights = [edge_weights[e] for e in kept]
        reached = graph.subcomponent(s, mode="out")
        if t not in reached:
            return set()
        reaching = graph.subcomponent(t, mode="in")
        ahead = dict(zip(reached, graph.distances(s, reached, weights=weights)[0], strict=True))
        behind = graph.distances(t, reaching, weights=weights, mode="in")[0]
        bound = ahead[t] * PRUNE_SLACK + 1e-9
        return {
            v for v, d in zip(reaching, behind, strict=True) if v in ahead and ahead[v] + d <= bound
        }

    def shortest_total(
        self, source: str, target: str, request: RouteRequest, weights: Weights
    ) -> float | None:
        s, t = self.index[source], self.index[target]
        edge_weights = self.edge_weights(request, weights)
        kept = [edge for edge, weight in enumerate(edge_weights) if weight != INF]
        graph = self.graph.subgraph_edges(kept, delete_vertices=False)
        if t not in graph.subcomponent(s, mode="out"):
            return None
        found: float = graph.distances(s, t, weights=[edge_weights[e] for e in kept])[0][0]
        return found


def latest_valid(tariffs: Iterable[TariffData], day: date) -> TariffData | None:
    """The valid tariff that started most recently; None when none is valid on ``day``."""
    valid = [tariff for tariff in tariffs if tariff.valid_on(day)]
    return max(valid, key=lambda tariff: (tariff.valid_from, tariff.id)) if valid else None
