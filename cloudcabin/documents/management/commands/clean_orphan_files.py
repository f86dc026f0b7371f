"""``manage.py clean_orphan_files [--delete]``: stored files no record points to.

An issue writes its files just before it takes the shipment's lock, and removes them if
its records are not committed; only a crash between the write and the commit (a killed
worker, a lost machine) leaves files that no ``IssuedFile`` names. Spreadsheets abandoned
at the import's mapping step are removed after a day. Lists them; ``--delete`` removes
them. Files younger than ``--older-than`` minutes are left alone: they may belong to an
issue that has not committed yet.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cloudcabin import storage
from cloudcabin.documents.models import IssuedFile


class Command(BaseCommand):
    help = "List (or with --delete remove) stored files that no record points to."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--delete", action="store_true", help="remove them (default: list)")
        parser.add_argument(
            "--older-than",
            type=int,
            default=60,
            metavar="MINUTES",
            help="only files last written longer ago than this (default 60)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        issued = set(IssuedFile.objects.values_list("file", flat=True))
        found = storage.orphans(issued, older_than=timedelta(minutes=options["older_than"]))
        for orphan in found:
            self.stdout.write(f"{orphan.name}\t{orphan.size}\t{orphan.modified.isoformat()}")
        total = sum(orphan.size for orphan in found)
        if options["delete"]:
            for orphan in found:
                storage.storage().delete(orphan.name)
            self.stdout.write(f"removed {len(found)} files ({total:,} bytes)")
        else:
            self.stdout.write(
                f"{len(found)} files ({total:,} bytes) no record points to; --delete removes them"
            )
