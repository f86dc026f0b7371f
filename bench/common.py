"""Shared by the benchmark scripts: a loaded SQLite database, Django set-up, and reporting."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = Path("/tmp/cloudcabin-bench-reference.sqlite3")


def setup_django(database: Path | None = None) -> None:
    """Use ``database`` (built with the full reference load if absent) and start Django."""
    database = database or DEFAULT_DATABASE
    if not database.exists():
        script = ROOT / "bench" / "reference_load.py"
        subprocess.run([sys.executable, str(script), "--keep", str(database)], check=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cloudcabin.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def report(label: str, values_ms: list[float]) -> None:
    ordered = sorted(values_ms)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    print(
        f"{label:<28} n={len(values_ms):<4} median {statistics.median(values_ms):7.1f} ms"
        f"   p95 {p95:7.1f} ms   max {ordered[-1]:7.1f} ms"
    )


def cpu_times() -> tuple[int, int, int]:
    """All cores' busy, stolen and total clock ticks since boot (Linux ``/proc/stat``).

    Busy is user, nice, system, irq and softirq time; stolen is time the hypervisor gave
    another machine while this one had work: a busy host shows here, not in our processes.
    """
    first_line = Path("/proc/stat").read_text().split("\n", 1)[0]
    user, nice, system, idle, iowait, irq, softirq, steal = map(int, first_line.split()[1:9])
    return (
        user + nice + system + irq + softirq,
        steal,
        user + nice + system + idle + iowait + irq + softirq + steal,
    )


def host_speed_ms(runs: int = 5) -> float:
    """The median time of a fixed pure-Python loop: how fast a core of this host is now.

    Load-test figures from different hours are comparable only on hosts of similar speed;
    ``bench/load.py`` prints this before each run.
    """
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        total = 0
        for number in range(1_000_000):
            total += number % 7
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)
