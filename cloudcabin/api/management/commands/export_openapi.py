"""Write the OpenAPI document to docs/openapi.json, or with --check fail when it drifted."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cloudcabin.api.main import api

OPENAPI_PATH = settings.BASE_DIR / "docs" / "openapi.json"


def current_openapi() -> str:
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


class Command(BaseCommand):
    help = "Generate docs/openapi.json from the API; --check fails if the committed one differs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true")

    def handle(self, *args: Any, check: bool = False, **options: Any) -> None:
        text = current_openapi()
        if check:
            committed = OPENAPI_PATH.read_text() if OPENAPI_PATH.exists() else ""
            if committed != text:
                raise CommandError(
                    "docs/openapi.json is out of date: run `python manage.py export_openapi`."
                )
            self.stdout.write("docs/openapi.json is up to date.")
            return
        OPENAPI_PATH.parent.mkdir(exist_ok=True)
        OPENAPI_PATH.write_text(text)
        self.stdout.write(f"Wrote {OPENAPI_PATH}")
