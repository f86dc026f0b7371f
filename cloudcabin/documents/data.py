"""From a frozen shipment snapshot to the facts every document is rendered from.

This is the one place that derives document figures (totals, per-container stowage,
routing countries, code mappings), so the invoice, the packing list, the declaration,
the consignment note and the ENS all show the same numbers by construction.
``build_pack_data`` is pure; ``Lookups`` carries the reference answers it needs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from cloudcabin.network.journey import (
    SEA_MODES,
    Journey,
    has_route,
    journey_of,
    once_per_stretch,
    routing_countries,
)
from cloudcabin.numbers import mass, money
from cloudcabin.reference.codes import CodeLists
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


@dataclass(frozen=True)
class Place:
    """A place as every document spells it: the network's name when the place is on the
    route (e.g. Xi'an, Łódź, with its Chinese name), the UN/LOCODE name otherwise."""

    locode: str
    name: str
    country: str
    name_zh: str = ""


@dataclass(frozen=True)
class BorderCrossing:
    """A border on the route; a station is None when the crossing lies inside a long leg."""

    from_country: str
    to_country: str
    exit: Place | None
    entry: Place | None
    by_sea: bool = False  # on a sea leg: the ship's border, not the rail note's


@dataclass(frozen=True)
class GaugeChange:
    place: Place
    from_gauge: int
    to_gauge: int


@dataclass(frozen=True)
class SeaLeg:
    """An ocean leg of the route (the ship's part, under a bill of lading)."""

    port_of_loading: Place
    port_of_discharge: Place
    # Whether each end is a port on the network (a route through an inland node to sea
    # is a data error the shipping instructions point out).
    loading_is_port: bool
    discharge_is_port: bool


@dataclass(frozen=True)
class RailPart:
    """What the rail consignment note covers on a route that also goes by sea."""

    start: Place
    end: Place
    crossings: list[Place]  # the border stations between start and end
    countries: list[str]  # the countries it runs through, in order


@dataclass(frozen=True)
class FilingLookups:
    """Reference answers for the China customs declaration (documents.declaration)."""

    # (table, UN/LOCODE) → the code serving that place (e.g. customs_district, CNAKL → 9404)
    codes_at: dict[tuple[str, str], str] = field(default_factory=dict)
    # UN/LOCODE → Chinese name of the place (network hubs)
    place_names_zh: dict[str, str] = field(default_factory=dict)
    # 8-digit tariff code → (legal first unit, legal second unit), 3-digit unit codes
    legal_units: dict[str, tuple[str, str]] = field(default_factory=dict)
    # 8-digit tariff code → the 10-digit codes the tables list under it
    ten_digit_codes: dict[str, list[str]] = field(default_factory=dict)
    # 10-digit code → [(CIQ code, name)]
    ciq_codes: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # China customs unit code → UN/ECE Rec. 20 code
    unit_rec20: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Lookups:
    places: dict[str, Place]  # UN/LOCODE → place
    country_alpha3: dict[str, str]  # alpha-2 → alpha-3
    country_names: dict[str, tuple[str, str]]  # alpha-2 → (English, Chinese)
    customs_unit_for_rec20: dict[str, str]  # Rec. 20 → China customs unit code
    customs_names: dict[tuple[str, str], str]  # (table, code) → Chinese name
    customs_unit_names: dict[str, str] = field(default_factory=dict)  # unit code → Chinese name
    # Rec. 20 → (Chinese, English) name of the customs unit that stands for it (H87 → 个).
    unit_names: dict[str, tuple[str, str]] = field(default_factory=dict)
    # What the China customs declaration needs from the Single Window tables.
    filing: FilingLookups = field(default_factory=FilingLookups)
    # EU members, RCEP parties, railway law, rail stations (reference.selectors.code_lists).
    code_lists: CodeLists = field(default_factory=CodeLists.empty)


@dataclass(frozen=True)
class Party:
    role: str
    name_local: str
    name_latin: str
    address_local: str
    address_latin: str
    city: str
    postcode: str
    country: str
    uscc: str
    eori: str
    vat_number: str
    tin: str
    customs_code: str
    contact: str

    @property
    def name(self) -> str:
        """The Latin name, with the local one beside it when there is one."""
        if self.name_local and self.name_local != self.name_latin:
            return f"{self.name_latin} / {self.name_local}"
        return self.name_latin


@dataclass(frozen=True)
class Line:
    line_no: int
    description_zh: str
    description_en: str
    hs_code: str
    national_code: str
    declared_elements: str
    quantity: Decimal | None
    unit: str
    customs_unit: str
    net_kg: Decimal
    gross_kg: Decimal
    packages: int
    package_type: str
    unit_price: Decimal | None
    amount: Decimal
    origin_country: str
    marks: str
    un_number: str
    # Declaration fields as entered (blank/None: derived by documents.declaration)
    ciq_code: str = ""
    first_qty: Decimal | None = None
    second_qty: Decimal | None = None
    domestic_region: str = ""
    admin_division: str = ""
    duty_mode: str = ""


@dataclass(frozen=True)
class StowedLine:
    """``packages`` of goods line ``line_no`` in one container, with their share of its mass."""

    line_no: int
    packages: int
    net_kg: Decimal
    gross_kg: Decimal
    # This container's part of the line's marks (shipments.stowage.stowed_marks).
    marks: str = ""


@dataclass(frozen=True)
class ContainerLoad:
    number: str
    size_type: str
    seals: list[str]
    tare_kg: Decimal | None
    lines: list[StowedLine]  # by line number
    packages: int
    net_kg: Decimal
    gross_kg: Decimal


@dataclass(frozen=True)
class BookedDeparture:
    """The first confirmed booking's departure (``documents.selectors.booked_departure``)."""

    departs_at: datetime  # aware
    local_date: date  # the departure's date in its station's time zone
    train: str  # the service's code and name
    transit_days: int  # the timetable's transit time, origin station to destination


@dataclass(frozen=True)
class PackData:
    revision: int
    organization: dict[str, Any]
    header: dict[str, Any]
    parties: dict[str, Party | None]
    lines: list[Line]
    containers: list[ContainerLoad]
    origin: Place | None
    destination: Place | None
    loading: Place | None
    crossings: list[Place]
    routing_countries: list[str]
    total_packages: int
    total_net_kg: Decimal
    total_gross_kg: Decimal
    total_amount: Decimal
    currency: str
    lookups: Lookups = field(repr=False)
    # Origin criteria and bills of materials per line (documents.origin.services).
    origin_data: dict[str, Any] = field(default_factory=dict)
    # The journey, derived from the shipment's planned route (network.journey). Without
    # a planned route only ``crossings`` (the hand-entered override) and the countries
    # of origin, crossings and destination are known; the rest stays empty.
    has_route: bool = False
    route_stops: list[Place] = field(default_factory=list)
    border_crossings: list[BorderCrossing] = field(default_factory=list)
    gauge_changes: list[GaugeChange] = field(default_factory=list)
    # The first crossing from outside into the EU: its country, and its entry station
    # when the route names one (Małaszewicze for Brest → Małaszewicze).
    first_eu_entry_country: str = ""
    first_eu_entry: Place | None = None
    # Where an export leaves China (an import enters it): a border station of the route.
    china_exit: Place | None = None
    china_entry: Place | None = None
    # The first confirmed booking's departure; None until the shipment has one.
    departure: BookedDeparture | None = None
    # How the goods travel, each way once in the order first used ("rail", "sea",
    # "road"): from the legs, or from the route kind without a planned route.
    transport_modes: tuple[str, ...] = ()
    # The ocean legs, and the rail part a route with one leaves to the rail note (None:
    # no sea leg, the rail note covers the whole route).
    sea_legs: list[SeaLeg] = field(default_factory=list)
    rail_part: RailPart | None = None
    # Whether the first crossing into the EU is on a sea leg (the maritime ENS).
    first_eu_entry_by_sea: bool = False

    def containers_of_lines(self) -> dict[int, list[str]]:
        """Each goods line's container numbers, in the order the containers were entered."""
        held: dict[int, list[str]] = {}
        for load in self.containers:
            for stowed in load.lines:
                held.setdefault(stowed.line_no, []).append(load.number)
        return held

    @property
    def rail_crossings(self) -> list[Place]:
        """The border stations the rail consignment note names."""
        return self.rail_part.crossings if self.rail_part else self.crossings

    @property
    def port_of_loading(self) -> Place | None:
        return self.sea_legs[0].port_of_loading if self.sea_legs else None

    @property
    def port_of_discharge(self) -> Place | None:
        return self.sea_legs[-1].port_of_discharge if self.sea_legs else None


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
    lines = [
        Line(
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
        for raw in snapshot["lines"]
    ]
    by_no = {line.line_no: line for line in lines}
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
    route = header.get("route_option") or {}
    journey = journey_of(route) if has_route(route) else None
    stops = {
        stop.locode: Place(stop.locode, stop.name, stop.country, stop.name_zh)
        for stop in (journey.stops if journey else [])
    }
    origin = _place(header.get("origin_locode") or "", lookups, stops)
    destination = _place(header.get("destination_locode") or "", lookups, stops)
    crossings = [
        place
        for place in (_place(code, lookups) for code in header.get("border_crossings") or [])
        if place is not None
    ]
    journey_fields: dict[str, Any] = (
        _journey_fields(
            journey,
            stops,
            origin,
            destination,
            lookups.code_lists.eu_members_on(timezone.localdate()),
        )
        if journey
        else {
            "crossings": crossings,
            "routing_countries": _routing(origin, crossings, destination),
            "transport_modes": MODES_OF_ROUTE_KIND.get(header.get("route_kind") or "", ()),
        }
    )
    return PackData(
        revision=int(header["revision"]),
        organization=snapshot["organization"],
        header=header,
        parties={role: _party(role, raw) for role, raw in snapshot["parties"].items()},
        lines=lines,
        containers=containers,
        origin=origin,
        destination=destination,
        loading=_place(header.get("loading_locode") or "", lookups, stops),
        total_packages=sum(line.packages for line in lines),
        total_net_kg=mass(sum((line.net_kg for line in lines), ZERO)),
        total_gross_kg=mass(sum((line.gross_kg for line in lines), ZERO)),
        total_amount=money(sum((line.amount for line in lines), ZERO)),
        currency=header.get("currency") or "",
        lookups=lookups,
        **journey_fields,
    )
