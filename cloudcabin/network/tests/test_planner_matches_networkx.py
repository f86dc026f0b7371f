"""The igraph search gives exactly the answers of the networkx search it replaced.

The reference below is the planner's search as it was (networkx's Yen's algorithm over a
DiGraph whose edges hold their legs, the corridor pruned with networkx's Dijkstra), run
on the same ``Network``; every request is planned both ways and must come out the same:
the candidate paths in the same order and the same ranked options. Both search the
weights with ties broken (``Network.tie_broken``): paths of equal length came out of
networkx in the order its heap happened to give them, which no other library reproduces.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from itertools import islice

import networkx as nx  # type: ignore[import-untyped]  # networkx ships no type hints
import pytest

from cloudcabin.network import selectors
from cloudcabin.network.planner import NoRoute, Objective, RouteRequest, plan_routes
from cloudcabin.network.planner.network import (
    PRUNE_ABOVE_NODES,
    PRUNE_SLACK,
    Network,
    Weights,
)
from cloudcabin.network.planner.synthetic import synthetic_network
from cloudcabin.network.planner.types import LegData, RouteOption

READY = date(2026, 12, 1)


def reference_graph(network: Network) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_nodes_from(network.nodes)
    for leg in network.legs:
        if leg.origin not in network.nodes or leg.destination not in network.nodes:
            continue
        for directed in [leg, leg.reversed()] if leg.bidirectional else [leg]:
            u, v = directed.origin, directed.destination
            if graph.has_edge(u, v):
                graph[u][v]["legs"].append(directed)
            else:
                graph.add_edge(u, v, legs=[directed])
    return graph


class Reference:
    """Today's ``Network.paths`` and ``shortest_total`` as they were on networkx."""

    def __init__(self, network: Network) -> None:
        self.network = network
        self.graph = reference_graph(network)
        # reference_graph made its own reversed legs: find their weights by value.
        self.by_value = {leg: p for p, leg in enumerate(network.directed)}

    def weight_function(self, request: RouteRequest, weights: Weights):
        def weigh(leg: LegData) -> float:
            return weights.legs[self.by_value[leg]]

        def weight(u: str, v: str, _data: object) -> float | None:
            if {self.network.nodes[u].country, self.network.nodes[v].country} & set(
                request.avoid_countries
            ):
                return None
            candidates = [
                leg for leg in self.graph[u][v]["legs"] if self.network.allowed(leg, request)
            ]
            if not candidates:
                return None
            return self.network.tie_broken(
                self.network.edges[u, v], min(weigh(leg) for leg in candidates)
            )

        return weight

    def paths(
        self, source: str, target: str, request: RouteRequest, weights: Weights, limit: int
    ) -> list[list[str]]:
        if source == target or source not in self.graph or target not in self.graph:
            return []
        weight = self.weight_function(request, weights)
        nodes = (
            self.corridor(source, target, weight) if len(self.graph) > PRUNE_ABOVE_NODES else None
        )
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

    def corridor(self, source: str, target: str, weight) -> list[str]:
        ahead = nx.single_source_dijkstra_path_length(self.graph, source, weight=weight)
        if target not in ahead:
            return []
        behind = nx.single_source_dijkstra_path_length(
            self.graph.reverse(copy=False), target, weight=lambda u, v, d: weight(v, u, d)
        )
        bound = ahead[target] * PRUNE_SLACK + 1e-9
        return [node for node, d in ahead.items() if node in behind and d + behind[node] <= bound]

    def shortest_total(
        self, source: str, target: str, request: RouteRequest, weights: Weights
    ) -> float | None:
        weight = self.weight_function(request, weights)
        try:
            found: float = nx.dijkstra_path_length(self.graph, source, target, weight=weight)
        except nx.NetworkXNoPath:
            return None
        return found


def plan(network: Network, request: RouteRequest) -> list[RouteOption] | NoRoute:
    try:
        return plan_routes(network, request)
    except NoRoute as no_route:
        return no_route


def assert_same_answers(
    network: Network,
    requests: list[RouteRequest],
    monkeypatch: pytest.MonkeyPatch,
    compare_paths: bool = True,
) -> int:
    """Plan ``requests`` both ways; ``compare_paths`` also compares the candidates (twice
    the reference's time: networkx takes seconds a search at 2,000 nodes)."""
    reference = Reference(network)
    answers = []
    for request in requests:
        if compare_paths and request.objective != Objective.BALANCED:
            weights = network.weights(request, request.objective)
            limit = request.k + 5
            assert network.paths(
                request.origin, request.destination, request, weights, limit
            ) == reference.paths(request.origin, request.destination, request, weights, limit)
        answers.append(plan(network, request))
    with monkeypatch.context() as patched:
        patched.setattr(network, "paths", reference.paths)
        patched.setattr(network, "shortest_total", reference.shortest_total)
        expected = [plan(network, request) for request in requests]
    routed = 0
    for request, got, wanted in zip(requests, answers, expected, strict=True):
        if isinstance(wanted, NoRoute):
            assert isinstance(got, NoRoute), request
            assert got.relaxations == wanted.relaxations, request
        else:
            assert got == wanted, request
            routed += 1
    return routed


@pytest.mark.usefixtures("network")
def test_the_seeded_network_plans_every_pair_as_the_networkx_search_did(monkeypatch):
    network = selectors.current_network()
    rng = random.Random(14)
    codes = sorted(network.nodes)
    countries = sorted({node.country for node in network.nodes.values()})
    requests = []
    for _ in range(400):
        origin, destination = rng.sample(codes, 2)
        avoid = frozenset(rng.sample(countries, rng.choice([0, 1, 2, 3])))
        requests.append(
            RouteRequest(
                origin=origin,
                destination=destination,
                ready_date=READY,
                k=rng.choice([1, 3, 5, 10]),
                objective=rng.choice(list(Objective)),
                avoid_countries=avoid,
                avoid_modes=frozenset(rng.sample(["road", "sea", "ferry"], rng.choice([0, 1]))),
                size_type=rng.choice(["20", "40"]),
            )
        )
    routed = assert_same_answers(network, requests, monkeypatch)
    assert routed > 200  # most of them have routes: the comparison is not of empty answers


def test_a_synthetic_network_of_2000_nodes_plans_as_the_networkx_search_did(monkeypatch):
    network = synthetic_network(seed=7)
    rng = random.Random(15)
    west = [code for code, node in network.nodes.items() if node.country < "C10"]
    east = [code for code, node in network.nodes.items() if node.country >= "C30"]
    requests = [
        RouteRequest(
            origin=rng.choice(east),
            destination=rng.choice(west),
            k=5,
            ready_date=READY,
            objective=rng.choice([Objective.FASTEST, Objective.CHEAPEST, Objective.GREENEST]),
            avoid_countries=frozenset(rng.sample([f"C{i:02d}" for i in range(10, 30)], 2)),
        )
        for _ in range(5)
    ]
    routed = assert_same_answers(network, requests, monkeypatch, compare_paths=False)
    assert routed >= 3
