"""Time HS and place searches (median and p95) on a fully loaded SQLite database.

    .venv/bin/python bench/reference_search.py [--database PATH] [--rounds N]

Without --database it first builds one with bench/reference_load.py.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from common import report, setup_django

HS_QUERIES = [
    "solar cells",
    "太阳能电池",
    "8541.4",
    "85",
    "laptop",
    "笔记本电脑",
    "mobile phone",
    "手机",
    "lithium battery",
    "锂电池",
    "electric vehicle",
    "电动汽车",
    "cotton t-shirts",
    "steel pipes",
    "frozen fish fillets",
    "机器零件",
    "tyres",
    "wooden furniture",
    "tea",
    "other",
]
PLACE_QUERIES = [
    "Duisburg",
    "DEDUI",
    "de dui",
    "Xi'an",
    "xian",
    "Łódź",
    "Malaszewicze",
    "Horgos",
    "Alashankou",
    "Hamburg",
    "Chongqing",
    "Brest",
    "Almaty",
    "Moscow",
    "Rotterdam",
    "ba",
    "san",
    "port",
    "Tilburg",
    "Warszawa",
]


def timings(search: Callable[[str, int], object], queries: list[str], rounds: int) -> list[float]:
    found = []
    for _ in range(rounds):
        for query in queries:
            started = time.perf_counter()
            search(query, 20)
            found.append((time.perf_counter() - started) * 1000)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    setup_django(options.database)
    from cloudcabin.reference.selectors import search_hs, search_places

    search_hs("warm up", 20)
    search_places("warm up", 20)
    report("search_hs", timings(search_hs, HS_QUERIES, options.rounds))
    report("search_places", timings(search_places, PLACE_QUERIES, options.rounds))


if __name__ == "__main__":
    main()
