"""Optimistic concurrency through the API: two people change the same record; the one
who read it before the other's save gets 409 STALE_VERSION with the record as stored."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from cloudcabin.accounts.models import Membership, Role, User
from cloudcabin.shipments import services
from cloudcabin.shipments.models import Container, GoodsLine, Party, Shipment

pytestmark = pytest.mark.django_db
API = "/api/v1/shipments"
JSON = "application/json"


@dataclass
class Record:
    """One kind of versioned record: where to PATCH it and a text field to change."""

    kind: str
    url: str
    field: str
    first: str
    second: str
    model: type[Shipment | GoodsLine | Container | Party]
    pk: int

    def stored(self) -> Any:
        return self.model.objects.get(pk=self.pk)


@pytest.fixture
def people(tenants) -> tuple[Client, Client]:
    """Two people of the same company, each with their own session."""
    dana = User.objects.create_user("dana@silkroad.example", "correct horse battery 43")
    Membership.objects.create(user=dana, organization=tenants.org, role=Role.MEMBER)
    return tenants.client_for(tenants.owner), tenants.client_for(dana)


@pytest.fixture
def records(tenants) -> dict[str, Record]:
    actor = tenants.actor(tenants.owner)
    party = services.save_party(actor=actor, name_latin="Duisburg Import GmbH", country="DE")
    shipment = services.create_shipment(actor=actor, reference="CC-VER-1")
    line = services.save_line(actor=actor, shipment_id=shipment.pk, description_en="Modules")
    container = services.save_container(actor=actor, shipment_id=shipment.pk, number="MSCU1234565")
    base = f"{API}/{shipment.pk}"
    return {
        "shipment": Record(
            "shipment", base, "contract_number", "K-1", "K-2", Shipment, shipment.pk
        ),
        "line": Record(
            "line",
            f"{base}/lines/{line.pk}",
            "description_en",
            "Solar modules 550 W",
            "Photovoltaic panels",
            GoodsLine,
            line.pk,
        ),
        "container": Record(
            "container",
            f"{base}/containers/{container.pk}",
            "size_type",
            "22G1",
            "42G1",
            Container,
            container.pk,
        ),
        "party": Record(
            "party",
            f"{API}/parties/{party.pk}",
            "contact",
            "Anna, +49 203 1234",
            "Jonas, +49 203 9999",
            Party,
            party.pk,
        ),
    }


KINDS = ["shipment", "line", "container", "party"]


@pytest.mark.parametrize("kind", KINDS)
def test_the_second_save_from_an_old_version_is_refused_with_the_current_record(
    people, records, kind
):
    first, second = people
    record = records[kind]
    read_version = record.stored().version

    saved = first.patch(
        record.url, {record.field: record.first, "version": read_version}, content_type=JSON
    )
    assert saved.status_code == 200, saved.json()
    assert saved.json()["version"] == read_version + 1
    assert saved["ETag"] == f'W/"{read_version + 1}"'

    stale = second.patch(
        record.url, {record.field: record.second, "version": read_version}, content_type=JSON
    )
    assert stale.status_code == 409
    body = stale.json()
    assert [e["code"] for e in body["errors"]] == ["STALE_VERSION"]
    assert "Someone else saved this record" in body["errors"][0]["message"]
    assert body["current"][record.field] == record.first
    assert body["current"]["version"] == read_version + 1
    assert stale["ETag"] == f'W/"{read_version + 1}"'
    stored = record.stored()
    assert getattr(stored, record.field) == record.first
    assert stored.version == read_version + 1


@pytest.mark.parametrize("kind", KINDS)
def test_if_match_guards_a_save_like_the_version_field(people, records, kind):
    first, second = people
    record = records[kind]
    old = f'W/"{record.stored().version}"'
    assert (
        first.patch(
            record.url, {record.field: record.first}, content_type=JSON, HTTP_IF_MATCH=old
        ).status_code
        == 200
    )

    stale = second.patch(
        record.url, {record.field: record.second}, content_type=JSON, HTTP_IF_MATCH=old
    )
    assert stale.status_code == 409
    assert stale.json()["current"][record.field] == record.first

    # Reading the ETag of the 409 and saving again with it goes through.
    retried = second.patch(
        record.url, {record.field: record.second}, content_type=JSON, HTTP_IF_MATCH=stale["ETag"]
    )
    assert retried.status_code == 200
    assert getattr(record.stored(), record.field) == record.second


@pytest.mark.parametrize("kind", KINDS)
def test_a_save_without_a_version_is_accepted_and_counts_up(people, records, kind):
    first, _second = people
    record = records[kind]
    before = record.stored().version
    for value in (record.first, record.second):
        assert first.patch(record.url, {record.field: value}, content_type=JSON).status_code == 200
    stored = record.stored()
    assert getattr(stored, record.field) == record.second
    assert stored.version == before + 2


def test_a_shipment_read_carries_its_version_as_etag(people, records):
    first, _second = people
    response = first.get(records["shipment"].url)
    body = response.json()
    assert response["ETag"] == f'W/"{body["version"]}"'
    assert body["lines"][0]["version"] == 1 and body["containers"][0]["version"] == 1


def test_an_unreadable_or_contradicting_if_match_is_a_422_and_saves_nothing(people, records):
    first, _second = people
    record = records["line"]
    unreadable = first.patch(
        record.url, {record.field: record.first}, content_type=JSON, HTTP_IF_MATCH="three"
    )
    contradicting = first.patch(
        record.url,
        {record.field: record.first, "version": 1},
        content_type=JSON,
        HTTP_IF_MATCH='W/"2"',
    )
    assert unreadable.status_code == contradicting.status_code == 422
    assert unreadable.json()["errors"][0]["path"] == "If-Match"
    assert record.stored().description_en == "Modules"
