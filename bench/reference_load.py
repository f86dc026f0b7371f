"""Time the full reference-data load into a fresh SQLite database.

    .venv/bin/python bench/reference_load.py [--keep PATH]

Creates a temporary SQLite file, runs ``migrate`` and ``load_reference --force``
(which prints per-dataset timings), then times a second, unchanged run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(database: Path, *args: str) -> float:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DEBUG": "1"}
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], check=True, env=env)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="Keep the database at this path.")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        database = options.keep or Path(tmp) / "reference-bench.sqlite3"
        for stale in database.parent.glob(database.name + "*"):
            stale.unlink()
        migrate = manage(database, "migrate", "--verbosity", "0")
        print(f"migrate: {migrate:.2f} s")
        full = manage(database, "load_reference", "--force")
        print(f"full load, whole process (incl. Django start-up): {full:.2f} s")
        again = manage(database, "load_reference")
        print(f"second run, unchanged files (whole process): {again:.2f} s")


if __name__ == "__main__":
    main()
