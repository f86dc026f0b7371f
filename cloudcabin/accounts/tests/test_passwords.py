"""Password reset by e-mailed link, password change, and e-mail addresses that ignore case."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from cloudcabin.accounts.models import User
from cloudcabin.accounts.passwords import CHANGE_RATE, RESET_RATE
from conftest import PASSWORD

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a brand new passphrase 93"
# Reachable without signing in, on purpose: the person has lost their password.
PUBLIC_PASSWORD_PAGES = ("accounts:password_reset", "accounts:password_reset_done")


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    """Rate-limit counters live in the cache, which outlives a test's transaction."""
    cache.clear()


def signs_in(email: str, password: str) -> bool:
    client = Client()
    client.post(reverse("accounts:login"), {"username": email, "password": password})
    return "_auth_user_id" in client.session


def reset_link(settings) -> str:
    assert len(mail.outbox) == 1
    found = re.search(re.escape(settings.SITE_URL) + r"(/password/reset/\S+/)", mail.outbox[0].body)
    assert found, mail.outbox[0].body
    return str(found.group(1))


def test_the_sign_in_page_offers_the_password_reset(tenants):
    page = Client().get(reverse("accounts:login")).content.decode()
    assert reverse("accounts:password_reset") in page


def test_a_forgotten_password_is_reset_with_the_link_from_the_email(tenants, settings):
    settings.SITE_URL = "https://cabin.example"
    client = Client()
    sent = client.post(reverse("accounts:password_reset"), {"email": "ALICE@SilkRoad.example"})
    assert sent.status_code == 302 and sent["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox[0].to == [tenants.owner.email]
    path = reset_link(settings)

    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200 and form_page.context["validlink"]
    saved = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert saved.status_code == 302
    assert saved["Location"] == reverse("accounts:password_reset_complete")
    assert signs_in(tenants.owner.email, NEW_PASSWORD)
    assert not signs_in(tenants.owner.email, PASSWORD)

    again = Client().get(path, follow=True)
    assert not again.context["validlink"]  # the link worked once
    assert 'data-testid="reset-invalid"' in again.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_email(tenants):
    sent = Client().post(reverse("accounts:password_reset"), {"email": "nobody@nowhere.example"})
    assert sent.status_code == 302 and sent["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_the_reset_email_is_written_in_the_accounts_language(tenants):
    User.objects.filter(pk=tenants.owner.pk).update(language="zh-hans")
    Client().post(reverse("accounts:password_reset"), {"email": tenants.owner.email})
    assert mail.outbox[0].subject.startswith("云舱")


def test_reset_requests_are_rate_limited_per_client(tenants):
    client = Client()
    url = reverse("accounts:password_reset")
    codes = [
        client.post(url, {"email": tenants.owner.email}).status_code
        for _ in range(RESET_RATE[0] + 2)
    ]
    assert codes == [302] * RESET_RATE[0] + [429, 429]
    assert len(mail.outbox) == RESET_RATE[0]
    refused = client.post(url, {"email": tenants.owner.email})
    assert "Too many attempts" in refused.content.decode()


def test_a_signed_in_person_changes_their_password_and_stays_signed_in(tenants):
    client = tenants.client_for(tenants.owner)
    assert (
        reverse("accounts:password_change") in client.get(reverse("accounts:home")).content.decode()
    )
    wrong = client.post(
        reverse("accounts:password_change"),
        {"old_password": "not it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 200 and 'data-field="old_password"' in wrong.content.decode()
    changed = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert changed["Location"] == reverse("accounts:password_change_done")
    assert client.get(reverse("accounts:password_change_done")).status_code == 200
    assert client.get(reverse("accounts:home")).status_code == 200  # still signed in
    assert signs_in(tenants.owner.email, NEW_PASSWORD)
    assert not signs_in(tenants.owner.email, PASSWORD)


def test_password_change_guesses_are_rate_limited(tenants):
    client = tenants.client_for(tenants.owner)
    url = reverse("accounts:password_change")
    guess = {"old_password": "guess", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    codes = [client.post(url, guess).status_code for _ in range(CHANGE_RATE[0] + 1)]
    assert codes == [200] * CHANGE_RATE[0] + [429]


def test_password_pages_for_the_signed_in_send_visitors_to_sign_in():
    for name in ("accounts:password_change", "accounts:password_change_done"):
        response = Client().get(reverse(name))
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("name", PUBLIC_PASSWORD_PAGES)
def test_the_password_reset_pages_are_public_and_show_no_company_data(tenants, name):
    page = Client().get(reverse(name))
    assert page.status_code == 200
    assert "Silk Road" not in page.content.decode()


def test_a_changed_password_of_one_person_leaves_the_stranger_untouched(tenants):
    Client().post(reverse("accounts:password_reset"), {"email": tenants.stranger.email})
    assert mail.outbox[0].to == [tenants.stranger.email]
    stranger = tenants.client_for(tenants.stranger)
    stranger.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert signs_in(tenants.owner.email, PASSWORD)


def test_sign_in_ignores_the_case_of_the_email_address(tenants):
    assert signs_in("ALICE@SILKROAD.EXAMPLE", PASSWORD)
    assert signs_in("  Alice@SilkRoad.example ", PASSWORD)


def test_failed_sign_ins_count_against_the_address_whatever_its_case(tenants, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    url = reverse("accounts:login")
    for spelling in ("ALICE@silkroad.example", "Alice@Silkroad.Example", "alice@SILKROAD.example"):
        client.post(url, {"username": spelling, "password": "wrong"})
    response = client.post(url, {"username": tenants.owner.email, "password": PASSWORD})
    assert response.status_code == 429


def test_email_addresses_are_stored_in_lower_case_however_they_are_saved(db):
    created = User.objects.create_user("  Wang.Lei@Example.COM ", PASSWORD)
    assert created.email == "wang.lei@example.com"
    created.email = "WANG.LEI@example.com"
    created.save()
    created.refresh_from_db()
    assert created.email == "wang.lei@example.com"
    assert User.objects.get_by_natural_key("Wang.Lei@EXAMPLE.com") == created


def test_sign_up_refuses_an_address_taken_in_another_case(tenants):
    response = Client().post(
        reverse("accounts:signup"),
        {
            "email": "ALICE@silkroad.example",
            "password": "a long enough password 1",
            "name_en": "Copycat Ltd",
            "country": "KZ",
        },
    )
    assert response.status_code == 200 and 'data-field="email"' in response.content.decode()
    assert User.objects.filter(email__iexact="alice@silkroad.example").count() == 1


def test_model_validation_refuses_an_address_taken_in_another_case(tenants):
    # What the admin's user forms run before saving: a clear error, not an IntegrityError.
    twin = User(email="Alice@SILKROAD.example", password="!")
    with pytest.raises(ValidationError) as refused:
        twin.full_clean()
    assert "email" in refused.value.message_dict
