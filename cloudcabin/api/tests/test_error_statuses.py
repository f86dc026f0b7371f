"""401 is for who you are, 403 for what you may do; oversized and unreadable bodies,
unknown paths, wrong methods and crashes all answer in the error shape."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from cloudcabin.accounts.services import revoke_api_key
from conftest import Tenants

pytestmark = pytest.mark.django_db


def _codes(response) -> list[str]:
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return [error["code"] for error in response.json()["errors"]]


def _browser() -> Client:
    return Client(enforce_csrf_checks=True)


def _write(client: Client, **headers: str):
    return client.patch(
        "/api/v1/accounts/organization",
        {"name_en": "Changed"},
        content_type="application/json",
        headers=headers,
    )


def test_a_write_without_credentials_is_401_with_www_authenticate():
    response = _write(_browser())
    assert response.status_code == 401
    assert _codes(response) == ["AUTH_REQUIRED"]
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "headers",
    [
        {"X-API-Key": "cc_not-a-key"},
        {"X-API-Key": "garbage"},
        {"Authorization": "Bearer cc_not-a-key"},
        {"Authorization": "Basic b3duZXI6cGFzcw=="},
    ],
)
def test_a_write_with_malformed_or_unknown_credentials_is_401(headers):
    response = _write(_browser(), **headers)
    assert response.status_code == 401
    assert _codes(response) == ["AUTH_REQUIRED"]


def test_a_write_with_a_revoked_key_is_401(tenants: Tenants):
    plain = tenants.api_key()
    revoke_api_key(actor=tenants.actor(tenants.owner), key_id=tenants.org.api_keys.get().pk)
    response = _write(_browser(), **{"X-API-Key": plain})
    assert response.status_code == 401


def test_a_read_only_key_writing_is_403_permission_denied(tenants: Tenants):
    response = _write(_browser(), **{"X-API-Key": tenants.api_key(access="read_only")})
    assert response.status_code == 403
    assert _codes(response) == ["PERMISSION_DENIED"]


def test_a_signed_in_session_without_the_csrf_token_is_403_csrf_failed(tenants: Tenants):
    client = _browser()
    client.force_login(tenants.owner)
    response = _write(client)
    assert response.status_code == 403
    assert _codes(response) == ["CSRF_FAILED"]


def test_a_json_body_over_the_limit_is_413_even_on_the_public_route_search():
    body = json.dumps({"origin": "x" * 3_000_000})
    response = Client().post("/api/v1/network/routes/search", body, content_type="application/json")
    assert response.status_code == 413
    assert _codes(response) == ["REQUEST_TOO_LARGE"]
    assert "2.5 MB" in response.json()["errors"][0]["message"]


def test_multipart_without_a_boundary_on_the_public_verify_route_is_400():
    response = Client().post(
        "/api/v1/documents/verify/ABCDEFGH", b"x", content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert _codes(response) == ["REQUEST_MALFORMED"]


def test_an_unknown_api_path_is_404_in_the_error_shape():
    response = Client().get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert _codes(response) == ["NOT_FOUND"]


def test_a_wrong_method_is_405_in_the_error_shape_with_allow():
    response = Client().delete("/api/v1/network/routes/search")
    assert response.status_code == 405
    assert _codes(response) == ["METHOD_NOT_ALLOWED"]
    assert "POST" in response["Allow"]


def test_a_crash_in_an_api_view_is_500_in_the_error_shape(tenants: Tenants, monkeypatch):
    def crash(organization):
        raise RuntimeError("a bug")

    monkeypatch.setattr("cloudcabin.accounts.selectors.members_of", crash)
    client = Client(headers={"X-API-Key": tenants.api_key()}, raise_request_exception=False)
    response = client.get("/api/v1/accounts/members")
    assert response.status_code == 500
    assert _codes(response) == ["SERVER_ERROR"]
