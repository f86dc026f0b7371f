"""Route options as JSON-safe dicts: for the API, and frozen into saved quotes.

Decimals become strings (never floats), so a saved quote keeps its exact figures.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from cloudcabin.network.planner import CO2_METHOD, RouteOption, RouteRequest
from cloudcabin.network.planner.types import (
    BorderCrossing,
    CostLine,
    GaugeChange,
    LegResult,
    NodeData,
)

INDICATIVE = (
    "Indicative: transit times, tariffs and CO2 come from public reports and our own "
    "estimates, not from a carrier's offer. Border congestion and sanctions change them."
)


def _d(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else str(value)


def _node(node: NodeData) -> dict[str, Any]:
    return {
        "locode": node.locode,
        "name": node.name,
        "name_zh": node.name_zh,
        "country": node.country,
        "kind": node.kind,
    }


def _leg(leg: LegResult) -> dict[str, Any]:
    return {
        "origin": leg.origin.locode,
        "origin_name": leg.origin.name,
        "destination": leg.destination.locode,
        "destination_name": leg.destination.name,
        "mode": leg.mode,
        "distance_km": _d(leg.distance_km),
        "days_min": _d(leg.days_min),
        "days_max": _d(leg.days_max),
        "dwell_days": _d(leg.dwell_days),
        "countries": list(leg.countries),
        "co2_kg_per_container": _d(leg.co2_kg_per_container),
    }


def _cost_line(line: CostLine) -> dict[str, Any]:
    return {
        "kind": line.kind,
        "label": line.label,
        "unit_amount": _d(line.unit_amount),
        "quantity": line.quantity,
        "amount": _d(line.amount),
        "currency": line.currency,
        "places": list(line.places),
        "label_zh": line.label_zh,
    }


def _crossing(crossing: BorderCrossing) -> dict[str, Any]:
    return {
        "from_country": crossing.from_country,
        "to_country": crossing.to_country,
        "exit_locode": crossing.exit.locode if crossing.exit else "",
        "entry_locode": crossing.entry.locode if crossing.entry else "",
        "name": (
            f"{crossing.exit.name} - {crossing.entry.name}"
            if crossing.exit and crossing.entry
            else f"{crossing.from_country}-{crossing.to_country} ({crossing.leg_label})"
        ),
    }


def _gauge_change(change: GaugeChange) -> dict[str, Any]:
    return {
        "locode": change.node.locode,
        "name": change.node.name,
        "from_gauge": change.from_gauge,
        "to_gauge": change.to_gauge,
    }


def option_to_dict(option: RouteOption) -> dict[str, Any]:
    return {
        "rank": option.rank,
        "summary": option.summary,
        "nodes": [_node(node) for node in option.nodes],
        "legs": [_leg(leg) for leg in option.legs],
        "distance_km": _d(option.distance_km),
        "days_min": _d(option.days_min),
        "days_max": _d(option.days_max),
        "cost_lines": [_cost_line(line) for line in option.cost_lines],
        "totals": {currency: _d(amount) for currency, amount in option.totals.items()},
        "total_usd": None if option.total_usd is None else _d(option.total_usd),
        "co2_kg_per_container": _d(option.co2_kg_per_container),
        "co2_kg_total": _d(option.co2_kg_total),
        "co2_method": CO2_METHOD,
        "border_crossings": [_crossing(crossing) for crossing in option.border_crossings],
        "gauge_changes": [_gauge_change(change) for change in option.gauge_changes],
        "countries": list(option.countries),
        "modes": list(option.modes),
        "transshipments": option.transshipments,
        "warnings": list(option.warnings),
        "indicative": True,
    }


def request_to_dict(request: RouteRequest) -> dict[str, Any]:
    return {
        "origin": request.origin,
        "destination": request.destination,
        "container_count": request.container_count,
        "size_type": request.size_type,
        "ready_date": request.ready_date.isoformat(),
        "objective": str(request.objective),
        "avoid_countries": sorted(request.avoid_countries),
        "avoid_modes": sorted(request.avoid_modes),
        "via": request.via or "",
        "max_transshipments": request.max_transshipments,
    }
