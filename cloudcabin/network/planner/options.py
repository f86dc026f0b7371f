"""Turn a node path into a priced, measured route option."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import pairwise

from cloudcabin.network.planner.network import EdgeWeight, Network, latest_valid
from cloudcabin.network.planner.types import (
    GAUGE_OF_MODE,
    BorderCrossing,
    CostLine,
    GaugeChange,
    LegData,
    LegResult,
    NodeData,
    RouteOption,
    RouteRequest,
    TariffData,
)
from cloudcabin.numbers import co2_kg, money

# A crossing is placed at a leg's ends only when the leg is a short border link or a
# crossing by water; inside a long leg (Dostyk-Brest crosses KZ→RU→BY) it has no point.
BORDER_LINK_MAX_KM = Decimal(50)
WATER_MODES = frozenset({"sea", "ferry"})
# The warnings in English, as the API gives them; pages translate them (network/labels.py).
NO_USD_RATE = "Some tariffs are in a currency without a USD rate; totals per currency."
NO_TARIFF = "No valid tariff on {day} for {label}: price on request."


def build_option(
    network: Network, path: list[str], request: RouteRequest, weigh: EdgeWeight
) -> RouteOption:
    legs: list[LegData] = []
    for u, v in pairwise(path):
        leg = network.best_leg(u, v, request, weigh)
        assert leg is not None  # the search only walks allowed edges
        legs.append(leg)
    nodes = [network.nodes[locode] for locode in path]
    results = [
        LegResult(
            origin=network.nodes[leg.origin],
            destination=network.nodes[leg.destination],
            mode=leg.mode,
            distance_km=leg.distance_km,
            days_min=leg.days_min,
            days_max=leg.days_max,
            dwell_days=leg.dwell_days,
            countries=leg.transit_countries,
            co2_kg_per_container=co2_kg(network.co2_kg(leg, request.size_type)),
        )
        for leg in legs
    ]
    gauge_changes = _gauge_changes(network, legs)
    crossings = _border_crossings(network, legs)
    transshipments = sum(1 for a, b in pairwise(legs) if a.mode != b.mode)
    co2 = sum((result.co2_kg_per_container for result in results), Decimal(0))
    cost_lines, warnings = _cost_lines(network, request, nodes, legs, gauge_changes, crossings)
    totals: dict[str, Decimal] = {}
    for line in cost_lines:
        totals[line.currency] = totals.get(line.currency, Decimal(0)) + line.amount
    converted = [network.usd(amount, currency) for currency, amount in totals.items()]
    total_usd = (
        money(sum((value for value in converted if value is not None), Decimal(0)))
        if all(value is not None for value in converted)
        else None
    )
    if total_usd is None:
        warnings.append(NO_USD_RATE)
    dwell = sum((leg.dwell_days for leg in legs), Decimal(0))
    return RouteOption(
        rank=0,
        nodes=nodes,
        legs=results,
        distance_km=sum((leg.distance_km for leg in legs), Decimal(0)),
        days_min=sum((leg.days_min for leg in legs), Decimal(0)) + dwell,
        days_max=sum((leg.days_max for leg in legs), Decimal(0)) + dwell,
        cost_lines=cost_lines,
        totals=totals,
        total_usd=total_usd,
        co2_kg_per_container=co2,
        co2_kg_total=co2 * request.container_count,
        border_crossings=crossings,
        gauge_changes=gauge_changes,
        countries=_countries(legs),
        modes=list(dict.fromkeys(leg.mode for leg in legs)),
        transshipments=transshipments,
        warnings=warnings,
    )


def _countries(legs: list[LegData]) -> list[str]:
    ordered: list[str] = []
    for leg in legs:
        for country in leg.transit_countries:
            if not ordered or ordered[-1] != country:
                ordered.append(country)
    return ordered


def _gauge_changes(network: Network, legs: list[LegData]) -> list[GaugeChange]:
    """Where a rail leg of one gauge meets a rail leg of another (a ship or truck between
    them is a transshipment, not a gauge change)."""
    changes: list[GaugeChange] = []
    for before, after in pairwise(legs):
        old, new = GAUGE_OF_MODE.get(before.mode), GAUGE_OF_MODE.get(after.mode)
        if old is not None and new is not None and old != new:
            changes.append(GaugeChange(network.nodes[after.origin], old, new))
    return changes


def _border_crossings(network: Network, legs: list[LegData]) -> list[BorderCrossing]:
    crossings: list[BorderCrossing] = []
    for leg in legs:
        countries = leg.transit_countries
        origin, destination = network.nodes[leg.origin], network.nodes[leg.destination]
        placed = len(countries) == 2 and (
            leg.distance_km <= BORDER_LINK_MAX_KM or leg.mode in WATER_MODES
        )
        label = f"{origin.name} - {destination.name}"
        for before, after in pairwise(countries):
            if before == after:
                continue
            crossings.append(
                BorderCrossing(
                    from_country=before,
                    to_country=after,
                    exit=origin if placed else None,
                    entry=destination if placed else None,
                    leg_label=label,
                )
            )
    return crossings


def _node_tariffs(network: Network, kind: str, locode: str, day: date) -> TariffData | None:
    return latest_valid(network.at_node.get((kind, locode), []), day)


def _cost_lines(
    network: Network,
    request: RouteRequest,
    nodes: list[NodeData],
    legs: list[LegData],
    gauge_changes: list[GaugeChange],
    crossings: list[BorderCrossing],
) -> tuple[list[CostLine], list[str]]:
    day, size, count = request.ready_date, request.size_type, request.container_count
    lines: list[CostLine] = []
    warnings: list[str] = []

    def add(tariff: TariffData, label: str, places: tuple[str, ...] = ()) -> None:
        unit = tariff.amount_for(size)
        lines.append(
            CostLine(
                tariff.kind,
                label,
                unit,
                count,
                unit * count,
                tariff.currency,
                places,
                tariff.name_zh,
            )
        )

    for leg in legs:
        tariff = network.freight_tariff(leg, day)
        label = f"{network.nodes[leg.origin].name} → {network.nodes[leg.destination].name}"
        if tariff is None:
            warnings.append(NO_TARIFF.format(day=day, label=label))
        else:
            add(tariff, f"{tariff.name} ({label})", (leg.origin, leg.destination))
    for node in (nodes[0], nodes[-1]):
        found = _node_tariffs(network, "terminal_handling", node.locode, day)
        if found is not None:
            add(found, found.name, (node.locode,))
    for change in gauge_changes:
        found = _node_tariffs(network, "gauge_change", change.node.locode, day)
        if found is not None:
            add(found, found.name, (change.node.locode,))
    border_nodes = dict.fromkeys(
        node.locode for crossing in crossings for node in (crossing.exit, crossing.entry) if node
    )
    for locode in border_nodes:
        found = _node_tariffs(network, "border_fee", locode, day)
        if found is not None:
            add(found, found.name, (locode,))
    on_route = {node.locode for node in nodes}
    leg_ids = {leg.id for leg in legs}
    for tariff in _latest_per_scope(network.surcharges, day):
        if tariff.leg_id is not None:
            applies = 1 if tariff.leg_id in leg_ids else 0
        elif tariff.node:
            applies = 1 if tariff.node in on_route else 0
        elif tariff.mode:
            applies = sum(1 for leg in legs if leg.mode == tariff.mode)
        else:
            applies = 1
        for _ in range(applies):
            add(tariff, tariff.name)
    return lines, warnings


def _latest_per_scope(tariffs: list[TariffData], day: date) -> list[TariffData]:
    scopes: dict[tuple[object, ...], list[TariffData]] = {}
    for tariff in tariffs:
        scopes.setdefault((tariff.name, tariff.leg_id, tariff.node, tariff.mode), []).append(tariff)
    found = [latest_valid(group, day) for group in scopes.values()]
    return [tariff for tariff in found if tariff is not None]
