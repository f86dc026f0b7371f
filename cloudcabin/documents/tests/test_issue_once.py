"""Issuing is idempotent: a double-click, a retry or an Idempotency-Key never makes a
second version of unchanged documents (one once made v2 and marked v1 "superseded")."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cloudcabin.bookings.models import Booking, BookingStatus
from cloudcabin.bookings.tests.conftest import make_departure, make_nodes, make_service
from cloudcabin.documents import selectors
from cloudcabin.documents.data import PackData
from cloudcabin.documents.models import DocumentEvent, DocumentPack, PackStatus
from cloudcabin.documents.services import data_digest, issue_pack
from cloudcabin.shipments import services as shipment_services
from cloudcabin.shipments.models import Shipment, ShipmentRevision
from cloudcabin.shipments.snapshot import shipment_snapshot
from conftest import Tenants

BASE = "/api/v1/documents"


def _api(tenants: Tenants) -> Client:
    return Client(headers={"X-API-Key": tenants.api_key(tenants.owner, "read_write")})


def _packs(shipment: Shipment) -> list[tuple[int, str]]:
    return [
        (pack.version, pack.status)
        for pack in DocumentPack.objects.filter(shipment=shipment).order_by("version")
    ]


def test_issuing_unchanged_documents_again_answers_the_current_pack_and_supersedes_nothing(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    client = _api(tenants)
    url = f"{BASE}/shipments/{demo_shipment.pk}/issue"
    first = client.post(url)
    assert first.status_code == 201
    again = client.post(url)
    assert again.status_code == 200 and again.json() == first.json()
    assert _packs(demo_shipment) == [(1, PackStatus.ISSUED)]
    assert not DocumentEvent.objects.filter(kind="superseded").exists()
    assert ShipmentRevision.objects.filter(shipment=demo_shipment).count() == 1
    # An edit changes the data: the next issue is version 2.
    shipment_services.update_shipment(
        actor=tenants.actor(tenants.owner), shipment_id=demo_shipment.pk, contract_number="C-2"
    )
    changed = client.post(url)
    assert changed.status_code == 201 and changed.json()["version"] == 2
    assert _packs(demo_shipment) == [(1, PackStatus.SUPERSEDED), (2, PackStatus.ISSUED)]


def test_issuing_unchanged_documents_again_writes_nothing_and_takes_no_transaction(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    actor = tenants.actor(tenants.owner)
    first = issue_pack(actor=actor, shipment_id=demo_shipment.pk)
    with CaptureQueriesContext(connection) as queries:
        again = issue_pack(actor=actor, shipment_id=demo_shipment.pk)
    assert again.pack == first.pack and not again.created
    # Other writers never wait on a repeated issue: no lock, no savepoint, no write.
    statements = [query["sql"].split()[0].upper() for query in queries]
    assert set(statements) == {"SELECT"}


def test_an_issue_reads_the_goods_lines_once_and_an_unchanged_one_reads_none(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    """The snapshot, the rules and the goods hold share one read of the lines; the parties
    compared under the lock are one query, not one per role."""
    actor = tenants.actor(tenants.owner)

    def reads(table: str) -> tuple[bool, int]:
        with CaptureQueriesContext(connection) as queries:
            issued = issue_pack(actor=actor, shipment_id=demo_shipment.pk)
        froms = [q["sql"].split(" FROM ")[1] for q in queries if " FROM " in q["sql"]]
        return issued.created, sum(table_sql.startswith(f'"{table}"') for table_sql in froms)

    assert reads("shipments_goodsline") == (True, 1)
    assert reads("shipments_goodsline") == (False, 0)  # answered from the frozen revision
    shipment_services.update_shipment(
        actor=actor, shipment_id=demo_shipment.pk, contract_number="C-3"
    )
    # The parties: read with the shipment and for the screening hold, then again under
    # the lock for both (one query each, not one per role: 11 reads before).
    assert reads("shipments_party") == (True, 4)


def test_a_confirmed_booking_after_issue_is_a_change_though_the_revision_is_the_same(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    client = _api(tenants)
    url = f"{BASE}/shipments/{demo_shipment.pk}/issue"
    assert client.post(url).status_code == 201
    make_nodes()
    service = make_service(code="XIA-LOD", name="Xi'an - Łódź", destination_id="PLLOD")
    departure = make_departure(service, departs_at=datetime(2026, 10, 12, 17, 30, tzinfo=UTC))
    Booking.objects.create(
        organization=demo_shipment.organization,
        shipment=demo_shipment,
        departure=departure,
        teu=Decimal("4"),
        status=BookingStatus.CONFIRMED,
    )
    # The train and its date are printed (ENS, certificate of origin): a new version.
    second = client.post(url)
    assert second.status_code == 201 and second.json()["version"] == 2
    assert second.json()["revision"] == 1


def test_the_same_idempotency_key_replays_the_first_issue_and_a_new_key_issues_again(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    client = _api(tenants)
    url = f"{BASE}/shipments/{demo_shipment.pk}/issue"
    first = client.post(url, HTTP_IDEMPOTENCY_KEY="issue-1")
    assert first.status_code == 201
    shipment_services.update_shipment(
        actor=tenants.actor(tenants.owner), shipment_id=demo_shipment.pk, contract_number="C-2"
    )
    # A retry of the first request, sent after the edit, still gets the first answer.
    retry = client.post(url, HTTP_IDEMPOTENCY_KEY="issue-1")
    assert retry.status_code == 201 and retry.json() == first.json()
    assert _packs(demo_shipment) == [(1, PackStatus.ISSUED)]
    fresh = client.post(url, HTTP_IDEMPOTENCY_KEY="issue-2")
    assert fresh.status_code == 201 and fresh.json()["version"] == 2
    # The key names one request: sent with another operation it is refused.
    booking = client.post(
        "/api/v1/bookings",
        {"shipment_id": demo_shipment.pk, "departure_id": 1},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="issue-1",
    )
    assert booking.status_code == 422
    assert booking.json()["errors"][0]["code"] == "IDEMPOTENCY_KEY_REUSED"


def test_a_double_click_on_the_issue_button_issues_one_version(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    # Clicks at the same moment queue on the shipment's row lock (BEGIN IMMEDIATE on
    # SQLite), so the second one always comes after the first, as here.
    client = tenants.client_for(tenants.owner)
    url = reverse("documents:issue", args=[demo_shipment.pk])
    first = client.post(url)
    second = client.post(url)
    assert first.status_code == second.status_code == 302
    assert _packs(demo_shipment) == [(1, PackStatus.ISSUED)]
    shown = [str(m) for m in get_messages(second.wsgi_request)]
    assert shown[-1] == "Nothing changed since version 1: it stays the issued pack."


def test_the_data_digest_is_the_same_for_equal_data_and_names_the_issuer(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    def data() -> PackData:
        return selectors.pack_data(shipment_snapshot(demo_shipment))

    assert data_digest(data(), "A") == data_digest(data(), "A") != data_digest(data(), "B")
