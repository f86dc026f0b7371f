"""A planned route read as the milestones a train passes, and the network's ranges between.

The journey's milestones (the spine): departure from the origin, arrival at the China exit
border, departure from the station beyond it (after the gauge change), arrival at the EU
entry border, departure from it, arrival at the destination. A route without a China exit
or an EU entry with a named station (an import, a route by sea) has fewer of them.

Each milestone is a position along the route's legs and dwells: arriving at the i-th node
comes after its leg, departing from it after its dwell. A segment's network range is the
sum of the legs' ``days_min``…``days_max`` and of the dwells between its two milestones.
The network gives a dwell as one typical figure, not a range: a dwell of d days counts
as d/2 … 2d (border dwell is heavy-tailed, research §2.3: Małaszewicze "usual wait 2–3
days, often 5, sometimes weeks"). Pure: no ORM.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cached_property
from itertools import pairwise
from typing import Any

from cloudcabin.network.journey import journey_of

DEPARTED_ORIGIN = "departed_origin"
ARRIVED_EXIT_BORDER = "arrived_exit_border"
DEPARTED_EXIT_BORDER = "departed_exit_border"
ARRIVED_EU_ENTRY = "arrived_eu_entry"
DEPARTED_EU_ENTRY = "departed_eu_entry"
ARRIVED_DESTINATION = "arrived_destination"
SPINE = (
    DEPARTED_ORIGIN,
    ARRIVED_EXIT_BORDER,
    DEPARTED_EXIT_BORDER,
    ARRIVED_EU_ENTRY,
    DEPARTED_EU_ENTRY,
    ARRIVED_DESTINATION,
)
BORDER_ARRIVALS = frozenset({ARRIVED_EXIT_BORDER, ARRIVED_EU_ENTRY})


@dataclass(frozen=True)
class Point:
    milestone: str
    locode: str
    position: int  # legs and dwells passed: 2i - 1 on arrival at node i, 2i on departure


@dataclass(frozen=True)
class Segment:
    start: str  # milestone keys
    end: str
    low: float  # the network's range, days
    high: float

    @property
    def key(self) -> tuple[str, str]:
        return (self.start, self.end)


@dataclass(frozen=True)
class RoutePlan:
    points: tuple[Point, ...]
    segments: tuple[Segment, ...]  # between consecutive points

    @cached_property
    def _hash(self) -> int:
        return hash((self.points, self.segments))

    def __hash__(self) -> int:
        # A plan keys the per-batch caches: hash its points and segments once.
        return self._hash

    def point(self, milestone: str) -> Point | None:
        return next((p for p in self.points if p.milestone == milestone), None)


def _days(value: Any) -> float:
    try:
        return float(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return 0.0


def route_plan(route: dict[str, Any] | None, eu_members: frozenset[str]) -> RoutePlan | None:
    """The spine and its segments on a stored route option; None without legs.
    ``eu_members``: the reference list (``reference.selectors.eu_member_states``)."""
    legs = (route or {}).get("legs") or []
    if not route or not legs:
        return None
    nodes = [legs[0]["origin"]] + [leg["destination"] for leg in legs]
    ranges: list[tuple[float, float]] = []
    for leg in legs:
        ranges.append((_days(leg.get("days_min")), _days(leg.get("days_max"))))
        dwell = _days(leg.get("dwell_days"))
        ranges.append((dwell / 2, dwell * 2))

    def arrival(locode: str) -> int | None:
        return 2 * nodes.index(locode) - 1 if locode in nodes[1:] else None

    journey = journey_of(route)
    points = [Point(DEPARTED_ORIGIN, nodes[0], 0)]
    leaving = [c for c in journey.crossings if c.from_country == "CN" and c.exit is not None]
    if leaving:
        crossing = leaving[-1]
        assert crossing.exit is not None
        beyond = crossing.entry or crossing.exit
        at, after = arrival(crossing.exit.locode), arrival(beyond.locode)
        if at is not None and after is not None:
            points.append(Point(ARRIVED_EXIT_BORDER, crossing.exit.locode, at))
            points.append(Point(DEPARTED_EXIT_BORDER, beyond.locode, after + 1))
    entering = journey.first_eu_entry(eu_members)
    station = (entering.entry or entering.exit) if entering is not None else None
    if station is not None:
        at = arrival(station.locode)
        if at is not None:
            points.append(Point(ARRIVED_EU_ENTRY, station.locode, at))
            points.append(Point(DEPARTED_EU_ENTRY, station.locode, at + 1))
    destination = Point(ARRIVED_DESTINATION, nodes[-1], 2 * len(legs) - 1)
    # Keep the points in route order, each strictly after the one before and before the
    # destination (a border station that is the destination is the destination).
    ordered: list[Point] = []
    for point in sorted(points, key=lambda p: (p.position, SPINE.index(p.milestone))):
        if point.position < destination.position and (
            not ordered or point.position > ordered[-1].position
        ):
            ordered.append(point)
    ordered.append(destination)
    segments = tuple(
        Segment(
            start=a.milestone,
            end=b.milestone,
            low=sum(low for low, _ in ranges[a.position : b.position]),
            high=sum(high for _, high in ranges[a.position : b.position]),
        )
        for a, b in pairwise(ordered)
    )
    return RoutePlan(points=tuple(ordered), segments=segments)
