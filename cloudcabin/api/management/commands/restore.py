"""``manage.py restore archive.tar.gz``: onto an empty database; see cloudcabin.backups."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cloudcabin.backups import BackupError, restore, verify_issued_files


class Command(BaseCommand):
    help = "Restore a backup onto an empty database, then verify every issued file by hash."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="the .tar.gz written by backup")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            summary = restore(options["archive"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        checked, wrong = verify_issued_files()
        if wrong:
            raise CommandError(f"{len(wrong)} issued files do not verify: {wrong[:5]}")
        self.stdout.write(
            f"restore: {summary.vendor} database and {summary.files} issued files; "
            f"{checked} issued files verify by SHA-256 "
            f"({time.perf_counter() - started:.1f} s)"
        )
