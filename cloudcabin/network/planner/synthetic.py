"""A synthetic network at scale, for the route-search benchmark and the planner's tests."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from cloudcabin.network.planner.network import Network
from cloudcabin.network.planner.types import LegData, NodeData, TariffData
from cloudcabin.numbers import to_places


def synthetic_network(seed: int, nodes: int = 2000, legs: int = 10_000) -> Network:
    """``nodes`` places in a 8 x 5 grid of countries and ``legs`` legs between near places."""
    rng = random.Random(seed)
    countries = [f"C{i:02d}" for i in range(40)]  # a 8 x 5 grid of "countries"
    found: dict[str, NodeData] = {}
    points: list[tuple[str, float, float]] = []
    for index in range(nodes):
        lon, lat = rng.uniform(0, 120), rng.uniform(20, 60)
        country = countries[min(7, int(lon // 15)) * 5 + min(4, int((lat - 20) // 8))]
        code = f"N{index:04d}"
        found[code] = NodeData(code, code, country, "inland_hub", to_places(Decimal(str(lat)), 3))
        points.append((code, lon, lat))
    leg_rows: list[LegData] = []
    tariffs: list[TariffData] = []
    pairs: set[tuple[str, str]] = set()
    modes = ["rail_1435", "rail_1520", "road", "sea", "ferry"]
    while len(leg_rows) < legs:
        a = rng.randrange(nodes)
        code_a, lon_a, lat_a = points[a]
        # Link to one of the nearer nodes (a random window in longitude), like a real network.
        candidates = [
            p for p in rng.sample(points, 40) if abs(p[1] - lon_a) < 20 and p[0] != code_a
        ]
        if not candidates:
            continue
        code_b, lon_b, lat_b = min(
            candidates, key=lambda p: (p[1] - lon_a) ** 2 + (p[2] - lat_a) ** 2
        )
        if (code_a, code_b) in pairs or (code_b, code_a) in pairs:
            continue
        pairs.add((code_a, code_b))
        km = Decimal(int(((lon_b - lon_a) ** 2 + (lat_b - lat_a) ** 2) ** 0.5 * 90) + 10)
        days = to_places(km / Decimal(700), 1) + Decimal("0.5")
        countries_crossed = tuple(dict.fromkeys([found[code_a].country, found[code_b].country]))
        leg_id = len(leg_rows) + 1
        leg_rows.append(
            LegData(
                leg_id,
                code_a,
                code_b,
                rng.choice(modes),
                km,
                days,
                days + 1,
                Decimal("0.5"),
                countries_crossed,
            )
        )
        tariffs.append(
            TariffData(
                leg_id, "leg_freight", "f", km / 2, km, "USD", date(2026, 1, 1), leg_id=leg_id
            )
        )
    factors = {mode: Decimal(20) for mode in modes}
    return Network(nodes=found, legs=leg_rows, tariffs=tariffs, co2_factors=factors)
