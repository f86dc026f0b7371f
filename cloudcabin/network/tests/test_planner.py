from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from cloudcabin.errors import ProblemError
from cloudcabin.network import selectors
from cloudcabin.network.models import Leg, TariffLine
from cloudcabin.network.planner import (
    LegData,
    Network,
    NodeData,
    NoRoute,
    Objective,
    RouteRequest,
    TariffData,
    plan_routes,
)

pytestmark = pytest.mark.usefixtures("network")
READY = date(2026, 12, 1)


def search(**kwargs):
    kwargs.setdefault("ready_date", READY)
    return selectors.search_routes(**kwargs)[1]


def test_xian_to_duisburg_is_the_central_route_with_two_gauge_changes():
    best = search(origin="Xi'an", destination="Duisburg")[0]
    assert best.countries == ["CN", "KZ", "RU", "BY", "PL", "DE"]
    changes = [(c.node.country, c.from_gauge, c.to_gauge) for c in best.gauge_changes]
    assert changes == [("KZ", 1435, 1520), ("PL", 1520, 1435)]
    assert [c.node.locode for c in best.gauge_changes][1] == "PLMAA"
    crossings = [(b.from_country, b.to_country) for b in best.border_crossings]
    assert crossings == [("CN", "KZ"), ("KZ", "RU"), ("RU", "BY"), ("BY", "PL"), ("PL", "DE")]
    assert best.border_crossings[-2].exit.locode == "BYBQT"


def test_the_transit_range_is_consistent_with_the_seeded_facts():
    best = search(origin="CNXIA", destination="DEDUI")[0]
    # Sources: Chongqing-Duisburg 16 days, Khorgos-Duisburg 18 days on average (2023).
    assert best.days_min <= 16 and best.days_max >= 18
    assert best.days_max - best.days_min <= 8
    assert Decimal(9000) < best.distance_km < Decimal(11500)


def test_it_returns_up_to_five_distinct_alternatives_ranked_by_the_objective():
    options = search(origin="Xi'an", destination="Duisburg", objective="fastest")
    assert 2 <= len(options) <= 5
    assert len({o.summary for o in options}) == len(options)
    assert [o.rank for o in options] == list(range(1, len(options) + 1))
    middles = [(o.days_min + o.days_max) / 2 for o in options]
    assert middles == sorted(middles)
    cheapest = search(origin="Xi'an", destination="Duisburg", objective="cheapest")
    prices = [o.total_usd for o in cheapest]
    assert prices == sorted(prices)


def test_avoiding_russia_and_belarus_yields_the_middle_corridor():
    options = search(origin="Xi'an", destination="Duisburg", avoid_countries=["RU", "BY"])
    for option in options:
        assert not {"RU", "BY"} & set(option.countries)
    best = options[0]
    assert {"KZ", "AZ", "GE"} <= set(best.countries)
    assert "ferry" in best.modes


def test_when_every_route_needs_an_avoided_mode_it_says_what_to_allow():
    with pytest.raises(ProblemError) as caught:
        search(
            origin="Xi'an",
            destination="DEDUI",
            avoid_countries=["RU", "BY"],
            avoid_modes=["ferry", "sea"],
        )
    found = caught.value.problems[0]
    assert found.code == "ROUTE_NONE"
    assert "ferry" in found.message and "sea" in found.message
    assert caught.value.status == 422


def test_chongqing_to_singapore_goes_via_qinzhou():
    best = search(origin="Chongqing", destination="Singapore")[0]
    assert [n.locode for n in best.nodes] == ["CNCQI", "CNQZH", "SGSIN"]
    assert best.modes == ["rail_1435", "sea"]


def test_an_unknown_place_is_a_clear_problem():
    with pytest.raises(ProblemError) as caught:
        search(origin="Atlantis", destination="DEDUI")
    assert caught.value.problems[0].code == "PLACE_UNKNOWN"
    assert caught.value.problems[0].path == "origin"
    assert caught.value.status == 422


def test_tariffs_outside_their_validity_are_not_used():
    leg = Leg.objects.get(origin__locode="CNXIA", destination__locode="CNURM")
    seeded = TariffLine.objects.get(leg=leg)
    seeded.valid_to = READY - timedelta(days=1)
    seeded.save()
    future = TariffLine.objects.create(
        kind="leg_freight", name="Next year", leg=leg, per_teu=1, per_feu=2,
        valid_from=READY + timedelta(days=30),
    )  # fmt: skip
    best = search(origin="Xi'an", destination="Duisburg")[0]
    labels = [line.label for line in best.cost_lines]
    assert not any(seeded.name in label or future.name in label for label in labels)
    assert any("No valid tariff" in warning for warning in best.warnings)
    later = search(origin="Xi'an", destination="Duisburg", ready_date=future.valid_from)[0]
    assert any(line.label.startswith("Next year") for line in later.cost_lines)


def test_the_price_adds_terminal_gauge_change_border_fees_and_surcharges():
    best = search(origin="Xi'an", destination="Duisburg", container_count=2)[0]
    kinds = {line.kind for line in best.cost_lines}
    assert kinds == {"leg_freight", "terminal_handling", "gauge_change", "border_fee", "surcharge"}
    assert all(
        line.quantity == 2 and line.amount == 2 * line.unit_amount for line in best.cost_lines
    )
    assert best.total_usd == sum(line.amount for line in best.cost_lines)
    assert Decimal(12000) <= best.total_usd <= Decimal(18800)  # 2 FEU, USD 6,000-9,400 each


def test_a_via_node_and_a_transshipment_limit_constrain_the_route():
    via = search(origin="Xi'an", destination="Duisburg", via="KZHOR")
    assert all("KZHOR" in [n.locode for n in o.nodes] for o in via)
    few = search(origin="Xi'an", destination="Duisburg", max_transshipments=2)
    assert all(o.transshipments <= 2 for o in few)


def test_co2_is_per_container_with_the_method_stated():
    best = search(origin="Xi'an", destination="Duisburg", size_type="20", container_count=3)[0]
    assert best.co2_kg_per_container > 0
    assert best.co2_kg_total == best.co2_kg_per_container * 3
    heavier = search(origin="Xi'an", destination="Duisburg", size_type="40")[0]
    assert heavier.co2_kg_per_container > best.co2_kg_per_container


def test_the_balanced_objective_returns_ranked_options():
    options = search(origin="Chengdu", destination="Lodz", objective="balanced")
    assert options[0].nodes[-1].locode == "PLLOD"
    assert [o.score for o in options] == sorted(o.score for o in options)


def test_the_built_network_is_cached_until_a_network_row_changes():
    first = selectors.current_network()
    assert selectors.current_network() is first
    node = selectors.Node.objects.get(locode="CNXIA")
    node.name = "Xi'an (Chang'an)"
    node.save()
    assert selectors.current_network() is not first


# --- the pure planner, without the database ------------------------------------------


def _tiny() -> Network:
    nodes = {
        code: NodeData(code, code, country, "inland_hub")
        for code, country in [("A", "CN"), ("B", "KZ"), ("C", "KZ"), ("D", "RU")]
    }
    d = Decimal
    legs = [
        LegData(1, "A", "B", "rail_1435", d(100), d(1), d(1), d(0), ("CN", "KZ")),
        LegData(2, "A", "B", "road", d(100), d(2), d(2), d(0), ("CN", "KZ")),
        LegData(3, "B", "C", "rail_1520", d(100), d(1), d(1), d(0), ("KZ",)),
        LegData(4, "B", "D", "rail_1520", d(50), d(1), d(1), d(0), ("KZ", "RU")),
        LegData(5, "D", "C", "rail_1520", d(50), d(1), d(1), d(0), ("RU", "KZ")),
    ]  # fmt: skip
    tariffs = [
        TariffData(9, "leg_freight", "f", Decimal(1), Decimal(2), "USD", date(2020, 1, 1), leg_id=1)
    ]
    return Network(nodes=nodes, legs=legs, tariffs=tariffs, co2_factors={"road": Decimal(75)})


def test_the_pure_planner_picks_the_allowed_one_of_parallel_legs():
    network = _tiny()
    fast = plan_routes(network, RouteRequest(origin="A", destination="C"))
    assert fast[0].legs[0].mode == "rail_1435"
    no_rail = plan_routes(
        network, RouteRequest(origin="A", destination="C", avoid_modes=frozenset({"rail_1435"}))
    )
    assert no_rail[0].legs[0].mode == "road"
    assert all("RU" not in o.countries for o in plan_routes(
        network, RouteRequest(origin="A", destination="C", avoid_countries=frozenset({"RU"}))
    ))  # fmt: skip


def test_the_pure_planner_names_the_constraint_to_lift():
    network = _tiny()
    request = RouteRequest(
        origin="A", destination="C", objective=Objective.CHEAPEST,
        avoid_modes=frozenset({"rail_1520"}),
    )  # fmt: skip
    with pytest.raises(NoRoute) as caught:
        plan_routes(network, request)
    assert [(r.kind, r.value) for r in caught.value.relaxations] == [("mode", "rail_1520")]
