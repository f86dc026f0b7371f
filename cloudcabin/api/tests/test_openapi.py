from __future__ import annotations

import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import Resolver404, resolve

from cloudcabin.api.management.commands import export_openapi
from cloudcabin.api.management.commands.export_openapi import (
    OPENAPI_PATH,
    current_openapi,
    served_openapi,
)


def test_the_committed_openapi_document_matches_the_api():
    assert OPENAPI_PATH.read_text() == current_openapi(), (
        "docs/openapi.json drifted: run `python manage.py export_openapi` and commit it"
    )


def test_the_openapi_document_lists_the_accounts_and_reference_endpoints():
    paths = json.loads(current_openapi())["paths"]
    assert "/api/v1/accounts/api-keys" in paths
    assert any(path.startswith("/api/v1/reference/") for path in paths)


def test_every_path_in_the_served_schema_resolves_to_a_view():
    unresolved = []
    for template in served_openapi()["paths"]:
        # Every path parameter here is an id or a code: "1" fits both converters.
        url = re.sub(r"\{[^}]+\}", "1", template)
        try:
            resolve(url)
        except Resolver404:
            unresolved.append(template)
    assert unresolved == []


def test_the_committed_document_names_only_paths_that_resolve():
    committed = json.loads(OPENAPI_PATH.read_text())["paths"]
    assert not [path for path in committed if not path.startswith("/api/v1/")]


def test_the_drift_check_fails_on_a_document_with_a_path_the_application_does_not_serve(
    tmp_path, monkeypatch
):
    schema = served_openapi()
    schema["paths"]["/api/v1shipments/import-templates"] = schema["paths"].pop(
        "/api/v1/shipments/import-templates"
    )
    wrong = tmp_path / "openapi.json"
    wrong.write_text(json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
    monkeypatch.setattr(export_openapi, "OPENAPI_PATH", wrong)
    with pytest.raises(CommandError, match="out of date"):
        call_command("export_openapi", "--check")
