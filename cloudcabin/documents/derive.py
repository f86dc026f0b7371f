"""From a frozen shipment snapshot to the facts every document is rendered from.

This is the one place that derives document figures (totals, per-container stowage,
routing countries, code mappings), so the invoice, the packing list, the declaration,
the consignment note and the ENS all show the same numbers by construction.
``build_pack_data`` is pure; ``Lookups`` carries the reference answers it needs.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.utils import timezone

from cloudcabin.documents.data import (
    BorderCrossing,
    ContainerLoad,
    GaugeChange,
    Line,
    Lookups,
    PackData,
    Party,
    Place,
    RailPart,
    SeaLeg,
    StowedLine,
)
from cloudcabin.network.journey import (
    SEA_MODES,
    Journey,
    has_route,
    journey_of,
    once_per_stretch,
    routing_countries,
)
from cloudcabin.numbers import mass, money
from cloudcabin.shipments.stowage import stowed_marks, stowed_part

ZERO = Decimal(0)
# Without a planned route, how the route kind travels (the order is the usual one).
MODES_OF_ROUTE_KIND: dict[str, tuple[str, ...]] = {
    "rail": ("rail",),
    "sea_rail": ("sea", "rail"),
    "rail_road": ("rail", "road"),
    "sea": ("sea",),
    "road": ("road",),
}


def _decimal(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _party(role: str, raw: dict[str, Any] | None) -> Party | None:
    if raw is None:
        return None
    return Party(
        role=role,
        **{name: raw.get(name) or "" for name in Party.__dataclass_fields__ if name != "role"},
    )


def _place(locode: str, lookups: Lookups, on_route: dict[str, Place] | None = None) -> Place | None:
    if not locode:
        return None
    if on_route and locode in on_route:
        return on_route[locode]
    found = lookups.places.get(locode) or Place(locode=locode, name=locode, country=locode[:2])
    name_zh = found.name_zh or lookups.filing.place_names_zh.get(locode, "")
    return Place(locode=found.locode, name=found.name, country=found.country, name_zh=name_zh)


def _routing(origin: Place | None, crossings: list[Place], destination: Place | None) -> list[str]:
    """Countries in the order the goods cross them, each once per stretch."""
    return once_per_stretch(
        [place.country for place in [origin, *crossings, destination] if place is not None]
    )


def _journey_fields(
    journey: Journey,
    stops: dict[str, Place],
    origin: Place | None,
    destination: Place | None,
    eu_members: frozenset[str],
) -> dict[str, Any]:
    """PackData's journey fields from the planned route (one source for every document)."""

    def at(locode: str | None) -> Place | None:
        return stops.get(locode) if locode else None

    crossings = [
        BorderCrossing(
            from_country=c.from_country,
            to_country=c.to_country,
            exit=at(c.exit.locode if c.exit else None),
            entry=at(c.entry.locode if c.entry else None),
            by_sea=c.mode in SEA_MODES,
        )
        for c in journey.crossings
    ]
    first_eu = journey.first_eu_entry(eu_members)
    china_exit, china_entry = journey.china_exit, journey.china_entry
    rail = journey.rail_part
    return {
        "transport_modes": journey.modes,
        "sea_legs": [
            SeaLeg(
                port_of_loading=stops[leg.origin.locode],
                port_of_discharge=stops[leg.destination.locode],
                loading_is_port=leg.origin.is_port,
                discharge_is_port=leg.destination.is_port,
            )
            for leg in journey.sea_legs
        ],
        "rail_part": None
        if rail is None
        else RailPart(
            start=stops[rail.start.locode],
            end=stops[rail.end.locode],
            crossings=[stops[stop.locode] for stop in rail.border_stations],
            countries=rail.countries,
        ),
        "first_eu_entry_by_sea": bool(first_eu and first_eu.mode in SEA_MODES),
        "has_route": True,
        "route_stops": [stops[stop.locode] for stop in journey.stops],
        "crossings": [stops[stop.locode] for stop in journey.border_stations],
        "routing_countries": routing_countries(
            journey, origin.country if origin else "", destination.country if destination else ""
        ),
        "border_crossings": crossings,
        "gauge_changes": [
            GaugeChange(stops[change.at.locode], change.from_gauge, change.to_gauge)
            for change in journey.gauge_changes
        ],
        "first_eu_entry_country": first_eu.to_country if first_eu else "",
        "first_eu_entry": at(first_eu.entry.locode if first_eu and first_eu.entry else None),
        "china_exit": at(china_exit.locode if china_exit else None),
        "china_entry": at(china_entry.locode if china_entry else None),
    }


def build_pack_data(snapshot: dict[str, Any], lookups: Lookups) -> PackData:
    header = snapshot["shipment"]
    lines = [_line(raw, lookups) for raw in snapshot["lines"]]
    route = header.get("route_option") or {}
    journey = journey_of(route) if has_route(route) else None
    stops = {
        stop.locode: Place(stop.locode, stop.name, stop.country, stop.name_zh)
        for stop in (journey.stops if journey else [])
    }
    origin = _place(header.get("origin_locode") or "", lookups, stops)
    destination = _place(header.get("destination_locode") or "", lookups, stops)
    return PackData(
        revision=int(header["revision"]),
        organization=snapshot["organization"],
        header=header,
        parties={role: _party(role, raw) for role, raw in snapshot["parties"].items()},
        lines=lines,
        containers=_containers(snapshot, {line.line_no: line for line in lines}),
        origin=origin,
        destination=destination,
        loading=_place(header.get("loading_locode") or "", lookups, stops),
        total_packages=sum(line.packages for line in lines),
        total_net_kg=mass(sum((line.net_kg for line in lines), ZERO)),
        total_gross_kg=mass(sum((line.gross_kg for line in lines), ZERO)),
        total_amount=money(sum((line.amount for line in lines), ZERO)),
        currency=header.get("currency") or "",
        lookups=lookups,
        **(
            _journey_fields(
                journey,
                stops,
                origin,
                destination,
                lookups.code_lists.eu_members_on(timezone.localdate()),
            )
            if journey
            else _unplanned_fields(header, lookups, origin, destination)
        ),
    )


def _line(raw: dict[str, Any], lookups: Lookups) -> Line:
    return Line(
        line_no=int(raw["line_no"]),
        description_zh=raw.get("description_zh") or "",
        description_en=raw.get("description_en") or "",
        hs_code=raw.get("hs_code") or "",
        national_code=raw.get("national_code") or "",
        declared_elements=raw.get("declared_elements") or "",
        quantity=_decimal(raw.get("quantity")),
        unit=raw.get("unit") or "",
        customs_unit=lookups.customs_unit_for_rec20.get(raw.get("unit") or "", ""),
        net_kg=_decimal(raw.get("net_kg")) or ZERO,
        gross_kg=_decimal(raw.get("gross_kg")) or ZERO,
        packages=int(raw.get("packages") or 0),
        package_type=raw.get("package_type") or "",
        unit_price=_decimal(raw.get("unit_price")),
        amount=_decimal(raw.get("amount")) or ZERO,
        origin_country=raw.get("origin_country") or "",
        marks=raw.get("marks") or "",
        un_number=raw.get("un_number") or "",
        ciq_code=raw.get("ciq_code") or "",
        first_qty=_decimal(raw.get("first_qty")),
        second_qty=_decimal(raw.get("second_qty")),
        domestic_region=raw.get("domestic_region") or "",
        admin_division=raw.get("admin_division") or "",
        duty_mode=raw.get("duty_mode") or "",
    )


def _containers(snapshot: dict[str, Any], by_no: dict[int, Line]) -> list[ContainerLoad]:
    """Each container with its stowed lines and their share of each line's mass."""
    stowed: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for stow in snapshot.get("stowage", []):
        stowed[stow["container"]].append((int(stow["line_no"]), int(stow["packages"])))
    containers = []
    stowed_before: dict[int, int] = defaultdict(int)  # line → packages in earlier containers
    for raw in snapshot.get("containers", []):
        loads = sorted(stowed.get(raw["number"], []))
        net = gross = ZERO
        stowed_lines = []
        for line_no, packages in loads:
            line = by_no.get(line_no)
            line_net = stowed_part(line.net_kg, line.packages, packages) if line else ZERO
            line_gross = stowed_part(line.gross_kg, line.packages, packages) if line else ZERO
            net += line_net
            gross += line_gross
            first = stowed_before[line_no] + 1
            stowed_before[line_no] += packages
            marks = stowed_marks(line.marks, line.packages, first, packages) if line else ""
            stowed_lines.append(
                StowedLine(line_no, packages, mass(line_net), mass(line_gross), marks)
            )
        containers.append(
            ContainerLoad(
                number=raw["number"],
                size_type=raw.get("size_type") or "",
                seals=list(raw.get("seals") or []),
                tare_kg=_decimal(raw.get("tare_kg")),
                lines=stowed_lines,
                packages=sum(packages for _, packages in loads),
                net_kg=mass(net),
                gross_kg=mass(gross),
            )
        )
    return containers


def _unplanned_fields(
    header: dict[str, Any], lookups: Lookups, origin: Place | None, destination: Place | None
) -> dict[str, Any]:
    """Without a planned route: the hand-entered crossings and the route kind's modes."""
    crossings = [
        place
        for place in (_place(code, lookups) for code in header.get("border_crossings") or [])
        if place is not None
    ]
    return {
        "crossings": crossings,
        "routing_countries": _routing(origin, crossings, destination),
        "transport_modes": MODES_OF_ROUTE_KIND.get(header.get("route_kind") or "", ()),
    }
