from __future__ import annotations

import pytest
from django.test import Client

from cloudcabin.accounts.models import ApiKey, Membership, User

pytestmark = pytest.mark.django_db
API = "/api/v1/accounts"


def with_key(key: str) -> dict[str, str]:
    return {"HTTP_X_API_KEY": key}


def test_without_credentials_the_api_answers_401_in_the_error_shape():
    response = Client().get(f"{API}/organization")
    assert response.status_code == 401
    assert response.json() == {
        "errors": [
            {
                "code": "AUTH_REQUIRED",
                "severity": "error",
                "path": "",
                "message": "Sign in or send a valid API key.",
            }
        ]
    }


def test_an_api_key_reads_its_own_organization(tenants):
    response = Client().get(f"{API}/organization", **with_key(tenants.api_key()))
    assert response.status_code == 200
    assert response.json()["name_zh"] == "西安丝路贸易有限公司"


def test_a_bearer_token_works_like_the_header(tenants):
    key = tenants.api_key()
    response = Client().get(f"{API}/organization", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.json()["id"] == tenants.org.pk


def test_the_stranger_key_sees_only_the_strangers_organization(tenants):
    response = Client().get(f"{API}/members", **with_key(tenants.api_key(tenants.stranger)))
    assert [m["email"] for m in response.json()] == ["charlie@duisburg.example"]


def test_a_session_authenticates_the_api_for_the_acting_organization(tenants):
    response = tenants.client_for(tenants.colleague).get(f"{API}/organization")
    assert response.json()["id"] == tenants.org.pk


def test_a_revoked_key_is_refused(tenants):
    key = tenants.api_key()
    ApiKey.objects.update(revoked_at="2026-01-01T00:00:00Z")
    assert Client().get(f"{API}/organization", **with_key(key)).status_code == 401


def test_api_keys_cannot_manage_organization_settings(tenants):
    response = Client().patch(
        f"{API}/organization",
        data={"name_en": "Renamed"},
        content_type="application/json",
        **with_key(tenants.api_key(access="read_only")),
    )
    assert response.status_code == 403
    assert response.json()["errors"][0]["code"] == "PERMISSION_DENIED"


def test_the_owner_patches_the_organization_and_bad_input_names_the_field(tenants):
    client = tenants.client_for(tenants.owner)
    response = client.patch(
        f"{API}/organization", data={"vat_number": "DE1"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["path"] == "vat_number"
    response = client.patch(
        f"{API}/organization", data={"address": "Xi'an Port"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["address"] == "Xi'an Port"


def test_the_read_only_colleague_cannot_patch_the_organization(tenants):
    response = tenants.client_for(tenants.colleague).patch(
        f"{API}/organization", data={"address": "x"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_a_malformed_body_is_a_422_naming_the_field(tenants):
    response = tenants.client_for(tenants.owner).post(
        f"{API}/api-keys", data={"name": ["not", "a", "string"]}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["path"] == "name"


def test_the_owner_creates_lists_and_revokes_keys_by_api(tenants):
    client = tenants.client_for(tenants.owner)
    created = client.post(
        f"{API}/api-keys",
        data={"name": "ERP", "access": "read_only"},
        content_type="application/json",
    )
    assert created.status_code == 201
    plain = created.json()["key"]
    listed = client.get(f"{API}/api-keys").json()
    assert [k["name"] for k in listed] == ["ERP"] and "key" not in listed[0]
    revoked = client.delete(f"{API}/api-keys/{created.json()['id']}")
    assert revoked.json()["revoked_at"] is not None
    assert Client().get(f"{API}/organization", **with_key(plain)).status_code == 401


def test_a_stranger_gets_404_revoking_someone_elses_key_by_api(tenants):
    tenants.api_key()
    key = ApiKey.objects.get()
    response = tenants.client_for(tenants.stranger).delete(f"{API}/api-keys/{key.pk}")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "NOT_FOUND"
    key.refresh_from_db()
    assert key.revoked_at is None


def test_the_read_only_colleague_cannot_list_or_create_keys(tenants):
    client = tenants.client_for(tenants.colleague)
    assert client.get(f"{API}/api-keys").status_code == 403
    response = client.post(f"{API}/api-keys", data={"name": "x"}, content_type="application/json")
    assert response.status_code == 403 and not ApiKey.objects.exists()


def test_errors_come_in_chinese_for_a_chinese_client(tenants):
    response = Client().get(f"{API}/organization", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.json()["errors"][0]["message"] == "请登录或提供有效的 API 密钥。"


def test_listing_members_does_not_query_per_member(tenants, django_assert_max_num_queries):
    for number in range(10):
        user = User.objects.create_user(f"clerk{number}@silkroad.example", "x")
        Membership.objects.create(user=user, organization=tenants.org, role="member")
    key = tenants.api_key()
    with django_assert_max_num_queries(4):
        response = Client().get(f"{API}/members", **with_key(key))
    assert len(response.json()) == 12
