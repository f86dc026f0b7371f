"""Consignee tracking links: created and revoked by the shipment's owner, opened signed out,
showing the containers' public timeline and nothing else."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cloudcabin.tracking.links import create_link, revoke_link
from cloudcabin.tracking.models import TrackingLink
from cloudcabin.tracking.tests.test_timeline_pages import JOURNEY, record

pytestmark = pytest.mark.django_db

API = "/api/v1/tracking"
PRIVATE = {"X-Robots-Tag": "noindex", "Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def public_url(token: str) -> str:
    return reverse("tracking:public", args=[token])


def _without_tokens(body: str) -> str:
    body = re.sub(r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+', r"\1", body)
    return re.sub(r'name="next" value="[^"]+"', "", body)


@pytest.fixture
def link(tenants, tracked) -> str:
    """A token to the tracked shipment, whose train left with both boxes."""
    record(tenants, tracked, JOURNEY[:2])
    record(tenants, tracked, [("stuffed", -30, "CNXIA")])  # not a public milestone
    _link, token = create_link(actor=tenants.actor(tenants.owner), shipment_id=tracked.shipment.pk)
    return token


def test_the_owner_creates_a_link_on_the_shipment_page_and_sees_it_once(tenants, tracked):
    owner = tenants.client_for(tenants.owner)
    page = reverse("shipments:detail", args=[tracked.shipment.pk])

    response = owner.post(
        reverse("tracking:link_create", args=[tracked.shipment.pk]),
        {"days": "10", "label": "Duisburg Import"},
    )
    shown = owner.get(page).content.decode()
    again = owner.get(page).content.decode()

    assert response.status_code == 302
    url = re.search(r'data-testid="new-tracking-link">([^<]+)<', shown).group(1)
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert len(token) >= 43  # 32 random bytes
    assert url not in again
    link = TrackingLink.objects.get()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token[:8] not in str(list(TrackingLink.objects.values_list()))
    assert timedelta(days=9, hours=23) < link.expires_at - timezone.now() <= timedelta(days=10)
    assert Client().get(url).status_code == 200


def test_a_link_lasts_30_days_unless_told_otherwise(tenants, tracked):
    link, _token = create_link(actor=tenants.actor(tenants.owner), shipment_id=tracked.shipment.pk)

    assert link.expires_at - link.created_at == timedelta(days=30)


def test_the_public_page_shows_the_timeline_and_nothing_else(tenants, tracked, link):
    response = Client().get(public_url(link))
    body = response.content.decode()

    assert response.status_code == 200
    for number in tracked.numbers:
        assert f'data-container="{number}"' in body
    assert "Xi&#x27;an → Duisburg" in body
    assert "Departed origin" in body.split('data-testid="current-status"', 1)[1][:200]
    assert "Last update" in body
    assert 'data-milestone="stuffed"' not in body  # not a public milestone
    # No parties, references, seals, wagons or anything of the owner's.
    for private in (
        tracked.shipment.reference,
        tracked.booking.reference,
        "Duisburg Import GmbH",
        "Silk Road",
        "CN123456",
        "315612345678",
        "Sign out",
    ):
        assert private not in body, private


def test_the_public_page_keeps_its_address_to_itself_and_loads_nothing_from_elsewhere(link):
    response = Client().get(public_url(link))
    body = response.content.decode()

    for header, value in PRIVATE.items():
        assert response[header] == value
    assert '<meta name="robots" content="noindex">' in body
    assert not re.search(r'(src|href|action)="(https?:)?//', body)


def test_the_public_page_speaks_chinese_and_english(link):
    chinese = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").get(public_url(link)).content.decode()
    english = Client().get(public_url(link)).content.decode()

    assert "始发站发车" in chinese and "Departed origin" not in chinese
    assert "Departed origin" in english and 'data-language="zh-hans"' in english


def test_the_language_switch_is_a_link_that_works_without_a_referrer(tenants, link):
    visitor = Client()

    switched = visitor.get(public_url(link), {"language": "zh-hans"})
    body = visitor.get(public_url(link)).content.decode()

    assert switched.status_code == 302 and switched["Location"] == public_url(link)
    assert switched["Referrer-Policy"] == "no-referrer"
    assert "始发站发车" in body
    # A form posted from here would carry no origin: none, even for a signed-in reader.
    signed_in = tenants.client_for(tenants.owner).get(public_url(link)).content.decode()
    assert 'method="post"' not in body and 'method="post"' not in signed_in


def test_unknown_expired_and_revoked_links_are_the_same_404(tenants, tracked, link):
    actor = tenants.actor(tenants.owner)
    expired, expired_token = create_link(actor=actor, shipment_id=tracked.shipment.pk)
    TrackingLink.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    revoked, revoked_token = create_link(actor=actor, shipment_id=tracked.shipment.pk)
    revoke_link(actor=actor, shipment_id=tracked.shipment.pk, link_id=revoked.pk)

    answers = [
        Client().get(public_url(token))
        for token in (link[:-1] + ("A" if link[-1] != "A" else "B"), expired_token, revoked_token)
    ]

    assert [a.status_code for a in answers] == [404, 404, 404]
    # The same page, but for the per-request CSRF token and the address it was asked at.
    assert len({_without_tokens(a.content.decode()) for a in answers}) == 1
    for header, value in PRIVATE.items():
        assert answers[0][header] == value
    assert Client().get(public_url(link)).status_code == 200


def test_each_opening_is_counted_for_the_owner(tenants, tracked, link):
    Client().get(public_url(link))
    Client().get(public_url(link))

    assert TrackingLink.objects.get().views == 2
    body = (
        tenants.client_for(tenants.owner)
        .get(reverse("shipments:detail", args=[tracked.shipment.pk]))
        .content.decode()
    )
    assert "Revoke" in body.split('data-testid="tracking-links"', 1)[1]


def test_the_owner_revokes_a_link_on_the_shipment_page(tenants, tracked, link):
    stored = TrackingLink.objects.get()
    url = reverse("tracking:link_revoke", args=[tracked.shipment.pk, stored.pk])

    assert tenants.client_for(tenants.stranger).post(url).status_code == 404
    assert Client().get(public_url(link)).status_code == 200
    tenants.client_for(tenants.colleague).post(url)  # read-only: refused
    assert Client().get(public_url(link)).status_code == 200
    tenants.client_for(tenants.owner).post(url)
    assert Client().get(public_url(link)).status_code == 404


def test_the_api_creates_lists_and_revokes_links(tenants, tracked):
    owner = Client(headers={"X-API-Key": tenants.api_key(tenants.owner)})
    base = f"{API}/shipments/{tracked.shipment.pk}/links"

    created = owner.post(base, {"days": 7, "label": "consignee"}, content_type="application/json")
    listed = owner.get(base)

    assert created.status_code == 201
    url = created.json()["url"]
    assert Client().get(url).status_code == 200
    [item] = listed.json()
    assert (item["label"], item["revoked_at"], "url" in item) == ("consignee", None, False)
    revoked = owner.delete(f"{base}/{item['id']}")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert Client().get(url).status_code == 404


def test_the_api_refuses_a_link_of_no_days_the_reader_and_the_stranger(tenants, tracked):
    base = f"{API}/shipments/{tracked.shipment.pk}/links"
    owner = Client(headers={"X-API-Key": tenants.api_key(tenants.owner)})
    reader = Client(headers={"X-API-Key": tenants.api_key(tenants.owner, "read_only")})
    stranger = Client(headers={"X-API-Key": tenants.api_key(tenants.stranger)})

    too_short = owner.post(base, {"days": 0}, content_type="application/json")
    read_only = reader.post(base, {}, content_type="application/json")

    assert too_short.status_code == 422
    assert too_short.json()["errors"][0] == {
        "code": "TRACKING_LINK_DAYS",
        "severity": "error",
        "path": "days",
        "message": "A tracking link lasts from 1 to 365 days.",
    }
    assert read_only.status_code == 403
    assert stranger.post(base, {}, content_type="application/json").status_code == 404
    assert stranger.get(base).status_code == 404
    assert not TrackingLink.objects.exists()


def test_a_flood_of_openings_from_one_address_is_refused(link, monkeypatch):
    monkeypatch.setattr("cloudcabin.tracking.views.links.LINK_RATE", (3, 60))
    visitor = Client()

    answers = [visitor.get(public_url(link)).status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]
    assert TrackingLink.objects.get().views == 3
