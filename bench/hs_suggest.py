"""HS suggestion on the labelled public eval set: accuracy and latency of ``suggest_hs``.

    .venv/bin/python bench/hs_suggest.py [--database PATH] [--eval CSV] [--misses N]

Each row's ``description`` goes through ``compliance.hs.service.suggest_hs`` for an
organization with no issued packs (so only the lexical ranking answers), after one
warm-up call that builds the process-wide tariff index (built once at load, never per
request). Rows whose label is not an HS 2022 code are left out of the accuracy. Reports
top-1 and top-5 at six digits, top-1 at four digits, the Chinese rows (every one must have
its code in the top 5), and the latency per call (median, p95).

Targets (issue 15): hs6 top-5 ≥ 50 %, hs4 top-1 ≥ 35 %, every Chinese row in the top 5,
p95 ≤ 150 ms on 2 cores. Without --database it builds one with bench/reference_load.py.
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

from common import ROOT, report, setup_django

DEFAULT_EVAL = ROOT / "cloudcabin" / "compliance" / "data" / "hs" / "hs-labelled-eval-public.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, default=None)
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--misses", type=int, default=0, help="Print this many misses.")
    options = parser.parse_args()
    setup_django(options.database)
    from cloudcabin.accounts.models import Organization
    from cloudcabin.compliance.hs.service import suggest_hs

    organization = Organization.objects.filter(name_en="HS bench").first()
    if organization is None:
        organization = Organization.objects.create(name_en="HS bench", country="CN")
    with options.eval.open(encoding="utf-8-sig", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["hs6_in_hs2022"] == "yes"]
    started = time.perf_counter()
    suggest_hs("warm up: ball bearings", "en", organization)
    print(f"index built at the first call: {time.perf_counter() - started:.2f} s")
    hs6_1 = hs6_5 = hs4_1 = 0
    chinese = chinese_5 = 0
    timings: list[float] = []
    misses: list[str] = []
    for row in rows:
        started = time.perf_counter()
        found = suggest_hs(row["description"], row["lang"], organization)
        timings.append((time.perf_counter() - started) * 1000)
        codes = [candidate.hs6 for candidate in found.candidates]
        expected = row["hs6"]
        hs6_1 += bool(codes) and codes[0] == expected
        hs6_5 += expected in codes
        hs4_1 += bool(codes) and codes[0][:4] == expected[:4]
        if row["lang"] == "zh":
            chinese += 1
            chinese_5 += expected in codes
        if expected not in codes:
            misses.append(f"    miss {expected} {' '.join(codes)} ← {row['description'][:90]}")
    n = len(rows)
    print(f"eval file: {options.eval.name}, {n} rows with an HS 2022 label")
    print(f"hs6 top-1 {100 * hs6_1 / n:5.1f} %   hs6 top-5 {100 * hs6_5 / n:5.1f} % (target ≥ 50)")
    print(f"hs4 top-1 {100 * hs4_1 / n:5.1f} % (target ≥ 35)")
    print(f"Chinese rows: {chinese_5} of {chinese} with their code in the top 5 (target: all)")
    report("suggest_hs", timings)
    for line in misses[: options.misses]:
        print(line)


if __name__ == "__main__":
    main()
