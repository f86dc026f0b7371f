"""The organization page and API ask for the identifiers of the company's country only,
as sign-up does; the country list names countries as the reference Country table does."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from cloudcabin.accounts import services
from cloudcabin.accounts.models import Membership, Organization
from cloudcabin.reference.codes import country_choices
from cloudcabin.reference.models import Country
from conftest import PASSWORD, Tenants

USCC = "91110000600037341L"
API = "/api/v1/accounts/organization"


@pytest.fixture
def polish(db: None) -> Membership:
    return services.sign_up(
        email="anna@lodz.example",
        password=PASSWORD,
        name_en="Łódź Import Sp. z o.o.",
        country="PL",
        eori="PL1234567890000",
    )


def _page(client: Client) -> str:
    response = client.get(reverse("accounts:organization"))
    assert response.status_code == 200
    return response.content.decode()


def _required(page: str, name: str) -> bool:
    return bool(re.search(rf'<input [^>]*name="{name}"[^>]* required', page))


def test_a_polish_companys_page_shows_no_chinese_identifier(polish: Membership) -> None:
    client = Client()
    client.force_login(polish.user)
    page = _page(client)
    assert 'name="uscc"' not in page and 'name="name_zh"' not in page
    assert 'name="eori"' in page and 'name="vat_number"' in page
    assert 'value="PL1234567890000"' in page
    # Changing the country swaps the identifier fields, as at sign-up.
    assert 'hx-post="/signup/identifiers/"' in page and 'id="identifiers"' in page


def test_a_chinese_companys_page_requires_its_uscc_and_chinese_name(tenants: Tenants) -> None:
    page = _page(tenants.client_for(tenants.owner))
    assert _required(page, "uscc") and _required(page, "name_zh")
    assert 'name="eori"' in page and not _required(page, "eori")
    assert 'name="vat_number"' not in page


def test_a_chinese_company_cannot_save_its_page_without_its_uscc(tenants: Tenants) -> None:
    response = tenants.client_for(tenants.owner).post(
        reverse("accounts:organization"),
        {"name_en": "Renamed", "name_zh": "西安丝路贸易有限公司", "country": "CN", "uscc": ""},
    )
    assert response.status_code == 200
    assert 'data-field="uscc"' in response.content.decode()
    tenants.org.refresh_from_db()
    assert (tenants.org.name_en, tenants.org.uscc) == (
        "Xi'an Silk Road Trading Co., Ltd.",
        "91610131MA6TXXXX0X",
    )


def test_saving_the_page_leaves_the_identifiers_it_does_not_show(polish: Membership) -> None:
    Organization.objects.filter(pk=polish.organization_id).update(name_zh="罗兹进口")
    client = Client()
    client.force_login(polish.user)
    response = client.post(
        reverse("accounts:organization"),
        {"name_en": "Łódź Import", "country": "PL", "eori": "PL1234567890000"},
    )
    assert response.status_code == 302
    org = Organization.objects.get(pk=polish.organization_id)
    assert (org.name_en, org.eori, org.name_zh) == ("Łódź Import", "PL1234567890000", "罗兹进口")


def test_a_company_moving_to_poland_drops_its_chinese_identifiers(tenants: Tenants) -> None:
    response = tenants.client_for(tenants.owner).post(
        reverse("accounts:organization"),
        {"name_en": "Silk Road Polska", "country": "PL", "vat_number": "PL5260250274"},
    )
    assert response.status_code == 302
    tenants.org.refresh_from_db()
    assert (tenants.org.country, tenants.org.vat_number) == ("PL", "PL5260250274")
    assert (tenants.org.uscc, tenants.org.name_zh) == ("", "")
    assert tenants.org.uscc_checksum_confirmed is False


def test_the_api_names_the_identifiers_of_the_country_and_refuses_the_others(
    tenants: Tenants,
) -> None:
    # Settings are the owner's to change (API keys are refused them).
    api = tenants.client_for(tenants.owner)
    body = api.get(API).json()
    assert body["identifiers_asked"] == {
        "name_zh": True,
        "uscc": True,
        "uscc_checksum_confirmed": False,
        "eori": False,
    }
    refused = api.patch(API, {"vat_number": "DE136695976"}, content_type="application/json")
    assert refused.status_code == 400
    assert [(e["code"], e["path"]) for e in refused.json()["errors"]] == [
        ("IDENTIFIER_NOT_ASKED", "vat_number")
    ]
    emptied = api.patch(API, {"uscc": ""}, content_type="application/json")
    assert emptied.status_code == 400
    assert [(e["code"], e["path"]) for e in emptied.json()["errors"]] == [
        ("IDENTIFIER_REQUIRED", "uscc")
    ]
    tenants.org.refresh_from_db()
    assert (tenants.org.vat_number, tenants.org.uscc) == ("", "91610131MA6TXXXX0X")
    moved = api.patch(
        API, {"country": "DE", "vat_number": "DE136695976"}, content_type="application/json"
    )
    assert moved.status_code == 200
    assert moved.json()["identifiers_asked"] == {"eori": False, "vat_number": False}
    assert (moved.json()["uscc"], moved.json()["name_zh"]) == ("", "")


# --- country names --------------------------------------------------------------------


def test_countries_are_named_as_the_country_table_names_them(db: None) -> None:
    Country.objects.create(alpha2="DE", alpha3="DEU", name_en="Germany", name_zh="德意志")
    # An operator's row without a Chinese name, and Poland not in the table at all: both
    # keep the ISO English name.
    Country.objects.create(alpha2="FR", alpha3="FRA", name_en="France", name_zh="")
    with translation.override("zh-hans"):
        chinese = dict(country_choices())
    assert chinese["DE"] == "德意志 (DE)"
    assert chinese["FR"] == "France (FR)" and chinese["PL"] == "Poland (PL)"
    with translation.override("en"):
        english = dict(country_choices())
    assert english["DE"] == "Germany (DE)"
    visitor = Client()
    visitor.cookies["cloudcabin_language"] = "zh-hans"
    page = visitor.get("/signup/").content.decode()
    assert ">德意志 (DE)<" in page
