"""A container's timeline: every milestone of its route in order, each with its planned,
estimated and actual time.

Pure: built from the events, the milestone table and what the route says (``RouteFacts``),
with no query. The selector (``tracking.selectors.timeline_of``) gathers those and the
pages render the result with ``tracking/_timeline.html``.

- A milestone is on the timeline when the route has it (no EU-entry rows on a route that
  does not enter the EU, no border rows on a domestic one) or when an event reached it.
- Per milestone and classifier the latest recorded event that is not retracted counts;
  a planned time from the timetable stands in while no PLN event was recorded.
- Times are shown in the zone of the event's place, else of the milestone's planned
  place, where that zone is known (``cloudcabin.zones``); in UTC otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol

from cloudcabin.bookings.models import station_time
from cloudcabin.network.journey import (
    has_route,
    journey_of,
    planned_arrival,
    share_of_planned_days,
)
from cloudcabin.zones import zone_label, zone_of_place

UTC_ZONE = "UTC"
ACT, EST, PLN = "ACT", "EST", "PLN"

# Milestones that only a route with that feature has; any other milestone is on every route.
EXIT_BORDER = ("arrived_exit_border", "departed_exit_border")
EU_ENTRY = ("arrived_eu_entry", "departed_eu_entry")
CROSSING = ("crossed_border",)
GAUGE_CHANGE = ("transshipped",)
# Where a milestone happens when no event says: the origin terminal, the destination
# terminal, or a border station of the route.
AT_ORIGIN = (
    "export_customs_released",
    "gate_in_origin",
    "loaded",
    "departed_origin",
)
AT_DESTINATION = (
    "arrived_destination",
    "discharged",
    "import_customs_released",
    "available_for_pickup",
    "gated_out",
)


class MilestoneLike(Protocol):
    key: str
    sequence: int
    public: bool

    @property
    def name(self) -> str: ...


class EventLike(Protocol):
    """What the timeline reads of a ``TrackingEvent``."""

    container_id: int | None
    milestone_id: str
    classifier: str
    event_time: datetime
    locode: str
    created_at: datetime
    retracted_at: datetime | None
    retraction_reason: str


@dataclass(frozen=True)
class RouteFacts:
    """What the route says: which milestones it has, where they happen, when planned.

    ``skipped`` are the milestone keys this route does not have; ``places`` the planned
    UN/LOCODE per milestone key; ``zones`` the IANA zone per UN/LOCODE where known;
    ``planned`` the timetable's time per milestone key; ``names`` the places' names in
    the reader's language (a place without one is shown by its code).
    """

    skipped: frozenset[str] = frozenset()
    places: Mapping[str, str] = field(default_factory=dict)
    zones: Mapping[str, str] = field(default_factory=dict)
    planned: Mapping[str, datetime] = field(default_factory=dict)
    names: Mapping[str, str] = field(default_factory=dict)

    def name_of(self, locode: str) -> str:
        return self.names.get(locode, locode)

    def zone_of(self, locode: str) -> str:
        return (self.zones.get(locode) or zone_of_place(locode)) if locode else ""


@dataclass(frozen=True)
class Stamp:
    """One time on a row, in its place's zone (flagged so templates print it as is)."""

    local: datetime
    zone: str
    locode: str = ""
    from_timetable: bool = False

    @property
    def zone_label(self) -> str:
        return zone_label(self.zone, self.local)


@dataclass(frozen=True)
class Withdrawn:
    """A retracted event, for the owner's view: what it said and why it was withdrawn."""

    classifier: str
    local: datetime
    zone: str
    reason: str


@dataclass(frozen=True)
class Row:
    key: str
    name: str
    place: str  # the UN/LOCODE where it happened, else where it is planned; "" if neither
    place_name: str = ""
    planned: Stamp | None = None
    estimated: Stamp | None = None
    actual: Stamp | None = None
    withdrawn: tuple[Withdrawn, ...] = ()
    is_current: bool = False

    @property
    def reached(self) -> bool:
        return self.actual is not None

    @property
    def times(self) -> tuple[tuple[str, Stamp | None], ...]:
        """The row's times in the columns' order: planned, estimated, actual."""
        return ((PLN, self.planned), (EST, self.estimated), (ACT, self.actual))


@dataclass(frozen=True)
class ContainerTimeline:
    container_id: int | None
    number: str  # "" for a booking whose shipment has no container numbers
    rows: list[Row]
    last_update: datetime | None  # when the latest counted event was recorded
    position_name: str = ""  # the name of ``position``

    @property
    def current(self) -> Row | None:
        """The row of the latest actual event: where the container is now."""
        return next((row for row in self.rows if row.is_current), None)

    @property
    def position(self) -> str:
        """The UN/LOCODE of the latest actual event, else that milestone's planned place."""
        current = self.current
        return current.place if current is not None else ""


def route_facts(
    route: Mapping[str, Any] | None,
    *,
    origin: str,
    destination: str,
    origin_zone: str = "",
    departs_at: datetime | None = None,
    transit_days: int | None = None,
    eu_members: frozenset[str],
) -> RouteFacts:
    """The facts of a planned route (``Shipment.route_option``), or, without one, of the
    departure's service from ``origin`` to ``destination``.

    The timetable plans the departure (``departs_at``) and the arrival (``transit_days``
    later); border times are placed along the way by the route's planned leg days.
    ``eu_members``: the reference list (``reference.selectors.eu_member_states``).
    """
    zones = {origin: origin_zone} if origin and origin_zone else {}
    places: dict[str, str] = {key: origin for key in AT_ORIGIN if origin}
    places |= {key: destination for key in AT_DESTINATION if destination}
    skipped: set[str] = set()
    if route is not None and has_route(dict(route)):
        journey = journey_of(dict(route))
        exit_crossing = next((c for c in journey.crossings if c.from_country == "CN"), None)
        eu_entry = journey.first_eu_entry(eu_members)
        if exit_crossing is None:
            skipped.update(EXIT_BORDER)
        else:
            places["arrived_exit_border"] = exit_crossing.exit.locode if exit_crossing.exit else ""
            places["departed_exit_border"] = (
                exit_crossing.entry.locode if exit_crossing.entry else ""
            )
        if eu_entry is None:
            skipped.update(EU_ENTRY)
        elif eu_entry.entry is not None:
            places |= dict.fromkeys(EU_ENTRY, eu_entry.entry.locode)
        if not journey.crossings:
            skipped.update(CROSSING)
        if not journey.gauge_changes:
            skipped.update(GAUGE_CHANGE)
    else:
        leaves_china = origin[:2] == "CN" and destination[:2] not in ("", "CN")
        enters_eu = destination[:2] in eu_members and origin[:2] not in eu_members
        if not leaves_china:
            skipped.update(EXIT_BORDER)
        if not enters_eu:
            skipped.update(EU_ENTRY)
        if origin[:2] == destination[:2]:
            skipped.update(CROSSING + GAUGE_CHANGE)
    planned: dict[str, datetime] = {}
    if departs_at is not None:
        planned["departed_origin"] = departs_at
        if transit_days:
            planned["arrived_destination"] = planned_arrival(departs_at, transit_days)
            for key in ("arrived_exit_border", "arrived_eu_entry"):
                share = (
                    share_of_planned_days(dict(route), places[key])
                    if route and places.get(key)
                    else None
                )
                if share is not None and key not in skipped:
                    planned[key] = planned_arrival(departs_at, transit_days, Decimal(share))
    return RouteFacts(
        skipped=frozenset(skipped),
        places={key: locode for key, locode in places.items() if locode},
        zones=zones,
        planned=planned,
    )


def build_timelines(
    containers: Sequence[tuple[int | None, str]],
    events: Iterable[EventLike],
    milestones: Sequence[MilestoneLike],
    facts: RouteFacts,
    *,
    public_only: bool = False,
    with_retracted: bool = False,
) -> list[ContainerTimeline]:
    """One timeline per container (``(id, number)`` pairs, in the order given).

    ``events`` may include retracted ones: they never count, and with ``with_retracted``
    they are listed on their row with the reason. ``public_only`` keeps the milestones
    marked public (the consignee's link) and drops the rest.
    """
    by_container: dict[int | None, list[EventLike]] = {}
    for event in events:
        by_container.setdefault(event.container_id, []).append(event)
    if not containers and None in by_container:
        containers = [(None, "")]
    shown = [m for m in milestones if not public_only or m.public]
    return [
        _timeline(cid, number, by_container.get(cid, []), shown, facts, with_retracted)
        for cid, number in containers
    ]


def _timeline(
    container_id: int | None,
    number: str,
    events: list[EventLike],
    milestones: Sequence[MilestoneLike],
    facts: RouteFacts,
    with_retracted: bool,
) -> ContainerTimeline:
    latest: dict[tuple[str, str], EventLike] = {}
    withdrawn: dict[str, list[Withdrawn]] = {}
    last_update: datetime | None = None
    for event in sorted(events, key=lambda e: (e.created_at, e.event_time)):
        if event.retracted_at is not None:
            if with_retracted:
                zone = facts.zone_of(event.locode) or UTC_ZONE
                withdrawn.setdefault(event.milestone_id, []).append(
                    Withdrawn(
                        event.classifier,
                        station_time(event.event_time, zone),
                        zone,
                        event.retraction_reason,
                    )
                )
            continue
        latest[(event.milestone_id, event.classifier)] = event
        last_update = (
            event.created_at if last_update is None else max(last_update, event.created_at)
        )
    reached = {key for key, classifier in latest if classifier == ACT}
    current_key = _current_key(latest, milestones)
    rows = []
    for milestone in milestones:
        key = milestone.key
        if key in facts.skipped and not any((key, c) in latest for c in (ACT, EST, PLN)):
            continue
        place = facts.places.get(key, "")
        actual = _stamp(latest.get((key, ACT)), place, facts)
        planned = _stamp(latest.get((key, PLN)), place, facts)
        if planned is None and key in facts.planned:
            zone = facts.zone_of(place) or UTC_ZONE
            planned = Stamp(station_time(facts.planned[key], zone), zone, place, True)
        shown_place = actual.locode if actual is not None else place
        rows.append(
            Row(
                key=key,
                name=milestone.name,
                place=shown_place,
                place_name=facts.name_of(shown_place) if shown_place else "",
                planned=planned,
                # An estimate of a milestone already reached says nothing any more.
                estimated=None if key in reached else _stamp(latest.get((key, EST)), place, facts),
                actual=actual,
                withdrawn=tuple(withdrawn.get(key, ())),
                is_current=key == current_key,
            )
        )
    position = next((row.place for row in rows if row.is_current), "")
    return ContainerTimeline(
        container_id, number, rows, last_update, facts.name_of(position) if position else ""
    )


def _current_key(
    latest: Mapping[tuple[str, str], EventLike], milestones: Sequence[MilestoneLike]
) -> str:
    """The milestone of the latest actual event; of two at one time, the later on the route."""
    order = {m.key: m.sequence for m in milestones}
    actual = [event for (key, c), event in latest.items() if c == ACT and key in order]
    if not actual:
        return ""
    last = max(actual, key=lambda e: (e.event_time, order[e.milestone_id]))
    return last.milestone_id


def _stamp(event: EventLike | None, place: str, facts: RouteFacts) -> Stamp | None:
    if event is None:
        return None
    locode = event.locode or place
    zone = facts.zone_of(locode) or UTC_ZONE
    return Stamp(station_time(event.event_time, zone), zone, locode)


@dataclass(frozen=True)
class AlikeGroup:
    """Containers whose timelines are the same (boxes of one train usually are): shown once."""

    numbers: list[str]
    timeline: ContainerTimeline
    last_update: datetime | None


def group_alike(timelines: Sequence[ContainerTimeline]) -> list[AlikeGroup]:
    """The timelines grouped by what they show, in the order of each group's first box."""
    groups: dict[tuple[Any, ...], list[ContainerTimeline]] = {}
    for timeline in timelines:
        shown = tuple(
            (row.key, row.place, row.planned, row.estimated, row.actual, row.withdrawn)
            for row in timeline.rows
        )
        groups.setdefault(shown, []).append(timeline)
    found = []
    for alike in groups.values():
        updates = [t.last_update for t in alike if t.last_update is not None]
        found.append(
            AlikeGroup([t.number for t in alike], alike[0], max(updates) if updates else None)
        )
    return found
