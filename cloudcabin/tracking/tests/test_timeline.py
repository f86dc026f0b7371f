"""Building a container's timeline from events, milestones and route facts: pure, no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cloudcabin.tracking.milestones import seed_rows
from cloudcabin.tracking.timeline import RouteFacts, build_timelines, group_alike, route_facts

T0 = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
# The member states these routes cross (the real list is reference data: EuMemberState).
EU = frozenset({"PL", "DE"})


@dataclass
class M:
    key: str
    sequence: int
    public: bool
    name: str


@dataclass
class E:
    milestone_id: str
    classifier: str
    event_time: datetime
    locode: str = ""
    container_id: int | None = 1
    created_at: datetime = T0
    retracted_at: datetime | None = None
    retraction_reason: str = ""


MILESTONES = [M(r["key"], r["sequence"], r["public"], r["name_en"]) for r in seed_rows()]
BOX = [(1, "CSQU3054383")]


def node(locode: str, country: str, kind: str = "inland_hub") -> dict[str, str]:
    return {"locode": locode, "name": locode, "country": country, "kind": kind}


def leg(origin: str, destination: str, mode: str, countries: list[str], km: int, days: int):
    return {
        "origin": origin,
        "destination": destination,
        "mode": mode,
        "countries": countries,
        "distance_km": str(km),
        "days_min": str(days),
        "days_max": str(days),
        "dwell_days": "0",
    }


# Xi'an → Alashankou → Dostyk → Brest → Małaszewicze → Duisburg: China exit, two gauge
# changes, EU entry at Małaszewicze.
TO_DUISBURG = {
    "nodes": [
        node("CNXIA", "CN"),
        node("CNAKL", "CN", "border_crossing"),
        node("KZDOS", "KZ", "transshipment"),
        node("BYBQT", "BY", "border_crossing"),
        node("PLMAA", "PL", "transshipment"),
        node("DEDUI", "DE"),
    ],
    "legs": [
        leg("CNXIA", "CNAKL", "rail_1435", ["CN"], 2900, 3),
        leg("CNAKL", "KZDOS", "rail_1520", ["CN", "KZ"], 12, 1),
        leg("KZDOS", "BYBQT", "rail_1520", ["KZ", "RU", "BY"], 5000, 6),
        leg("BYBQT", "PLMAA", "rail_1435", ["BY", "PL"], 10, 1),
        leg("PLMAA", "DEDUI", "rail_1435", ["PL", "DE"], 1100, 3),
    ],
}
# Xi'an → Alashankou → Dostyk → Almaty: leaves China, never enters the EU.
TO_ALMATY = {
    "nodes": [
        node("CNXIA", "CN"),
        node("CNAKL", "CN", "border_crossing"),
        node("KZDOS", "KZ", "transshipment"),
        node("KZALA", "KZ"),
    ],
    "legs": [
        leg("CNXIA", "CNAKL", "rail_1435", ["CN"], 2900, 3),
        leg("CNAKL", "KZDOS", "rail_1520", ["CN", "KZ"], 12, 1),
        leg("KZDOS", "KZALA", "rail_1520", ["KZ"], 800, 2),
    ],
}


def keys(rows) -> list[str]:
    return [row.key for row in rows]


NO_ROUTE = RouteFacts()


def only(events, facts=NO_ROUTE, **options):
    [timeline] = build_timelines(BOX, events, MILESTONES, facts, **options)
    return timeline


def test_every_milestone_of_the_route_is_a_row_in_the_table_s_order():
    facts = route_facts(TO_DUISBURG, origin="CNXIA", destination="DEDUI", eu_members=EU)

    rows = only([], facts).rows

    assert keys(rows) == [m.key for m in sorted(MILESTONES, key=lambda m: m.sequence)]
    assert facts.places["arrived_exit_border"] == "CNAKL"
    assert facts.places["arrived_eu_entry"] == "PLMAA"


def test_a_route_that_never_enters_the_eu_has_no_eu_entry_rows():
    rows = only([], route_facts(TO_ALMATY, origin="CNXIA", destination="KZALA", eu_members=EU)).rows

    assert "arrived_eu_entry" not in keys(rows) and "departed_eu_entry" not in keys(rows)
    assert "arrived_exit_border" in keys(rows) and "transshipped" in keys(rows)


def test_without_a_planned_route_the_departure_s_ends_decide_the_border_rows():
    domestic = only([], route_facts(None, origin="CNXIA", destination="CNURM", eu_members=EU)).rows
    eastbound = only([], route_facts(None, origin="DEDUI", destination="CNXIA", eu_members=EU)).rows

    assert not {"arrived_exit_border", "crossed_border", "arrived_eu_entry"} & set(keys(domestic))
    assert "crossed_border" in keys(eastbound)
    assert not {"arrived_exit_border", "arrived_eu_entry"} & set(keys(eastbound))


def test_a_milestone_off_the_route_is_still_shown_when_an_event_reached_it():
    facts = route_facts(TO_ALMATY, origin="CNXIA", destination="KZALA", eu_members=EU)

    rows = only([E("arrived_eu_entry", "ACT", T0, "PLMAA")], facts).rows

    assert "arrived_eu_entry" in keys(rows)


def test_each_classifier_shows_its_latest_event_and_a_retracted_one_never_counts():
    events = [
        E("departed_origin", "EST", T0, "CNXIA", created_at=T0 - timedelta(days=2)),
        E("departed_origin", "EST", T0 + timedelta(hours=5), "CNXIA", created_at=T0),
        E("arrived_destination", "EST", T0 + timedelta(days=14), created_at=T0),
        E(
            "arrived_destination",
            "EST",
            T0 + timedelta(days=9),
            created_at=T0 + timedelta(hours=1),
            retracted_at=T0 + timedelta(hours=2),
            retraction_reason="typo",
        ),
    ]

    rows = {row.key: row for row in only(events).rows}

    assert rows["departed_origin"].estimated.local == T0 + timedelta(hours=5)
    assert rows["arrived_destination"].estimated.local == T0 + timedelta(days=14)
    assert rows["arrived_destination"].withdrawn == ()


def test_the_owner_sees_a_retracted_event_with_its_reason():
    retracted = E(
        "loaded",
        "ACT",
        T0,
        "CNXIA",
        retracted_at=T0 + timedelta(hours=1),
        retraction_reason="wrong box",
    )

    rows = {row.key: row for row in only([retracted], with_retracted=True).rows}

    assert rows["loaded"].actual is None
    [withdrawn] = rows["loaded"].withdrawn
    assert (withdrawn.classifier, withdrawn.reason) == ("ACT", "wrong box")


def test_times_are_shown_in_the_zone_of_the_place_and_in_utc_where_it_is_not_known():
    events = [
        E("departed_origin", "ACT", T0, "CNXIA"),
        E("crossed_border", "ACT", T0 + timedelta(days=5), "RUMOW"),
        E("arrived_destination", "EST", T0 + timedelta(days=13), "DEDUI"),
    ]

    rows = {row.key: row for row in only(events).rows}

    departed = rows["departed_origin"].actual
    assert (departed.local.hour, departed.zone) == (10, "Asia/Shanghai")
    assert departed.zone_label == "Beijing time (UTC+8)"
    assert rows["crossed_border"].actual.zone == "UTC"  # Russia spans eleven zones
    arrival = rows["arrived_destination"].estimated
    assert (arrival.local.hour, arrival.zone_label) == (3, "Berlin time (UTC+1)")


def test_the_current_row_is_the_latest_actual_event_and_gives_the_position():
    events = [
        E("departed_origin", "ACT", T0, "CNXIA"),
        E("arrived_exit_border", "ACT", T0 + timedelta(days=3), "CNAKL"),
        E("arrived_destination", "EST", T0 + timedelta(days=13), "DEDUI"),
    ]

    timeline = only(events)

    assert timeline.current.key == "arrived_exit_border"
    assert timeline.position == "CNAKL"
    assert [row.key for row in timeline.rows if row.reached] == [
        "departed_origin",
        "arrived_exit_border",
    ]
    assert timeline.last_update == T0


def test_an_estimate_of_a_milestone_already_reached_is_not_shown():
    events = [
        E("departed_origin", "EST", T0 + timedelta(hours=3), "CNXIA"),
        E("departed_origin", "ACT", T0, "CNXIA", created_at=T0 + timedelta(hours=1)),
    ]

    row = {row.key: row for row in only(events).rows}["departed_origin"]

    assert row.estimated is None and row.actual is not None


def test_the_timetable_plans_the_departure_the_borders_and_the_arrival():
    facts = route_facts(
        TO_DUISBURG,
        origin="CNXIA",
        destination="DEDUI",
        origin_zone="Asia/Shanghai",
        departs_at=T0,
        transit_days=14,
        eu_members=EU,
    )

    rows = {row.key: row for row in only([], facts).rows}

    assert rows["departed_origin"].planned.local == T0
    assert rows["departed_origin"].planned.from_timetable
    assert rows["arrived_destination"].planned.local == T0 + timedelta(days=14)
    # 3 of the route's 14 planned days: Alashankou is reached 3 days after departure.
    assert rows["arrived_exit_border"].planned.local == T0 + timedelta(days=3)
    assert rows["arrived_eu_entry"].planned.local == T0 + timedelta(days=11)


def test_a_planned_event_replaces_the_timetable():
    facts = route_facts(
        None, origin="CNXIA", destination="DEDUI", departs_at=T0, transit_days=14, eu_members=EU
    )

    row = {
        row.key: row
        for row in only([E("departed_origin", "PLN", T0 + timedelta(hours=6), "CNXIA")], facts).rows
    }["departed_origin"]

    assert row.planned.local == T0 + timedelta(hours=6) and not row.planned.from_timetable


def test_the_public_timeline_keeps_only_the_public_milestones():
    events = [E("stuffed", "ACT", T0), E("loaded", "ACT", T0 + timedelta(hours=1))]

    timeline = only(events, public_only=True)

    assert "stuffed" not in keys(timeline.rows) and "empty_released" not in keys(timeline.rows)
    assert timeline.current.key == "loaded"


def test_every_container_gets_its_own_timeline_and_a_booking_without_boxes_gets_one():
    events = [E("loaded", "ACT", T0, container_id=1), E("loaded", "ACT", T0, container_id=2)]
    boxes = [(1, "CSQU3054383"), (2, "CSQU3054399"), (3, "CSQU3054400")]

    timelines = build_timelines(boxes, events, MILESTONES, NO_ROUTE)
    unboxed = build_timelines(
        [], [E("loaded", "ACT", T0, container_id=None)], MILESTONES, RouteFacts()
    )

    assert [t.current.key if t.current else "" for t in timelines] == ["loaded", "loaded", ""]
    assert [(t.number, t.current.key) for t in unboxed] == [("", "loaded")]


def test_containers_with_the_same_timeline_are_shown_once_and_one_that_differs_apart():
    boxes = [(1, "CSQU3054383"), (2, "CSQU3054399"), (3, "CSQU3054400")]
    events = [E("loaded", "ACT", T0, container_id=n) for n in (1, 2, 3)]
    events.append(E("departed_origin", "ACT", T0 + timedelta(hours=2), container_id=2))
    events.append(E("loaded", "ACT", T0, container_id=3, created_at=T0 + timedelta(hours=1)))

    groups = group_alike(build_timelines(boxes, events, MILESTONES, NO_ROUTE))

    assert [g.numbers for g in groups] == [["CSQU3054383", "CSQU3054400"], ["CSQU3054399"]]
    assert groups[0].last_update == T0 + timedelta(hours=1)  # the later of the two
    assert groups[1].timeline.current.key == "departed_origin"
