"""The journey facts are derived from a route's nodes and legs alone (network.journey)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cloudcabin.network import selectors
from cloudcabin.network.journey import has_route, journey_of, share_of_planned_days
from cloudcabin.network.models import NodeAlias
from cloudcabin.network.presenters import option_to_dict

pytestmark = pytest.mark.usefixtures("network")

# The member states these routes cross (the real list is reference data: EuMemberState).
EU = frozenset({"PL", "DE", "NL", "LT", "LV"})


def fastest(origin: str, destination: str) -> dict[str, object]:
    _, options = selectors.search_routes(
        origin=origin, destination=destination, ready_date=date(2026, 12, 1), k=1
    )
    return option_to_dict(options[0])


def test_the_xian_duisburg_route_crosses_kazakhstan_russia_belarus_and_poland():
    journey = journey_of(fastest("CNXIA", "DEDUI"))

    assert journey.countries == ["CN", "KZ", "RU", "BY", "PL", "DE"]
    assert [(c.from_country, c.to_country) for c in journey.crossings] == [
        ("CN", "KZ"),
        ("KZ", "RU"),
        ("RU", "BY"),
        ("BY", "PL"),
        ("PL", "DE"),
    ]


def test_each_short_border_link_names_its_exit_and_entry_station():
    journey = journey_of(fastest("CNXIA", "DEDUI"))
    stations = {
        (c.from_country, c.to_country): (c.exit and c.exit.locode, c.entry and c.entry.locode)
        for c in journey.crossings
    }

    assert stations[("CN", "KZ")] == ("CNAKL", "KZDOS")
    assert stations[("BY", "PL")] == ("BYBQT", "PLMAA")
    # Inside the long Dostyk-Brest leg no station is named: none is invented.
    assert stations[("KZ", "RU")] == (None, None)
    assert [s.locode for s in journey.border_stations] == ["CNAKL", "KZDOS", "BYBQT", "PLMAA"]


def test_the_china_exit_first_eu_entry_and_gauge_changes_come_from_the_route():
    journey = journey_of(fastest("CNXIA", "DEDUI"))
    first_eu = journey.first_eu_entry(EU)

    assert journey.china_exit is not None and journey.china_exit.locode == "CNAKL"
    assert journey.china_exit.name_zh == "阿拉山口"
    assert first_eu is not None and first_eu.to_country == "PL"
    assert first_eu.entry is not None and first_eu.entry.name == "Małaszewicze"
    assert [(g.at.locode, g.from_gauge, g.to_gauge) for g in journey.gauge_changes] == [
        ("KZDOS", 1435, 1520),
        ("PLMAA", 1520, 1435),
    ]


def test_the_route_reversed_enters_china_where_the_export_leaves_it():
    journey = journey_of(fastest("PLLOD", "CNXIA"))

    assert journey.china_exit is None
    assert journey.china_entry is not None and journey.china_entry.locode == "CNAKL"
    assert journey.first_eu_entry(EU) is None


def test_an_empty_route_is_no_route():
    assert not has_route({}) and not has_route({"nodes": [], "legs": []})


def test_the_railheads_own_unlocode_resolves_to_the_xian_hub():
    assert NodeAlias.objects.filter(locode="CNXAG", node__locode="CNXIA").exists()

    assert selectors.resolve_place("CNXAG", path="origin").locode == "CNXIA"
    assert journey_of(fastest("CNXAG", "DEDUI")).countries[:2] == ["CN", "KZ"]


def test_an_alias_an_operator_adds_is_accepted_at_once():
    hub = selectors.current_network().nodes["DEDUI"]
    assert hub.locode == "DEDUI"
    from cloudcabin.network.models import Node

    NodeAlias.objects.create(locode="DEDUX", node=Node.objects.get(locode="DEDUI"))

    assert selectors.resolve_place("DEDUX", path="destination").locode == "DEDUI"
    assert selectors.hub_locode("DEDUX") == "DEDUI"


def test_the_share_of_planned_days_counts_mean_leg_times_and_dwells_up_to_a_stop():
    def leg(origin: str, destination: str, low: str, high: str, dwell: str) -> dict[str, str]:
        return {
            "origin": origin,
            "destination": destination,
            "days_min": low,
            "days_max": high,
            "dwell_days": dwell,
        }

    route = {"legs": [leg("A", "B", "2", "4", "1"), leg("B", "C", "5", "7", "0")]}

    # A → B: (2 + 4) / 2 + 1 = 4 days of 4 + 6 = 10.
    assert share_of_planned_days(route, "B") == Decimal("0.4")
    assert share_of_planned_days(route, "C") == 1
    assert share_of_planned_days(route, "X") is None


def test_the_western_land_sea_corridor_is_rail_to_qinzhou_then_a_sea_leg_to_singapore():
    journey = journey_of(fastest("CNCQI", "SGSIN"))

    assert [(leg.origin.locode, leg.destination.locode) for leg in journey.sea_legs] == [
        ("CNQZH", "SGSIN")
    ]
    assert journey.sea_legs[0].origin.is_port and journey.sea_legs[0].destination.is_port
    rail = journey.rail_part
    assert rail is not None
    assert (rail.start.locode, rail.end.locode) == ("CNCQI", "CNQZH")
    assert rail.border_stations == [] and rail.countries == ["CN"]
    assert journey.modes == ("rail", "sea")
    assert [(c.from_country, c.to_country, c.mode) for c in journey.crossings] == [
        ("CN", "SG", "sea")
    ]


def test_goods_that_come_by_sea_first_have_their_rail_part_after_the_port():
    rail = journey_of(fastest("SGSIN", "CNCQI")).rail_part

    assert rail is not None and (rail.start.locode, rail.end.locode) == ("CNQZH", "CNCQI")


def test_a_route_without_a_sea_leg_leaves_the_whole_route_to_the_rail_note():
    journey = journey_of(fastest("CNXIA", "DEDUI"))

    assert journey.sea_legs == [] and journey.rail_part is None
    assert journey.modes == ("rail",)


def _node(locode: str, kind: str) -> dict[str, str]:
    return {"locode": locode, "name": locode, "name_zh": "", "country": locode[:2], "kind": kind}


def _leg(origin: str, destination: str, mode: str, km: str = "1000") -> dict[str, object]:
    countries = [origin[:2], destination[:2]] if origin[:2] != destination[:2] else [origin[:2]]
    return {
        "origin": origin,
        "destination": destination,
        "mode": mode,
        "distance_km": km,
        "countries": countries,
    }


def test_a_caspian_ferry_stays_in_the_rail_journey_and_reads_as_rail_and_sea():
    route = {
        "nodes": [
            _node("KZALA", "inland_hub"),
            _node("KZAAU", "caspian_port"),
            _node("AZBAK", "caspian_port"),
            _node("GETBS", "inland_hub"),
        ],
        "legs": [
            _leg("KZALA", "KZAAU", "rail_1520"),
            _leg("KZAAU", "AZBAK", "ferry", "470"),
            _leg("AZBAK", "GETBS", "rail_1520"),
        ],
    }

    journey = journey_of(route)

    assert journey.sea_legs == [] and journey.rail_part is None
    assert journey.modes == ("rail", "sea")


def test_the_rail_part_is_the_first_rail_stretch_when_rail_runs_on_both_sides_of_the_sea():
    route = {
        "nodes": [
            _node("CNCQI", "inland_hub"),
            _node("CNSGH", "seaport"),
            _node("NLRTM", "seaport"),
            _node("DEDUI", "inland_hub"),
        ],
        "legs": [
            _leg("CNCQI", "CNSGH", "rail_1435"),
            _leg("CNSGH", "NLRTM", "sea", "19500"),
            _leg("NLRTM", "DEDUI", "rail_1435", "230"),
        ],
    }

    journey = journey_of(route)

    rail = journey.rail_part
    assert rail is not None and (rail.start.locode, rail.end.locode) == ("CNCQI", "CNSGH")
    entry = journey.first_eu_entry(EU)
    assert entry is not None and entry.mode == "sea"
    assert entry.entry is not None and entry.entry.locode == "NLRTM"
