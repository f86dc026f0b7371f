"""``manage.py backup var/backups/cloudcabin-2026-12-01.tar.gz``: see cloudcabin.backups."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cloudcabin.backups import BackupError, backup


class Command(BaseCommand):
    help = "Write the database and every issued file into one archive with checksums."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="the .tar.gz to write")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            summary = backup(options["archive"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"backup: {summary.vendor} database and {summary.files} issued files "
            f"({summary.bytes:,} bytes) in {options['archive']} "
            f"({time.perf_counter() - started:.1f} s)"
        )
