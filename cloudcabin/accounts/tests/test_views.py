from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cloudcabin.accounts.models import AccountEvent, ApiKey, Membership, Organization, User
from conftest import PASSWORD

pytestmark = pytest.mark.django_db

OWNER_PAGES = ["accounts:home", "accounts:organization", "accounts:members", "accounts:api_keys"]


def test_anonymous_visitors_are_sent_to_sign_in():
    response = Client().get(reverse("accounts:organization"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("page", OWNER_PAGES)
def test_each_page_shows_the_members_own_organization(tenants, page):
    for user in (tenants.owner, tenants.colleague):
        response = tenants.client_for(user).get(reverse(page))
        assert response.status_code == 200
        assert "Xi&#x27;an Silk Road" in response.content.decode()
        assert "Duisburg Import" not in response.content.decode()


def test_sign_up_creates_the_account_and_signs_in():
    client = Client()
    response = client.post(
        reverse("accounts:signup"),
        {
            "full_name": "Wang Lei",
            "email": "wang@chongqing.example",
            "password": "a long enough password 1",
            "name_en": "Chongqing Trading",
            "name_zh": "重庆贸易有限公司",
            "country": "CN",
            "uscc": "91110000600037341L",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:home")).status_code == 200
    assert Organization.objects.get().name_en == "Chongqing Trading"


def test_sign_up_shows_the_identifier_error_beside_its_field_and_saves_nothing():
    response = Client().post(
        reverse("accounts:signup"),
        {
            "email": "x@berlin.example",
            "password": "a long enough password 1",
            "name_en": "Berlin GmbH",
            "country": "DE",
            "vat_number": "DE000000000",
        },
    )
    assert response.status_code == 200
    assert 'data-field="vat_number"' in response.content.decode()
    assert not User.objects.exists()


def test_login_is_locked_after_repeated_failures(tenants, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    url = reverse("accounts:login")
    for _ in range(3):
        client.post(url, {"username": tenants.owner.email, "password": "wrong"})
    response = client.post(url, {"username": tenants.owner.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_login_with_the_right_password_signs_in(tenants):
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": tenants.owner.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(tenants.owner.pk)


def test_a_read_only_colleague_cannot_change_the_organization(tenants):
    client = tenants.client_for(tenants.colleague)
    page = client.get(reverse("accounts:organization")).content.decode()
    assert '<form method="post" class="card form"' not in page
    client.post(reverse("accounts:organization"), {"name_en": "Hacked", "country": "CN"})
    tenants.org.refresh_from_db()
    assert tenants.org.name_en.startswith("Xi'an")


def test_a_read_only_colleague_cannot_create_api_keys(tenants):
    tenants.client_for(tenants.colleague).post(
        reverse("accounts:api_keys"), {"name": "mine", "access": "read_write"}
    )
    assert not ApiKey.objects.exists()


def test_the_owner_creates_a_key_and_sees_it_once(tenants):
    client = tenants.client_for(tenants.owner)
    page = client.post(
        reverse("accounts:api_keys"), {"name": "ERP", "access": "read_only"}, follow=True
    )
    plain = page.context["plain_key"]
    assert plain.startswith("cc_") and plain in page.content.decode()
    assert plain not in client.get(reverse("accounts:api_keys")).content.decode()
    assert ApiKey.objects.count() == 1


def test_a_stranger_gets_404_revoking_someone_elses_key(tenants):
    tenants.api_key(tenants.owner)
    key = ApiKey.objects.get()
    response = tenants.client_for(tenants.stranger).post(
        reverse("accounts:revoke_api_key", args=[key.pk])
    )
    assert response.status_code == 404
    key.refresh_from_db()
    assert key.revoked_at is None


@pytest.mark.parametrize("action", ["accounts:change_role", "accounts:remove_member"])
def test_a_stranger_gets_404_changing_someone_elses_member(tenants, action):
    bob = Membership.objects.get(user=tenants.colleague)
    response = tenants.client_for(tenants.stranger).post(
        reverse(action, args=[bob.pk]), {"role": "owner"}
    )
    assert response.status_code == 404
    bob.refresh_from_db()
    assert bob.role == "read_only"


def test_a_read_only_colleague_cannot_promote_themselves(tenants):
    bob = Membership.objects.get(user=tenants.colleague)
    tenants.client_for(tenants.colleague).post(
        reverse("accounts:change_role", args=[bob.pk]), {"role": "owner"}
    )
    bob.refresh_from_db()
    assert bob.role == "read_only"


def test_a_stranger_cannot_switch_into_another_organization(tenants):
    client = tenants.client_for(tenants.stranger)
    response = client.post(
        reverse("accounts:switch_organization"), {"organization": tenants.org.pk}
    )
    assert response.status_code == 404
    assert "Xi&#x27;an" not in client.get(reverse("accounts:home")).content.decode()


def test_a_member_of_two_organizations_switches_between_them_in_one_membership_query(tenants):
    Membership.objects.create(user=tenants.owner, organization=tenants.stranger_org, role="member")
    client = tenants.client_for(tenants.owner)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("accounts:home")).content.decode()
    # The switcher lists both, the first one chosen; both came with the member's own row.
    assert page.count('<option value="') >= 2
    assert f'<option value="{tenants.org.pk}" selected>' in page
    assert f'<option value="{tenants.stranger_org.pk}" >' in page
    reads = [q for q in queries.captured_queries if 'FROM "accounts_membership"' in q["sql"]]
    assert len(reads) == 1
    client.post(reverse("accounts:switch_organization"), {"organization": tenants.stranger_org.pk})
    page = client.get(reverse("accounts:home")).content.decode()
    assert f'<option value="{tenants.stranger_org.pk}" selected>' in page
    assert "Duisburg Import" in page


def test_the_owner_invites_and_the_invitee_joins(tenants):
    client = tenants.client_for(tenants.owner)
    page = client.post(
        reverse("accounts:members"),
        {"email": "dan@silkroad.example", "role": "member"},
        follow=True,
    )
    link = page.context["invitation_link"]
    path = link[link.index("/invitations/") :]
    invitee = Client()
    assert invitee.get(path).status_code == 200
    response = invitee.post(path, {"full_name": "Dan", "password": "another good password 7"})
    assert response.status_code == 302
    assert Membership.objects.get(user__email="dan@silkroad.example").organization == tenants.org


def test_an_unknown_invitation_is_404():
    assert Client().get("/invitations/not-a-token/").status_code == 404


def test_switching_language_is_remembered_on_the_account(tenants):
    client = tenants.client_for(tenants.owner)
    client.post(reverse("accounts:language"), {"language": "zh-hans", "next": "/organization/"})
    tenants.owner.refresh_from_db()
    assert tenants.owner.language == "zh-hans"
    page = client.get(reverse("accounts:home"))
    assert page.context["LANGUAGE_CODE"] == "zh-hans"
    assert '<html lang="zh-hans">' in page.content.decode()


def test_language_switch_ignores_an_offsite_next(tenants):
    response = Client().post(
        reverse("accounts:language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_the_home_page_lists_the_organizations_events_only(tenants):
    tenants.api_key(tenants.stranger)
    assert AccountEvent.objects.count() == 1
    page = tenants.client_for(tenants.owner).get(reverse("accounts:home"))
    assert list(page.context["events"]) == []


def test_healthz_reports_the_database():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"]["status"] == "up"


def test_pages_speak_chinese_to_a_chinese_user(tenants):
    User.objects.filter(pk=tenants.owner.pk).update(language="zh-hans")
    page = tenants.client_for(tenants.owner).get(reverse("accounts:api_keys")).content.decode()
    assert "API 密钥" in page and "创建密钥" in page


def test_the_members_page_does_not_query_per_member(tenants, django_assert_max_num_queries):
    for number in range(15):
        user = User.objects.create_user(f"clerk{number}@silkroad.example", PASSWORD)
        Membership.objects.create(user=user, organization=tenants.org, role="member")
    client = tenants.client_for(tenants.owner)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("accounts:members"))
    assert response.content.decode().count("@silkroad.example") >= 17
