"""``manage.py load_network [--force]``: load the seed network from cloudcabin/network/data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cloudcabin.network.loading import load_network_data


class Command(BaseCommand):
    help = "Load the seed nodes, legs, tariffs, emission factors and corridors (indicative)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Reload even when unchanged.")
        parser.add_argument("--data-dir", type=Path, default=None, help="Read files from here.")

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_network_data(data_dir=options["data_dir"], force=options["force"])
        state = "unchanged" if result.skipped else "loaded"
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.name:<12} {state:<9} {result.rows:>5} rows {result.seconds:.3f} s"
            )
        )
