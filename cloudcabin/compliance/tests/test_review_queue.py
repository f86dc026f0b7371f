"""The agents' review queue (pages and API): only the operator's agents see it and decide,
always with a reason kept as an event; a company sees its own parties' hits, a stranger
gets 404 everywhere, and the shipment page shows each party's screening."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cloudcabin.accounts.models import AgentAssignment, Membership, Role
from cloudcabin.compliance.models import HitStatus, ScreeningEvent, ScreeningHit
from cloudcabin.compliance.tests.screening_lists import LISTED_BANK, load
from cloudcabin.shipments import services as shipment_services
from cloudcabin.shipments.models import Shipment
from conftest import Tenants

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(tenants: Tenants) -> Shipment:
    """Alice's shipment whose buyer resembles a listed bank."""
    owner = tenants.actor(tenants.owner)
    bank = shipment_services.save_party(
        actor=owner, name_latin="Volga Kama Industrial Bank", country="RU"
    )
    seller = shipment_services.save_party(
        actor=owner, name_latin="Xi'an Silk Road Trading", country="CN"
    )
    load([LISTED_BANK])
    return shipment_services.create_shipment(
        actor=owner, reference="CC-HELD-1", parties={"buyer": bank.pk, "seller": seller.pk}
    )


def the_hit() -> ScreeningHit:
    return ScreeningHit.objects.get()


def test_the_agent_sees_the_hit_with_its_list_version_and_legal_references(
    tenants: Tenants, held: Shipment
) -> None:
    agent = tenants.client_for(tenants.agent)
    queue = agent.get(reverse("compliance:queue"))
    assert queue.status_code == 200
    body = queue.content.decode()
    assert "Volga Kama Industrial Bank" in body and "86 FR 20249" in body
    assert "2026-11-20" in body  # the list version's date
    hit = agent.get(reverse("compliance:hit", args=[the_hit().pk])).content.decode()
    assert "EO 14024; 86 FR 20249" in hit and "OFAC Specially Designated Nationals" in hit
    assert 'data-testid="hit-shipments">CC-HELD-1<' in hit


@pytest.mark.parametrize("who", ["owner", "colleague", "stranger", "dispatcher"])
def test_everyone_but_an_agent_gets_404_from_the_queue_pages(
    tenants: Tenants, held: Shipment, who: str
) -> None:
    if who == "dispatcher":
        Membership.objects.filter(user=tenants.agent).update(role=Role.DISPATCHER)
        who = "agent"
    client = tenants.client_for(getattr(tenants, who))
    hit = the_hit()
    assert client.get(reverse("compliance:queue")).status_code == 404
    assert client.get(reverse("compliance:hit", args=[hit.pk])).status_code == 404
    decided = client.post(
        reverse("compliance:decide", args=[hit.pk]), {"decision": "cleared", "reason": "x"}
    )
    assert decided.status_code == 404
    assert the_hit().status == HitStatus.OPEN


def test_a_decision_without_a_reason_is_refused_beside_the_field(
    tenants: Tenants, held: Shipment
) -> None:
    agent = tenants.client_for(tenants.agent)
    hit = the_hit()
    response = agent.post(
        reverse("compliance:decide", args=[hit.pk]), {"decision": "cleared", "reason": "  "}
    )
    assert response.status_code == 422
    assert 'id="reason-errors"' in response.content.decode()
    assert the_hit().status == HitStatus.OPEN and not ScreeningEvent.objects.exists()


def test_clearing_a_hit_on_the_page_records_who_when_and_why_and_releases_the_shipment(
    tenants: Tenants, held: Shipment
) -> None:
    owner = tenants.client_for(tenants.owner)
    api = f"/api/v1/compliance/shipments/{held.pk}/screening"
    assert owner.get(api).json()["held"] is True
    agent = tenants.client_for(tenants.agent)
    hit = the_hit()
    response = agent.post(
        reverse("compliance:decide", args=[hit.pk]),
        {"decision": "cleared", "reason": "Kazan lender, different registry number."},
    )
    assert response.status_code == 302
    event = ScreeningEvent.objects.get()
    assert (event.kind, event.actor, event.status_before) == ("cleared", tenants.agent, "open")
    assert event.reason == "Kazan lender, different registry number."
    history = agent.get(reverse("compliance:hit", args=[hit.pk])).content.decode()
    assert "Kazan lender, different registry number." in history
    assert owner.get(api).json()["held"] is False


def test_the_shipment_page_shows_each_partys_screening_to_the_owner(
    tenants: Tenants, held: Shipment
) -> None:
    page = tenants.client_for(tenants.owner).get(reverse("shipments:detail", args=[held.pk]))
    body = page.content.decode()
    assert 'data-testid="screening-buyer" data-status="held"' in body
    assert 'data-testid="screening-seller" data-status="clear"' in body
    assert reverse("compliance:queue") not in body  # the queue is the agents'


def test_the_api_gives_a_shipments_screening_and_an_agents_decision(
    tenants: Tenants, held: Shipment
) -> None:
    owner = Client(headers={"X-API-Key": tenants.api_key(tenants.owner)})
    found = owner.get(f"/api/v1/compliance/shipments/{held.pk}/screening").json()
    buyer = next(p for p in found["parties"] if p["role"] == "buyer")
    assert buyer["status"] == "held"
    [hit] = buyer["hits"]
    assert hit["list_source"] == "OFAC_SDN" and hit["list_published"] == "2026-11-20"
    assert hit["legal_refs"] == ["EO 14024", "86 FR 20249"]
    assert [h["code"] for h in found["holds"]] == ["SCREENING_PARTY_HELD"]

    url = f"/api/v1/compliance/hits/{hit['id']}/decision"
    body = {"status": "confirmed", "reason": "Same INN as the listed bank."}
    refused = owner.post(url, body, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["code"] == "SCREENING_NOT_AGENT"

    agent = tenants.client_for(tenants.agent)
    missing = agent.post(
        url, {"status": "confirmed", "reason": ""}, content_type="application/json"
    )
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["code"] == "SCREENING_REASON_REQUIRED"
    decided = agent.post(url, body, content_type="application/json").json()
    assert decided["status"] == "confirmed" and decided["decided_by"] == tenants.agent.email
    assert [e["reason"] for e in decided["events"]] == ["Same INN as the listed bank."]
    again = agent.post(url, body, content_type="application/json")
    assert again.status_code == 409


def test_a_stranger_gets_404_from_every_screening_endpoint_and_sees_no_hit(
    tenants: Tenants, held: Shipment
) -> None:
    stranger = Client(headers={"X-API-Key": tenants.api_key(tenants.stranger)})
    hit = the_hit()
    assert stranger.get(f"/api/v1/compliance/shipments/{held.pk}/screening").status_code == 404
    assert stranger.get(f"/api/v1/compliance/hits/{hit.pk}").status_code == 404
    assert stranger.get("/api/v1/compliance/hits?status=all").json() == []
    refused = stranger.post(
        f"/api/v1/compliance/hits/{hit.pk}/decision",
        {"status": "cleared", "reason": "x"},
        content_type="application/json",
    )
    assert refused.status_code == 404
    own = Client(headers={"X-API-Key": tenants.api_key(tenants.owner)})
    assert [h["id"] for h in own.get("/api/v1/compliance/hits").json()] == [hit.pk]


def test_an_agent_not_serving_the_company_sees_none_of_its_hits(
    tenants: Tenants, held: Shipment
) -> None:
    AgentAssignment.objects.filter(agent=tenants.agent).delete()
    agent = tenants.client_for(tenants.agent)
    hit = the_hit()
    assert agent.get(reverse("compliance:queue")).status_code == 200
    assert (
        'data-testid="screening-hit"' not in agent.get(reverse("compliance:queue")).content.decode()
    )
    assert agent.get(reverse("compliance:hit", args=[hit.pk])).status_code == 404
    refused = agent.post(
        reverse("compliance:decide", args=[hit.pk]), {"decision": "cleared", "reason": "x"}
    )
    assert refused.status_code == 404 and the_hit().status == HitStatus.OPEN
