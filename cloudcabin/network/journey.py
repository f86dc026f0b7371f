"""What a planned route says about the journey, derived from its nodes and legs only.

A shipment's route is one record: the route option as the planner built it (the JSON of
``presenters.option_to_dict``). Countries of routing, border crossings with their exit
and entry stations, gauge changes, the China exit (or entry) and the first EU entry are
read here from the ordered ``nodes`` and ``legs``, never from the option's own summary
lists, so a stored route cannot disagree with itself. Pure: no ORM, no Django.

A sea leg (mode ``sea``) is ocean carriage under a bill of lading: on a route that has
one, the rail consignment note covers only the rail part (``Journey.rail_part``) and the
sea legs go to the ocean carrier. Ferry legs stay part of the rail journey: CIM and SMGS
cover the ferry lines of the rail corridors (Caspian, Black Sea) under the rail note.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from typing import Any

from cloudcabin.network.planner.options import BORDER_LINK_MAX_KM, WATER_MODES
from cloudcabin.network.planner.types import GAUGE_OF_MODE
from cloudcabin.numbers import to_whole

# Ocean legs, carried under a bill of lading; ferries are not among them (see above).
SEA_MODES = frozenset({"sea"})
ONE = Decimal(1)
# Node kinds where a ship loads or discharges containers.
PORT_KINDS = frozenset({"seaport", "caspian_port"})


def is_rail(mode: str) -> bool:
    return mode.startswith("rail")


@dataclass(frozen=True)
class Stop:
    locode: str
    name: str
    name_zh: str
    country: str
    kind: str = ""  # the network's node kind: seaport, inland_hub, border_crossing …

    @property
    def is_port(self) -> bool:
        return self.kind in PORT_KINDS


@dataclass(frozen=True)
class Crossing:
    """A border on the route; ``exit``/``entry`` are None when it lies inside a long leg."""

    from_country: str
    to_country: str
    exit: Stop | None
    entry: Stop | None
    mode: str = ""  # the mode of the leg the border lies on


@dataclass(frozen=True)
class Leg:
    origin: Stop
    destination: Stop
    mode: str
    crossings: tuple[Crossing, ...] = ()  # the borders on this leg, in order


def _border_stations(crossings: Iterable[Crossing]) -> list[Stop]:
    """The stations at these borders, in route order, each once."""
    found: dict[str, Stop] = {}
    for crossing in crossings:
        for stop in (crossing.exit, crossing.entry):
            if stop is not None:
                found.setdefault(stop.locode, stop)
    return list(found.values())


@dataclass(frozen=True)
class RailPart:
    """The stretch a rail consignment note covers on a route that also goes by sea."""

    start: Stop
    end: Stop
    legs: list[Leg]

    @property
    def border_stations(self) -> list[Stop]:
        return _border_stations(c for leg in self.legs for c in leg.crossings)

    @property
    def countries(self) -> list[str]:
        """The countries it runs through, in order."""
        ordered = [self.start.country]
        for leg in self.legs:
            ordered += [c.to_country for c in leg.crossings if c.to_country != ordered[-1]]
        return ordered


@dataclass(frozen=True)
class GaugeChange:
    at: Stop
    from_gauge: int
    to_gauge: int


@dataclass(frozen=True)
class Journey:
    stops: list[Stop]
    countries: list[str]
    crossings: list[Crossing]
    gauge_changes: list[GaugeChange]
    legs: list[Leg]

    @property
    def sea_legs(self) -> list[Leg]:
        """The ocean legs, in route order."""
        return [leg for leg in self.legs if leg.mode in SEA_MODES]

    @property
    def rail_part(self) -> RailPart | None:
        """The stretch the rail consignment note covers on a route by sea.

        The first run of legs between sea legs that goes by rail, from its first rail
        station to its last: Chongqing → Qinzhou on Chongqing → Qinzhou → (sea) Singapore,
        Qinzhou → Chongqing the other way. None on a route without a sea leg (the rail
        note covers the whole route) or without rail.
        """
        if not self.sea_legs:
            return None
        runs: list[list[Leg]] = [[]]
        for leg in self.legs:
            if leg.mode in SEA_MODES:
                runs.append([])
            else:
                runs[-1].append(leg)
        for run in runs:
            rail = [index for index, leg in enumerate(run) if is_rail(leg.mode)]
            if rail:
                legs = run[rail[0] : rail[-1] + 1]
                return RailPart(legs[0].origin, legs[-1].destination, legs)
        return None

    @property
    def modes(self) -> tuple[str, ...]:
        """How the goods travel, in the order each way is first used: rail, sea, road.

        A ferry counts as sea here: this is what a person reads (the means of transport
        on a certificate), not which document covers the leg.
        """
        ordered: list[str] = []
        for leg in self.legs:
            way = "rail" if is_rail(leg.mode) else "sea" if leg.mode in WATER_MODES else "road"
            if way not in ordered:
                ordered.append(way)
        return tuple(ordered)

    @property
    def border_stations(self) -> list[Stop]:
        """The stations at the borders, in route order, each once."""
        return _border_stations(self.crossings)

    @property
    def china_exit(self) -> Stop | None:
        """Where the goods leave China: the exit station of the last crossing out of CN."""
        leaving = [c for c in self.crossings if c.from_country == "CN"]
        return leaving[-1].exit if leaving else None

    @property
    def china_entry(self) -> Stop | None:
        """Where the goods enter China: the entry station of the first crossing into CN."""
        entering = [c for c in self.crossings if c.to_country == "CN"]
        return entering[0].entry if entering else None

    def first_eu_entry(self, eu_members: frozenset[str]) -> Crossing | None:
        """The first crossing from a non-EU country into the EU (the ENS's first entry);
        ``eu_members`` is the reference list (``reference.selectors.eu_member_states``)."""
        for crossing in self.crossings:
            if crossing.to_country in eu_members and crossing.from_country not in eu_members:
                return crossing
        return None


def once_per_stretch(countries: Iterable[str]) -> list[str]:
    """Countries in order, each once per stretch (empty codes dropped)."""
    ordered: list[str] = []
    for country in countries:
        if country and (not ordered or ordered[-1] != country):
            ordered.append(country)
    return ordered


def routing_countries(journey: Journey, origin: str = "", destination: str = "") -> list[str]:
    """The countries the goods cross, in order: the origin's country, the countries of the
    planned route's legs, the destination's. The one list the ENS, the rail note and the
    goods rules read; never built from the typed border crossings alone."""
    return once_per_stretch([origin, *journey.countries, destination])


def has_route(route: dict[str, Any] | None) -> bool:
    return bool(route and route.get("nodes") and route.get("legs"))


def _decimal(value: Any) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return Decimal(0)


def share_of_planned_days(route: dict[str, Any], locode: str) -> Decimal | None:
    """The share of the route's planned days spent before the goods reach ``locode``.

    Each leg counts its mean transit time ((min + max) / 2) plus its dwell; None when
    ``locode`` is not where a leg ends or the legs carry no times.
    """
    elapsed, reached = Decimal(0), None
    for leg in route.get("legs") or []:
        days = (_decimal(leg.get("days_min")) + _decimal(leg.get("days_max"))) / 2
        elapsed += days + _decimal(leg.get("dwell_days"))
        if leg["destination"] == locode and reached is None:
            reached = elapsed
    if reached is None or elapsed <= 0:
        return None
    return reached / elapsed


def planned_arrival(departs_at: datetime, transit_days: int, share: Decimal = ONE) -> datetime:
    """When the train reaches a point ``share`` of the way, by its timetable.

    The timetable's transit days from the departure, in whole hours; ``share`` (from
    ``share_of_planned_days``) places a stop along the route, 1 is the destination. The
    booking page's expected arrival and the ENS's EU-entry estimate both come from here.
    """
    hours = to_whole(Decimal(transit_days) * 24 * share)
    return departs_at + timedelta(hours=int(hours))


def journey_of(route: dict[str, Any]) -> Journey:
    """The journey facts of a stored route option (see the module docstring)."""
    stops = {
        raw["locode"]: Stop(
            locode=raw["locode"],
            name=raw.get("name") or raw["locode"],
            name_zh=raw.get("name_zh") or "",
            country=raw.get("country") or raw["locode"][:2],
            kind=raw.get("kind") or "",
        )
        for raw in route.get("nodes") or []
    }

    def stop(locode: str) -> Stop:
        return stops.get(locode) or Stop(locode, locode, "", locode[:2])

    legs = route.get("legs") or []
    countries: list[str] = []
    journey_legs: list[Leg] = []
    for leg in legs:
        origin, destination = stop(leg["origin"]), stop(leg["destination"])
        crossed = [str(c) for c in leg.get("countries") or []] or [
            origin.country,
            destination.country,
        ]
        for country in crossed:
            if not countries or countries[-1] != country:
                countries.append(country)
        # The planner's rule: a crossing has stations only on a short border link or
        # a crossing by water (Dostyk-Brest crosses KZ→RU→BY with no station named).
        placed = len(crossed) == 2 and (
            _decimal(leg.get("distance_km")) <= BORDER_LINK_MAX_KM or leg["mode"] in WATER_MODES
        )
        crossings = tuple(
            Crossing(
                from_country=before,
                to_country=after,
                exit=origin if placed and origin.country == before else None,
                entry=destination if placed and destination.country == after else None,
                mode=leg["mode"],
            )
            for before, after in pairwise(crossed)
            if before != after
        )
        journey_legs.append(Leg(origin, destination, leg["mode"], crossings))
    changes = []
    for before, after in pairwise(legs):
        old, new = GAUGE_OF_MODE.get(before["mode"]), GAUGE_OF_MODE.get(after["mode"])
        if old is not None and new is not None and old != new:
            changes.append(GaugeChange(stop(after["origin"]), old, new))
    ordered = [stop(raw["locode"]) for raw in route.get("nodes") or []]
    return Journey(
        stops=ordered,
        countries=countries,
        crossings=[crossing for leg in journey_legs for crossing in leg.crossings],
        gauge_changes=changes,
        legs=journey_legs,
    )
