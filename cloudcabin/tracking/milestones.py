"""The milestone table's seed: ``tracking/data/milestones.csv`` (sources in its note column:
DCSA Track & Trace 2.x and event domain 3.2.0 codes, UN/ECE Recommendation 24 status codes,
as compiled in the research notes on tracking)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

SEED = Path(__file__).parent / "data" / "milestones.csv"


def seed_rows() -> list[dict[str, Any]]:
    with SEED.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["sequence"] = int(row["sequence"])
        row["public"] = row["public"] == "1"
    return rows


def load_milestones(model: Any) -> int:
    """Insert or update every seeded milestone (operators' other rows stay)."""
    rows = seed_rows()
    for row in rows:
        key = row.pop("key")
        model.objects.update_or_create(key=key, defaults=row)
    return len(rows)
