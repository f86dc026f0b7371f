from __future__ import annotations

import json
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from cloudcabin.errors import ProblemError
from cloudcabin.network.api import ENQUIRY_RATE
from cloudcabin.network.models import Enquiry, EnquiryEvent, Quote
from cloudcabin.network.selectors import quote_for_shipment

pytestmark = pytest.mark.usefixtures("network")
BASE = "/api/v1/network"
SEARCH = {
    "origin": "Xi'an",
    "destination": "DEDUI",
    "container_count": 2,
    "ready_date": "2026-12-01",
}


def post(client: Client, path: str, body: dict[str, object], **headers: Any):
    return client.post(BASE + path, json.dumps(body), content_type="application/json", **headers)


def test_route_search_is_public_and_says_the_figures_are_indicative(db):
    response = post(Client(), "/routes/search", {**SEARCH, "avoid_countries": ["RU", "BY"]})
    assert response.status_code == 200
    body = response.json()
    assert body["indicative"].startswith("Indicative")
    assert body["request"]["origin"] == "CNXIA"
    best = body["options"][0]
    assert "AZ" in best["countries"] and "RU" not in best["countries"]
    assert best["co2_method"] and best["cost_lines"] and best["legs"][0]["mode"] == "rail_1435"
    assert isinstance(best["total_usd"], str)


def test_an_unknown_place_is_a_422_naming_the_field(db):
    response = post(Client(), "/routes/search", {**SEARCH, "destination": "Nowhere-on-earth"})
    assert response.status_code == 422
    assert response.json()["errors"][0] == {
        "code": "PLACE_UNKNOWN",
        "severity": "error",
        "path": "destination",
        "message": "“Nowhere-on-earth” is neither a UN/LOCODE nor a place on our network.",
    }


def test_a_bad_size_type_is_a_422(db):
    response = post(Client(), "/routes/search", {**SEARCH, "size_type": "45"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["path"] == "size_type"


def test_a_member_saves_a_quote_that_carries_the_route_into_a_shipment(tenants):
    key = tenants.api_key()
    response = post(Client(), "/quotes", {**SEARCH, "rank": 1}, HTTP_X_API_KEY=key)
    assert response.status_code == 201
    body = response.json()
    assert body["reference"].startswith("Q-")
    assert body["option"]["gauge_changes"][0]["to_gauge"] == 1520
    quote = Quote.objects.get(reference=body["reference"])
    assert quote.organization == tenants.org and quote.expires_at > quote.created_at
    data = quote_for_shipment(quote)
    assert data["origin_locode"] == "CNXIA" and data["destination_locode"] == "DEDUI"
    assert {"CN", "BY"} <= {c["country"] for c in data["border_crossings"]}
    assert data["border_crossings"][0]["locode"] in {"CNAKL", "CNHRS"}
    assert data["modes"] == ["rail_1435", "rail_1520"]
    assert body["shipment_data"] == data
    quote.expires_at = quote.created_at
    quote.save()
    with pytest.raises(ProblemError) as expired:
        quote_for_shipment(quote)
    assert expired.value.problems[0].code == "QUOTE_EXPIRED"
    listed = Client().get(BASE + "/quotes", HTTP_X_API_KEY=key).json()
    assert [q["reference"] for q in listed] == [body["reference"]]


def test_a_stranger_cannot_read_another_organizations_saved_quote(tenants):
    saved = post(Client(), "/quotes", {**SEARCH, "rank": 1}, HTTP_X_API_KEY=tenants.api_key())
    reference = saved.json()["reference"]
    stranger = tenants.api_key(tenants.stranger)
    response = Client().get(f"{BASE}/quotes/{reference}", HTTP_X_API_KEY=stranger)
    assert response.status_code == 404
    assert Client().get(BASE + "/quotes", HTTP_X_API_KEY=stranger).json() == []
    assert (
        tenants.client_for(tenants.stranger).get(f"/routes/quotes/{reference}/").status_code == 404
    )


def test_a_read_only_colleague_cannot_save_and_anonymous_callers_must_sign_in(tenants):
    read_only = tenants.api_key(tenants.owner, access="read_only")
    assert post(Client(), "/quotes", SEARCH, HTTP_X_API_KEY=read_only).status_code == 403
    assert post(Client(), "/quotes", SEARCH).status_code == 401
    assert not Quote.objects.exists()


def test_an_enquiry_with_a_quote_is_stored_and_the_agents_are_emailed(
    tenants, django_capture_on_commit_callbacks
):
    body = {"name": "Wang Li", "company": "Shaanxi Solar", "email": "wang@example.cn",
            "message": "Two 40' boxes a month", "quote": {**SEARCH, "rank": 2}}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = post(Client(), "/enquiries", body)
    assert response.status_code == 201
    enquiry = Enquiry.objects.get(reference=response.json()["reference"])
    assert enquiry.quote is not None and enquiry.quote.organization is None
    assert enquiry.quote.option["rank"] == 2
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [tenants.agent.email]
    assert enquiry.reference in mail.outbox[0].subject


def test_a_filled_honeypot_stores_nothing_but_looks_accepted(db):
    response = post(
        Client(), "/enquiries", {"name": "bot", "email": "b@x.io", "website": "http://spam"}
    )
    assert response.status_code == 201
    assert not Enquiry.objects.exists()


def test_oversized_enquiries_are_refused(db):
    long_message = post(
        Client(), "/enquiries", {"name": "A", "email": "a@b.cn", "message": "x" * 2001}
    )
    assert long_message.status_code == 400
    assert long_message.json()["errors"][0]["code"] == "TOO_LONG"
    assert long_message.json()["errors"][0]["path"] == "message"
    huge = post(Client(), "/enquiries", {"name": "A", "email": "a@b.cn", "message": "x" * 50_000})
    assert huge.status_code == 422
    no_contact = post(Client(), "/enquiries", {"name": "A"})
    assert no_contact.json()["errors"][0]["code"] == "ENQUIRY_CONTACT_REQUIRED"
    assert not Enquiry.objects.exists()


def test_a_flood_gets_429_without_losing_the_legitimate_enquiries(db):
    flooder = Client(REMOTE_ADDR="203.0.113.9")
    codes = [
        post(flooder, "/enquiries", {"name": f"n{i}", "email": f"n{i}@x.cn"}).status_code
        for i in range(ENQUIRY_RATE[0] + 3)
    ]
    assert codes == [201] * ENQUIRY_RATE[0] + [429] * 3
    other = post(
        Client(REMOTE_ADDR="198.51.100.7"), "/enquiries", {"name": "Real", "email": "r@x.cn"}
    )
    assert other.status_code == 201
    assert Enquiry.objects.count() == ENQUIRY_RATE[0] + 1


def test_only_the_operators_agents_list_and_update_enquiries(tenants):
    created = post(Client(), "/enquiries", {"name": "Wang", "phone": "+86 29 1234"}).json()
    enquiry = Enquiry.objects.get(reference=created["reference"])
    for user in (tenants.owner, tenants.colleague, tenants.stranger):
        client = tenants.client_for(user)
        assert client.get(BASE + "/enquiries").status_code == 404
        assert client.get(f"{BASE}/enquiries/{enquiry.pk}").status_code == 404
    assert Client().get(BASE + "/enquiries").status_code == 401
    agent = tenants.client_for(tenants.agent)
    assert [e["reference"] for e in agent.get(BASE + "/enquiries?status=new").json()] == [
        enquiry.reference
    ]
    response = agent.patch(
        f"{BASE}/enquiries/{enquiry.pk}",
        json.dumps({"status": "contacted", "notes": "Called back"}),
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "contacted"
    event = EnquiryEvent.objects.filter(enquiry=enquiry, kind="status_changed").get()
    assert (event.actor, event.before, event.after) == (
        tenants.agent,
        {"status": "new"},
        {"status": "contacted"},
    )
    assert agent.get(BASE + "/enquiries?status=new").json() == []


def test_nodes_and_legs_are_listed_with_their_sources(tenants):
    client = tenants.client_for(tenants.owner)
    nodes = {n["locode"]: n for n in client.get(BASE + "/nodes").json()}
    assert nodes["PLMAA"]["gauge_mm"] == 1435 and nodes["KZDOS"]["gauge_mm"] == 1520
    legs = client.get(BASE + "/legs").json()
    dostyk = next(leg for leg in legs if (leg["origin"], leg["destination"]) == ("KZDOS", "BYBQT"))
    assert dostyk["transit_countries"] == ["KZ", "RU", "BY"] and dostyk["source_url"]
