"""``manage.py load_goods_rules [--data-dir DIR]``: the seed goods rules (idempotent)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cloudcabin.compliance.goods.loading import DATA_DIR, load_goods_rules
from cloudcabin.errors import ProblemError


class Command(BaseCommand):
    help = "Load the seed rules of goods restricted on the route from compliance/data/goods."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data-dir", type=Path, default=DATA_DIR, help="Read files from here.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = load_goods_rules(options["data_dir"])
        except ProblemError as exc:
            raise CommandError("; ".join(p.message for p in exc.problems)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"goods rules: {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged, {result.kept} kept as edited, "
                f"{result.deleted} deleted"
            )
        )
