"""Write the OpenAPI document to docs/openapi.json, or with --check fail when it drifted.

The document is the one the running application serves at /api/v1/openapi.json,
fetched through Django's test client: a schema built by hand with its own path prefix
once listed five operations under ``/api/v1shipments/…`` that answered 404.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test import Client
from django.urls import reverse

OPENAPI_PATH = settings.BASE_DIR / "docs" / "openapi.json"


def _allowed_host() -> str:
    """A host name the site accepts, so the request passes ALLOWED_HOSTS checks."""
    for host in settings.ALLOWED_HOSTS:
        if host not in ("*", "") and not host.startswith("."):
            return host
    return "localhost"


def served_openapi() -> dict[str, Any]:
    response = Client().get(reverse("api:openapi-json"), headers={"host": _allowed_host()})
    if response.status_code != 200:
        raise CommandError(f"/api/v1/openapi.json answered {response.status_code}.")
    schema: dict[str, Any] = json.loads(response.content)
    return schema


def current_openapi() -> str:
    return json.dumps(served_openapi(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


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
