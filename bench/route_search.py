"""Time route searches (k = 5, avoiding two countries): median and p95.

    .venv/bin/python bench/route_search.py [--rounds N] [--seed S]

1. The seeded network, through ``selectors.search_routes`` (place resolution, the
   network-version check against the database and the cached graph included), on a
   throw-away SQLite database loaded with ``load_network``.
2. A synthetic network of 2,000 nodes and 10,000 legs (every leg usable both ways),
   through the pure planner core.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDED_SEARCHES = [
    ("Xi'an", "Duisburg", ["RU", "BY"]),
    ("CNXIA", "DEDUI", ["UA", "IR"]),
    ("Chongqing", "Hamburg", ["MN", "UA"]),
    ("Chengdu", "Lodz", ["MN", "TR"]),
    ("Zhengzhou", "Milan", ["RU", "BY"]),
    ("Yiwu", "Madrid", ["MN", "IR"]),
    ("Xi'an", "Istanbul", ["RU", "BY"]),
    ("Chongqing", "Singapore", ["RU", "BY"]),
    ("Xi'an", "Tashkent", ["RU", "MN"]),
    ("Tianjin", "Budapest", ["UA", "IR"]),
]


def report(label: str, values: list[float]) -> None:
    ordered = sorted(values)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    print(
        f"{label:<34} n={len(values):<5} median {statistics.median(values):7.2f} ms"
        f"   p95 {p95:7.2f} ms   max {ordered[-1]:7.2f} ms"
    )


def timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def bench_seeded(rounds: int) -> None:
    database = Path(tempfile.mkdtemp()) / "bench-network.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cloudcabin.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from cloudcabin.network import selectors
    from cloudcabin.network.loading import load_network_data

    load_network_data(force=True)
    build = timed(selectors.current_network)
    print(f"seeded network: first build of the cached graph {build:.1f} ms")
    version = [timed(selectors.network_version) for _ in range(50)]
    report("  network-version check alone", version)
    values = []
    for _ in range(rounds):
        for origin, destination, avoid in SEEDED_SEARCHES:
            values.append(
                timed(
                    lambda o=origin, d=destination, a=avoid: selectors.search_routes(
                        origin=o,
                        destination=d,
                        k=5,
                        avoid_countries=a,
                        ready_date=date(2026, 12, 1),
                    )
                )
            )
    report("seeded, k=5, avoid 2 countries", values)
    balanced = []
    for _ in range(rounds):
        for origin, destination, avoid in SEEDED_SEARCHES:
            balanced.append(
                timed(
                    lambda o=origin, d=destination, a=avoid: selectors.search_routes(
                        origin=o,
                        destination=d,
                        k=5,
                        avoid_countries=a,
                        objective="balanced",
                        ready_date=date(2026, 12, 1),
                    )
                )
            )
    report("seeded, k=5, avoid 2, balanced", balanced)


def bench_synthetic(rounds: int, seed: int) -> None:
    from cloudcabin.network.planner import NoRoute, RouteRequest, plan_routes
    from cloudcabin.network.planner.synthetic import synthetic_network

    started = time.perf_counter()
    network = synthetic_network(seed)
    built = (time.perf_counter() - started) * 1000
    print(f"\nsynthetic network: 2000 nodes, 10000 legs, built in {built:.0f} ms")
    rng = random.Random(seed + 1)
    west = [code for code, node in network.nodes.items() if node.country < "C10"]
    east = [code for code, node in network.nodes.items() if node.country >= "C30"]
    values, no_route = [], 0
    for _ in range(rounds * 10):
        request = RouteRequest(
            origin=rng.choice(east),
            destination=rng.choice(west),
            k=5,
            ready_date=date(2026, 12, 1),
            avoid_countries=frozenset(rng.sample([f"C{i:02d}" for i in range(10, 30)], 2)),
        )
        started = time.perf_counter()
        try:
            plan_routes(network, request)
        except NoRoute:
            no_route += 1
        values.append((time.perf_counter() - started) * 1000)
    report("synthetic, k=5, avoid 2 countries", values)
    if no_route:
        print(f"  ({no_route} searches had no route; their time includes the explanation)")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()
    bench_seeded(options.rounds)
    bench_synthetic(options.rounds, options.seed)


if __name__ == "__main__":
    main()
