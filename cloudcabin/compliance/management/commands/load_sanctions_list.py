"""``manage.py load_sanctions_list <list> <file…> [--published YYYY-MM-DD]`` or
``manage.py load_sanctions_list --samples``: load a sanctions list file as the list's new
current version (the same file twice changes nothing; a malformed file changes nothing)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cloudcabin.compliance.lists.samples import load_samples
from cloudcabin.compliance.lists.services import LoadResult, load_list
from cloudcabin.compliance.models.lists import ListSource
from cloudcabin.errors import ProblemError


class Command(BaseCommand):
    help = (
        "Load a sanctions list file as the list's current version. Lists: "
        + ", ".join(ListSource.values)
        + ". OFAC lists take their CSV files together (sdn.csv add.csv alt.csv)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", nargs="?", choices=ListSource.values)
        parser.add_argument("paths", nargs="*", type=Path)
        parser.add_argument("--published", type=date.fromisoformat, default=None)
        parser.add_argument(
            "--samples", action="store_true", help="Load the samples in compliance/data."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["samples"]:
                for source, result in load_samples():
                    self._report(source, result)
                return
            if not options["source"] or not options["paths"]:
                raise CommandError("Give a list and its file(s), or --samples.")
            files = []
            for path in options["paths"]:
                if not path.is_file():
                    raise CommandError(f"{path}: no such file")
                files.append((path.name, path.read_bytes()))
            result = load_list(options["source"], files, published=options["published"])
        except ProblemError as exc:
            raise CommandError("; ".join(found.message for found in exc.problems)) from exc
        self._report(options["source"], result)

    def _report(self, source: str, result: LoadResult) -> None:
        version = result.version
        state = "loaded" if result.created else "unchanged (this file was loaded before)"
        self.stdout.write(
            self.style.SUCCESS(
                f"{source:<13} {state}: {version.entry_count} entries, "
                f"SHA-256 {version.sha256[:12]}, published {version.published or '?'}"
            )
        )
