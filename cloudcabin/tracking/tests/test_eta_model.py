"""The estimate's arithmetic: the route's segments and ranges, quantiles, the fallback."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cloudcabin.tracking.eta.model import MIN_OBSERVATIONS, Forecast, Sampler, forecast
from cloudcabin.tracking.eta.route import route_plan
from cloudcabin.tracking.tests.eta_fixtures import route

LEFT = datetime(2026, 11, 3, 2, 0, tzinfo=UTC)
# The member states these routes cross (the real list is reference data: EuMemberState).
EU = frozenset({"PL", "DE"})
DIRECT = (("CNXIA", "DEDUI", "rail_1435", 9900, 12, 16, 0, ["CN", "KZ", "RU", "BY", "PL", "DE"]),)


def days(moment: datetime) -> float:
    return (moment - LEFT).total_seconds() / 86_400


def test_the_route_reads_as_milestones_with_the_networks_ranges_between_them():
    plan = route_plan(route(), EU)
    assert plan is not None
    assert [(p.milestone, p.locode) for p in plan.points] == [
        ("departed_origin", "CNXIA"),
        ("arrived_exit_border", "CNAKL"),
        ("departed_exit_border", "KZDOS"),
        ("arrived_eu_entry", "PLMAA"),
        ("departed_eu_entry", "PLMAA"),
        ("arrived_destination", "DEDUI"),
    ]
    # Legs count min…max; a dwell of d days counts d/2…2d.
    assert [(s.low, s.high) for s in plan.segments] == [
        (3.0, 4.0),  # Xi'an → Ürümqi → Alashankou
        (0.75, 4.0),  # Alashankou dwell 0.5, link 0–1, Dostyk dwell 1
        (5.25, 9.0),  # Dostyk → Brest 5–7, Brest dwell 0.5, link 0–1
        (1.25, 5.0),  # Małaszewicze dwell 2.5
        (2.0, 3.0),  # Małaszewicze → Duisburg
    ]


def test_a_route_without_stations_at_its_borders_is_one_segment_and_no_route_is_none():
    plan = route_plan(route(DIRECT), EU)
    assert plan is not None
    assert [s.key for s in plan.segments] == [("departed_origin", "arrived_destination")]
    assert route_plan({}, EU) is None


def test_quantiles_come_from_the_observed_durations():
    plan = route_plan(route(DIRECT), EU)
    assert plan is not None
    observed = [2.0] * 10 + [3.0] * 10 + [5.0] * 10
    (arrival,) = forecast(
        plan,
        {"departed_origin": LEFT},
        planned_departure=LEFT,
        now=LEFT,
        sampler=Sampler(lambda segment: observed, seed="t"),
    )
    assert arrival.target == "destination" and arrival.method == "observed"
    assert (days(arrival.p10), days(arrival.p50), days(arrival.p90)) == (2.0, 3.0, 5.0)
    assert arrival.observations == 30


def test_remaining_segments_add_up_and_the_next_border_is_estimated_too():
    plan = route_plan(route(), EU)
    assert plan is not None
    durations = {
        ("arrived_exit_border", "departed_exit_border"): 1.0,
        ("departed_exit_border", "arrived_eu_entry"): 6.0,
        ("arrived_eu_entry", "departed_eu_entry"): 2.5,
        ("departed_eu_entry", "arrived_destination"): 2.0,
    }
    border, arrival = forecast(
        plan,
        {"departed_origin": LEFT - timedelta(days=3), "arrived_exit_border": LEFT},
        planned_departure=LEFT - timedelta(days=3),
        now=LEFT,
        sampler=Sampler(lambda segment: [durations[segment.key]] * 25, seed="t"),
    )
    assert (border.target, border.milestone, border.locode) == (
        "border",
        "arrived_eu_entry",
        "PLMAA",
    )
    assert days(border.p10) == days(border.p90) == 7.0
    assert days(arrival.p50) == 11.5 and arrival.observations == 25


def test_under_twenty_observations_the_networks_range_is_the_p10_to_p90():
    plan = route_plan(route(DIRECT), EU)
    assert plan is not None
    (arrival,) = forecast(
        plan,
        {"departed_origin": LEFT},
        planned_departure=LEFT,
        now=LEFT,
        sampler=Sampler(lambda segment: [1.0] * (MIN_OBSERVATIONS - 1), seed="t"),
    )
    assert arrival.method == "network" and arrival.observations == 19
    assert days(arrival.p10) == pytest.approx(12, abs=0.15)
    assert days(arrival.p50) == pytest.approx(14, abs=0.15)
    assert days(arrival.p90) == pytest.approx(16, abs=0.15)


def test_twenty_observations_are_enough():
    plan = route_plan(route(DIRECT), EU)
    assert plan is not None
    (arrival,) = forecast(
        plan,
        {"departed_origin": LEFT},
        planned_departure=LEFT,
        now=LEFT,
        sampler=Sampler(lambda segment: [1.0] * MIN_OBSERVATIONS, seed="t"),
    )
    assert arrival.method == "observed" and days(arrival.p90) == 1.0


def test_before_departure_the_estimate_starts_from_the_timetable():
    plan = route_plan(route(DIRECT), EU)
    assert plan is not None
    (arrival,) = forecast(
        plan,
        {},
        planned_departure=LEFT,
        now=LEFT - timedelta(days=2),
        sampler=Sampler(lambda segment: [13.0] * 20, seed="t"),
    )
    assert days(arrival.p50) == 13.0


def test_the_segment_under_way_does_not_end_before_now():
    plan = route_plan(route(DIRECT), EU)
    assert plan is not None
    (arrival,) = forecast(
        plan,
        {"departed_origin": LEFT},
        planned_departure=LEFT,
        now=LEFT + timedelta(days=4),
        sampler=Sampler(lambda segment: [2.0] * 10 + [6.0] * 10, seed="t"),
    )
    assert days(arrival.p10) == 4.0 and days(arrival.p90) == 6.0


def test_the_same_facts_give_the_same_figures():
    plan = route_plan(route(), EU)
    assert plan is not None

    def run() -> list[Forecast]:
        return forecast(
            plan,
            {"departed_origin": LEFT},
            planned_departure=LEFT,
            now=LEFT,
            sampler=Sampler(lambda segment: [], seed="XIA-DUI"),
        )

    assert run() == run()


def test_an_arrived_container_has_no_estimate():
    plan = route_plan(route(), EU)
    assert plan is not None
    found = forecast(
        plan,
        {"departed_origin": LEFT, "arrived_destination": LEFT + timedelta(days=14)},
        planned_departure=LEFT,
        now=LEFT + timedelta(days=15),
        sampler=Sampler(lambda segment: [], seed="t"),
    )
    assert found == []
