"""CI: two PostgreSQL databases hold the same tables with the same number of rows each.

python scripts/compare_row_counts.py postgres://…/original postgres://…/restored
"""

from __future__ import annotations

import sys

import psycopg

QUERY = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"


def counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as db:
        tables = sorted(row[0] for row in db.execute(QUERY))
        return {
            table: db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # type: ignore[index]
            for table in tables
        }


original, restored = counts(sys.argv[1]), counts(sys.argv[2])
differences = {
    t: (original.get(t), restored.get(t))
    for t in original.keys() | restored.keys()
    if original.get(t) != restored.get(t)
}
if differences:
    sys.exit(f"restored database differs (table: original, restored): {differences}")
print(f"restored database: {len(original)} tables, {sum(original.values())} rows, all equal")
