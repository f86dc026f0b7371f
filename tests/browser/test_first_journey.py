"""The first journey through the real pages: sign up, sign in, language, API keys."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from cloudcabin.accounts import services
from cloudcabin.accounts.models import ApiKey, Organization, User
from cloudcabin.accounts.selectors import actor_for_user
from conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME_EN = "Xi'an Silk Road Trading Co., Ltd."
NAME_ZH = "西安丝路贸易有限公司"
EMAIL = "alice@silkroad.example"
USCC = "91110000600037341L"


def _call_api(base_url: str, path: str, key: str) -> tuple[int, Any]:
    request = urllib.request.Request(base_url + path, headers={"X-API-Key": key})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, None


def _sign_in(page: Page, *, email: str, password: str = PASSWORD) -> None:
    page.goto("/login/")
    page.locator("[name=username]").fill(email)
    page.locator("[name=password]").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).last.click()
    page.wait_for_url("/")


def test_a_company_signs_up_switches_language_and_uses_an_api_key(page: Page, live_server) -> None:
    # 1. Sign up.
    page.goto("/signup/")
    page.locator("[name=full_name]").fill("Alice Wang")
    page.locator("[name=email]").fill(EMAIL)
    page.locator("[name=password]").fill(PASSWORD)
    page.locator("[name=name_en]").fill(NAME_EN)
    # The Chinese name and the USCC are asked once the country is China.
    page.locator("select[name=country]").select_option("CN")
    page.locator("[name=name_zh]").fill(NAME_ZH)
    page.locator("[name=uscc]").fill(USCC)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("/")
    expect(page.get_by_test_id("acting-for")).to_have_text(NAME_EN)
    expect(page.locator("h1")).to_contain_text(NAME_ZH)

    # 2. Sign out, then sign in again.
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("/login/")
    expect(page.get_by_test_id("acting-for")).to_have_count(0)
    _sign_in(page, email=EMAIL)
    expect(page.get_by_test_id("acting-for")).to_have_text(NAME_EN)

    # 3. Switch to Chinese; the choice is kept on the account, not only in the cookie.
    page.locator("#language-switch button[data-language=zh-hans]").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    assert User.objects.get(email=EMAIL).language == "zh-hans"
    page.context.clear_cookies(name="cloudcabin_language")
    page.goto("/organization/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    page.locator("#language-switch button[data-language=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # 4. Create an API key, shown once, and use it.
    page.goto("/organization/api-keys/")
    page.locator("[name=name]").fill("ERP sync")
    page.locator("select[name=access]").select_option("read_write")
    page.get_by_role("button", name="Create key").click()
    plain_key = page.get_by_test_id("plain-key").inner_text().strip()
    assert plain_key.startswith("cc_")

    status, body = _call_api(live_server.url, "/api/v1/accounts/organization", plain_key)
    assert status == 200
    assert body["name_en"] == NAME_EN
    assert body["name_zh"] == NAME_ZH
    assert body["country"] == "CN"

    # A fresh GET: reload() would re-POST the form, since the key page answers the POST itself.
    page.goto("/organization/api-keys/")
    expect(page.get_by_test_id("plain-key")).to_have_count(0)
    expect(page.locator("table")).to_contain_text("ERP sync")
    assert plain_key not in page.content()

    page.once("dialog", lambda dialog: dialog.accept())  # "Revoke the key …?"
    page.get_by_role("button", name="Revoke").click()
    page.wait_for_url("/organization/api-keys/")
    expect(page.get_by_role("button", name="Revoke")).to_have_count(0)
    status, _body = _call_api(live_server.url, "/api/v1/accounts/organization", plain_key)
    assert status == 401
    assert ApiKey.objects.count() == 1


def test_a_bad_vat_number_is_shown_beside_its_field_and_creates_no_account(page: Page) -> None:
    page.goto("/signup/")
    page.locator("[name=email]").fill("hans@duisburg.example")
    page.locator("[name=password]").fill(PASSWORD)
    page.locator("[name=name_en]").fill("Duisburg Import GmbH")
    page.locator("select[name=country]").select_option("DE")
    page.locator("[name=vat_number]").fill("DE000000000")
    page.get_by_role("button", name="Create account").click()

    expect(page.locator("ul.errorlist[data-field=vat_number]")).to_be_visible()
    assert page.url.endswith("/signup/")
    expect(page.get_by_test_id("acting-for")).to_have_count(0)
    assert User.objects.count() == 0
    assert Organization.objects.count() == 0


def test_a_stranger_sees_no_other_keys_and_cannot_revoke_them(page: Page) -> None:
    owner = services.sign_up(
        email=EMAIL, password=PASSWORD, name_en=NAME_EN, name_zh=NAME_ZH, country="CN", uscc=USCC
    )
    services.sign_up(
        email="charlie@duisburg.example",
        password=PASSWORD,
        name_en="Duisburg Import GmbH",
        country="DE",
    )
    owner_actor = actor_for_user(owner.user)
    assert owner_actor is not None
    key, _plain = services.create_api_key(
        actor=owner_actor, name="Silk Road ERP", access="read_write"
    )

    _sign_in(page, email="charlie@duisburg.example")
    expect(page.get_by_test_id("acting-for")).to_have_text("Duisburg Import GmbH")
    page.goto("/organization/api-keys/")
    expect(page.locator("table")).to_contain_text("No keys yet.")
    assert "Silk Road ERP" not in page.content()
    assert key.prefix not in page.content()

    csrf_token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        f"/organization/api-keys/{key.pk}/revoke/",
        headers={"X-CSRFToken": csrf_token},
        max_redirects=0,
    )
    assert response.status == 404
    assert ApiKey.objects.get(pk=key.pk).revoked_at is None
