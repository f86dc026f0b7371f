from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cloudcabin.network.api import ENQUIRY_RATE
from cloudcabin.network.models import Enquiry, EnquiryEvent, Quote

pytestmark = pytest.mark.usefixtures("network")
QUERY = {
    "origin": "Xi'an",
    "destination": "DEDUI",
    "container_count": "2",
    "size_type": "40",
    "ready_date": "2026-12-01",
    "objective": "fastest",
}
CONTACT = {"name": "Wang Li", "company": "Shaanxi Solar", "email": "wang@example.cn"}


def test_the_quote_page_is_public_and_shows_options_with_maps(db):
    client = Client()
    assert client.get(reverse("network:quote")).status_code == 200
    response = client.get(reverse("network:quote"), QUERY)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-testid="route-option"') >= 2
    assert 'data-testid="indicative"' in html and "<svg" in html
    assert 'data-marker="gauge"' in html and "Made with Natural Earth" in html
    assert "Małaszewicze 1520→1435 mm" in html
    assert "Save this quote" not in html  # only for signed-in members


def test_htmx_gets_only_the_options_fragment(db):
    response = Client().get(reverse("network:quote"), QUERY, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'data-testid="route-option"' in html and "<html" not in html


def test_a_search_without_a_route_explains_what_to_allow(db):
    query = {**QUERY, "avoid_countries": ["RU", "BY"], "avoid_modes": ["ferry", "sea"]}
    html = Client().get(reverse("network:quote"), query).content.decode()
    assert 'data-code="ROUTE_NONE"' in html and "ferry" in html


def test_the_network_places_suggest_without_signing_in(db):
    response = Client().get(reverse("network:places_suggest"), {"field": "origin", "origin": "xi"})
    assert 'data-value="CNXIA"' in response.content.decode()


def test_contact_me_stores_the_enquiry_with_the_chosen_option(db):
    response = Client().post(reverse("network:contact"), {**QUERY, **CONTACT, "rank": "1"})
    assert response.status_code == 200
    enquiry = Enquiry.objects.get()
    assert enquiry.reference in response.content.decode()
    assert enquiry.quote.origin_locode == "CNXIA" and enquiry.quote.container_count == 2
    assert EnquiryEvent.objects.filter(enquiry=enquiry, kind="created").exists()


def test_the_contact_form_keeps_csrf_protection(db):
    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse("network:contact"), CONTACT).status_code == 403
    assert not Enquiry.objects.exists()


def test_the_contact_form_honeypot_and_limits(db):
    client = Client(REMOTE_ADDR="203.0.113.50")
    trapped = client.post(reverse("network:contact"), {**CONTACT, "website": "spam.example"})
    assert trapped.status_code == 200 and not Enquiry.objects.exists()
    too_long = client.post(reverse("network:contact"), {**CONTACT, "message": "x" * 2001})
    assert too_long.status_code == 400 and not Enquiry.objects.exists()
    for _ in range(ENQUIRY_RATE[0] - 2):
        assert client.post(reverse("network:contact"), CONTACT).status_code == 200
    limited = client.post(reverse("network:contact"), CONTACT)
    assert limited.status_code == 429
    assert "Too many attempts" in limited.content.decode()
    assert Enquiry.objects.count() == ENQUIRY_RATE[0] - 2


def test_a_member_saves_a_quote_and_only_their_organization_sees_it(tenants):
    owner = tenants.client_for(tenants.owner)
    assert "Save this quote" in owner.get(reverse("network:quote"), QUERY).content.decode()
    response = owner.post(reverse("network:save_quote"), {**QUERY, "rank": "1"})
    quote = Quote.objects.get()
    assert response.url == reverse("network:quote_detail", args=[quote.reference])
    detail = owner.get(response.url)
    assert detail.status_code == 200 and "<svg" in detail.content.decode()
    assert quote.reference in owner.get(reverse("network:quotes")).content.decode()
    colleague = tenants.client_for(tenants.colleague)
    assert colleague.get(response.url).status_code == 200
    stranger = tenants.client_for(tenants.stranger)
    assert stranger.get(response.url).status_code == 404
    assert quote.reference not in stranger.get(reverse("network:quotes")).content.decode()


def test_a_read_only_colleague_cannot_save_a_quote(tenants):
    colleague = tenants.client_for(tenants.colleague)
    response = colleague.post(reverse("network:save_quote"), {**QUERY, "rank": "1"})
    assert response.status_code == 302 and not Quote.objects.exists()


def test_agents_see_and_update_enquiries_and_others_get_404(tenants):
    Client().post(reverse("network:contact"), {**QUERY, **CONTACT, "rank": "1"})
    enquiry = Enquiry.objects.get()
    detail_url = reverse("network:enquiry_detail", args=[enquiry.pk])
    for user in (tenants.owner, tenants.colleague, tenants.stranger):
        client = tenants.client_for(user)
        assert client.get(reverse("network:enquiries")).status_code == 404
        assert client.get(detail_url).status_code == 404
    agent = tenants.client_for(tenants.agent)
    listing = agent.get(reverse("network:enquiries"), {"status": "new"}).content.decode()
    assert enquiry.reference in listing and "Xi&#x27;an" in listing
    response = agent.post(detail_url, {"status": "won", "notes": "Booked 2 FEU"})
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert (enquiry.status, enquiry.notes) == ("won", "Booked 2 FEU")
    history = agent.get(detail_url).content.decode().lower()
    assert "status changed" in history and "booked 2 feu" in history
    assert (
        enquiry.reference
        not in agent.get(reverse("network:enquiries"), {"status": "new"}).content.decode()
    )
