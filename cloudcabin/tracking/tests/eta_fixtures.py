"""A Xi'an → Duisburg route as the planner stores it (the demo network's legs and ranges)."""

from __future__ import annotations

from typing import Any

from cloudcabin.network.models import Node, NodeKind

STATIONS = (
    ("CNXIA", "CN", NodeKind.INLAND_HUB),
    ("CNURM", "CN", NodeKind.INLAND_HUB),
    ("CNAKL", "CN", NodeKind.BORDER_CROSSING),
    ("KZDOS", "KZ", NodeKind.TRANSSHIPMENT),
    ("BYBQT", "BY", NodeKind.BORDER_CROSSING),
    ("PLMAA", "PL", NodeKind.TRANSSHIPMENT),
    ("DEDUI", "DE", NodeKind.INLAND_HUB),
)
# (origin, destination, mode, km, days min, days max, dwell at the end, countries)
LEGS = (
    ("CNXIA", "CNURM", "rail_1435", 2570, 2, 3, 0, ["CN"]),
    ("CNURM", "CNAKL", "rail_1435", 460, 1, 1, 0.5, ["CN"]),
    ("CNAKL", "KZDOS", "rail_1435", 12, 0, 1, 1, ["CN", "KZ"]),
    ("KZDOS", "BYBQT", "rail_1520", 5715, 5, 7, 0.5, ["KZ", "RU", "BY"]),
    ("BYBQT", "PLMAA", "rail_1520", 8, 0, 1, 2.5, ["BY", "PL"]),
    ("PLMAA", "DEDUI", "rail_1435", 1150, 2, 3, 0, ["PL", "DE"]),
)


def route(legs: tuple[tuple[Any, ...], ...] = LEGS) -> dict[str, Any]:
    countries = {locode: country for locode, country, _ in STATIONS}
    used = [legs[0][0]] + [leg[1] for leg in legs]
    return {
        "nodes": [{"locode": c, "name": c, "country": countries[c]} for c in used],
        "legs": [
            {
                "origin": origin,
                "destination": destination,
                "mode": mode,
                "distance_km": str(km),
                "days_min": str(low),
                "days_max": str(high),
                "dwell_days": str(dwell),
                "countries": crossed,
            }
            for origin, destination, mode, km, low, high, dwell, crossed in legs
        ],
    }


def make_stations() -> None:
    for locode, country, kind in STATIONS:
        Node.objects.get_or_create(
            locode=locode, defaults={"name": locode, "country": country, "kind": kind}
        )
