"""First contact: the landing page, a new company's next steps, sign-up asking per country."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from cloudcabin.accounts import checklist, services
from cloudcabin.accounts.identifiers import identifiers_for
from cloudcabin.accounts.models import Organization, User
from cloudcabin.errors import ProblemError
from cloudcabin.shipments import services as shipment_services

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough password 1"
POLISH = {
    "full_name": "Anna Nowak",
    "email": "anna@lodz.example",
    "password": PASSWORD,
    "name_en": "Łódź Import Sp. z o.o.",
    "country": "PL",
}
CHINESE = {
    "full_name": "Wang Lei",
    "email": "wang@chengdu.example",
    "password": PASSWORD,
    "name_en": "Chengdu Rail Goods Ltd.",
    "country": "CN",
}
USCC = "91110000600037341L"


def _signed_up(fields: dict[str, str]) -> Organization:
    membership = services.sign_up(**fields)
    return membership.organization


# --- landing page --------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_anonymous_visitor_gets_the_landing_page_with_the_quote_form(language):
    client = Client()
    client.cookies["cloudcabin_language"] = language
    response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in page
    assert 'data-testid="landing"' in page
    # The network app's own quote form, sending to the quote page.
    assert 'id="quote-form"' in page and f'action="{reverse("network:quote")}"' in page
    assert 'name="origin"' in page and 'name="destination"' in page
    assert f'href="{reverse("accounts:signup")}"' in page
    assert f'href="{reverse("accounts:login")}"' in page


def test_the_quote_page_and_the_landing_page_share_one_quote_form():
    landing = Client().get("/").content.decode()
    quote = Client().get(reverse("network:quote")).content.decode()

    def form_of(page: str) -> str:
        start = page.index('<form method="get" action="/routes/"')
        return page[start : page.index("</form>", start)]

    assert form_of(landing) == form_of(quote)


def test_a_signed_in_member_gets_their_company_home_at_the_root(tenants):
    response = tenants.client_for(tenants.owner).get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Recent activity" in page and 'data-testid="landing"' not in page


# --- next steps ----------------------------------------------------------------------


def _steps(organization: Organization) -> dict[str, bool]:
    return {step.key: step.done for step in checklist.next_steps(organization)}


def test_a_new_company_sees_three_next_steps_none_done():
    org = _signed_up(POLISH)
    assert _steps(org) == {"parties": False, "shipment": False, "api_key": False}


def test_each_step_is_ticked_from_the_companys_own_data_and_the_list_goes_when_all_are_done(
    tenants,
):
    membership = services.sign_up(**POLISH)
    actor = tenants.actor(membership.user)
    # Another company's data ticks nothing here.
    shipment_services.create_shipment(actor=tenants.actor(tenants.owner))
    assert _steps(actor.organization) == {"parties": False, "shipment": False, "api_key": False}

    shipment_services.save_party(actor=actor, name_latin="Xi'an Silk Road", country="CN")
    assert _steps(actor.organization)["parties"] is True
    shipment_services.create_shipment(actor=actor)
    assert _steps(actor.organization)["shipment"] is True
    services.create_api_key(actor=actor, name="ERP", access="read_only")
    assert checklist.next_steps(actor.organization) == []


def test_the_home_page_shows_the_steps_with_their_ticks_and_links():
    org = _signed_up(POLISH)
    client = Client()
    client.force_login(User.objects.get(email=POLISH["email"]))
    page = client.get("/").content.decode()
    assert 'data-testid="next-steps"' in page
    assert 'data-step="parties" data-done="false"' in page
    assert f'href="{reverse("shipments:parties")}"' in page
    assert f'href="{reverse("shipments:new")}"' in page
    assert f'href="{reverse("accounts:api_keys")}"' in page
    assert org.checklist_dismissed_at is None


def test_a_member_dismisses_the_steps_for_the_company_but_a_read_only_member_cannot(tenants):
    # The tenants' company has no party, shipment or key yet: its steps show.
    assert len(checklist.next_steps(tenants.org)) == 3
    tenants.client_for(tenants.colleague).post(reverse("accounts:dismiss_checklist"))
    tenants.org.refresh_from_db()
    assert tenants.org.checklist_dismissed_at is None

    tenants.client_for(tenants.owner).post(reverse("accounts:dismiss_checklist"))
    tenants.org.refresh_from_db()
    assert tenants.org.checklist_dismissed_at is not None
    assert checklist.next_steps(tenants.org) == []
    page = tenants.client_for(tenants.colleague).get("/").content.decode()
    assert 'data-testid="next-steps"' not in page


def test_the_operator_gets_no_next_steps(tenants):
    assert checklist.next_steps(tenants.operator_org) == []


# --- sign-up per country ---------------------------------------------------------------


def test_the_identifiers_asked_depend_on_the_country():
    # A Chinese carrier or exporter may hold an EU EORI (the operator files the entry
    # summary with its own): optional, like everyone else's outside the EU.
    china = {"name_zh": True, "uscc": True, "uscc_checksum_confirmed": False, "eori": False}
    assert identifiers_for("CN") == china
    assert identifiers_for("pl") == {"eori": False, "vat_number": False}
    assert identifiers_for("KZ") == {"eori": False}
    assert identifiers_for("") == {}


def _identifier_fields(country: str, **typed: str) -> str:
    response = Client().post(reverse("accounts:signup_identifiers"), {"country": country, **typed})
    assert response.status_code == 200
    return response.content.decode()


def test_a_polish_company_is_not_asked_for_chinese_identifiers():
    fields = _identifier_fields("PL")
    assert 'name="uscc"' not in fields and 'name="name_zh"' not in fields
    assert 'name="eori"' in fields and 'name="vat_number"' in fields


def test_a_chinese_company_is_asked_for_its_uscc_and_chinese_name_as_required():
    fields = _identifier_fields("CN", name_zh="成都铁路货物有限公司")
    assert 'name="uscc"' in fields and 'name="name_zh"' in fields
    assert 'name="vat_number"' not in fields
    # What was typed stays when the country changes, and nothing is flagged yet.
    assert 'value="成都铁路货物有限公司"' in fields
    assert "errorlist" not in fields
    for name in ("uscc", "name_zh"):
        assert re.search(rf'<input [^>]*name="{name}"[^>]* required', fields), name
    assert not re.search(r'<input [^>]*name="uscc_checksum_confirmed"[^>]* required', fields)


def test_the_sign_up_page_asks_no_identifier_before_a_country_is_chosen():
    page = Client().get(reverse("accounts:signup")).content.decode()
    assert 'name="uscc"' not in page and 'name="eori"' not in page
    assert 'hx-post="/signup/identifiers/"' in page


def test_a_polish_company_signs_up_without_any_chinese_field():
    client = Client()
    response = client.post(reverse("accounts:signup"), POLISH)
    assert response.status_code == 302
    org = Organization.objects.get()
    assert org.country == "PL" and org.uscc == "" and org.name_zh == ""


def test_the_sign_up_page_refuses_a_chinese_company_without_its_uscc_and_chinese_name():
    response = Client().post(reverse("accounts:signup"), CHINESE)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-field="uscc"' in page and 'data-field="name_zh"' in page
    assert not User.objects.exists() and not Organization.objects.exists()


def test_the_service_refuses_a_chinese_company_without_its_identifiers():
    with pytest.raises(ProblemError) as exc_info:
        services.sign_up(**CHINESE)
    assert sorted((p.code, p.path) for p in exc_info.value.problems) == [
        ("IDENTIFIER_REQUIRED", "name_zh"),
        ("IDENTIFIER_REQUIRED", "uscc"),
    ]
    assert exc_info.value.problems[0].message == "Companies of the chosen country must give this."
    assert not User.objects.exists()


def test_a_chinese_company_with_its_identifiers_signs_up():
    response = Client().post(
        reverse("accounts:signup"), CHINESE | {"name_zh": "成都铁路货物有限公司", "uscc": USCC}
    )
    assert response.status_code == 302
    assert Organization.objects.get().uscc == USCC


def test_a_uscc_posted_for_a_polish_company_is_refused_by_the_service():
    with pytest.raises(ProblemError) as exc_info:
        services.sign_up(**POLISH | {"uscc": USCC})
    assert ("USCC_NOT_CN", "uscc") in [(p.code, p.path) for p in exc_info.value.problems]
