"""HS search accuracy on the labelled public eval set: top-1 and top-5 at six digits.

    .venv/bin/python bench/hs_search_eval.py [--database PATH] [--eval CSV]

Each row's query goes through ``reference.selectors.search_hs`` (synonyms included), and
a row counts as found at k when its HS 2022 subheading is among the first k hits shown
(a heading or chapter hit does not count). Rows whose label is not in HS 2022 are left
out. Three sets are reported:

- all rows, the query being the row's description (English, Chinese, Thai, Vietnamese);
- the Chinese rows (``lang`` zh): everyday Chinese phrases;
- the Chinese category leaves: the last step of ``category_zh`` (e.g. 项链吊坠) of every
  row that has one, read as a Chinese query for the same label.

Without --database it builds one with bench/reference_load.py (the full reference load).
"""

from __future__ import annotations

import argparse
import csv
import time
from dataclasses import dataclass, field
from pathlib import Path

from common import ROOT, setup_django

DEFAULT_EVAL = ROOT.parent / "shared" / "data" / "compliance" / "hs-labelled-eval-public.csv"
DEFAULT_DATABASE = Path("/tmp/cloudcabin-bench-hs-eval.sqlite3")
TOP = 5


@dataclass
class Tally:
    label: str
    rows: int = 0
    top1: int = 0
    top5: int = 0
    misses: list[tuple[str, str, list[str]]] = field(default_factory=list)

    def add(self, query: str, expected: str, found: list[str]) -> None:
        self.rows += 1
        self.top1 += bool(found) and found[0] == expected
        if expected in found[:TOP]:
            self.top5 += 1
        else:
            self.misses.append((query, expected, found[:TOP]))

    def line(self) -> str:
        if not self.rows:
            return f"{self.label:<34} no rows"
        return (
            f"{self.label:<34} n={self.rows:<4} top-1 {100 * self.top1 / self.rows:5.1f} %"
            f"   top-{TOP} {100 * self.top5 / self.rows:5.1f} %"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, default=DEFAULT_DATABASE)
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--misses", type=int, default=0, help="Print this many misses per set.")
    parser.add_argument("--dump", type=Path, help="Write every query's top 5 to this CSV.")
    options = parser.parse_args()
    setup_django(options.database)
    from cloudcabin.errors import ProblemError
    from cloudcabin.reference.selectors import search_hs

    def codes(query: str) -> list[str]:
        try:
            return [hit.code for hit in search_hs(query, 20)]
        except ProblemError:
            return []

    with options.eval.open(encoding="utf-8-sig", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["hs6_in_hs2022"] == "yes"]
    every, chinese, leaves = (
        Tally("all rows (description)"),
        Tally("Chinese rows (lang zh)"),
        Tally("Chinese category leaves"),
    )
    started = time.perf_counter()
    answers: list[tuple[str, str, str]] = []
    for row in rows:
        found = codes(row["description"])
        answers.append((row["id"], row["hs6"], " ".join(found[:TOP])))
        every.add(row["description"], row["hs6"], found)
        if row["lang"] == "zh":
            chinese.add(row["description"], row["hs6"], found)
        leaf = row["category_zh"].split(">")[-1].strip()
        if leaf:
            leaves.add(leaf, row["hs6"], codes(leaf))
    elapsed = time.perf_counter() - started
    print(f"eval file: {options.eval.name}, {len(rows)} rows with an HS 2022 label")
    for tally in (every, chinese, leaves):
        print(tally.line())
        for query, expected, found in tally.misses[: options.misses]:
            print(f"    miss {expected} {' '.join(found) or '—'}  ← {query[:90]}")
    print(f"searches took {elapsed:.1f} s")
    if options.dump:
        with options.dump.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([("id", "hs6", "top5"), *answers])


if __name__ == "__main__":
    main()
