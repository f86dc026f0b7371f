from __future__ import annotations

import json

from cloudcabin.api.management.commands.export_openapi import OPENAPI_PATH, current_openapi


def test_the_committed_openapi_document_matches_the_api():
    assert OPENAPI_PATH.read_text() == current_openapi(), (
        "docs/openapi.json drifted: run `python manage.py export_openapi` and commit it"
    )


def test_the_openapi_document_lists_the_accounts_and_reference_endpoints():
    paths = json.loads(current_openapi())["paths"]
    assert "/api/v1/accounts/api-keys" in paths
    assert any(path.startswith("/api/v1/reference/") for path in paths)
