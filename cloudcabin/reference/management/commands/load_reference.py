"""``manage.py load_reference [--force] [--only NAME ...]``: load the reference data files."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cloudcabin.reference.loading import datasets, load_reference_data


class Command(BaseCommand):
    help = "Load HS, UN/LOCODE, countries, currencies, containers, customs tables and CIQ codes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Reload files even when unchanged."
        )
        parser.add_argument(
            "--only",
            nargs="+",
            default=[],
            choices=[dataset.name for dataset in datasets()],
            help="Load only these datasets.",
        )
        parser.add_argument("--data-dir", type=Path, default=None, help="Read files from here.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        results = load_reference_data(
            data_dir=options["data_dir"], force=options["force"], only=options["only"]
        )
        for result in results:
            state = "unchanged" if result.skipped else "loaded"
            self.stdout.write(
                f"{result.name:<32} {state:<9} {result.rows:>7} rows {result.seconds:>8.3f} s"
            )
            if result.note:
                self.stdout.write(f"{'':<32} {result.note}")
        total = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"{'total':<32} {'':<9} {'':>12} {total:>8.3f} s"))
