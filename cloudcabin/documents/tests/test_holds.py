"""Holds registered by domains above shipments stop the issue exactly as the checks show."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.urls import reverse

from cloudcabin.documents.models import DocumentPack
from cloudcabin.errors import Problem, Severity
from cloudcabin.shipments import holds
from cloudcabin.shipments.models import Shipment
from conftest import Tenants

PARTY_HELD = Problem("TEST_PARTY_HELD", Severity.ERROR, "parties.buyer", "The buyer is held.")
ROUTE_NOTE = Problem("TEST_ROUTE_NOTE", Severity.WARNING, "route", "A clause is needed.")


@pytest.fixture
def hold_source(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Problem]]:
    """A registered source that holds every shipment with the problems in the list."""
    found: list[Problem] = []
    monkeypatch.setattr(holds, "_SOURCES", [])
    holds.register_hold_source(lambda shipments, _lines: [list(found) for _shipment in shipments])
    yield found


def test_a_hold_is_listed_by_the_checks_and_refuses_the_issue(
    tenants: Tenants, demo_shipment: Shipment, media: Path, hold_source: list[Problem]
) -> None:
    client = tenants.client_for(tenants.owner)
    hold_source.append(PARTY_HELD)
    checks = client.get(f"/api/v1/documents/shipments/{demo_shipment.pk}/checks").json()
    assert [h["code"] for h in checks["holds"]] == ["TEST_PARTY_HELD"]
    assert checks["errors"] >= 1
    page = client.get(reverse("documents:shipment", args=[demo_shipment.pk])).content.decode()
    assert 'data-code="TEST_PARTY_HELD"' in page
    assert 'data-testid="checks-ok"' not in page

    response = client.post(reverse("documents:issue", args=[demo_shipment.pk]))
    assert response.status_code == 409
    assert 'data-code="TEST_PARTY_HELD"' in response.content.decode()
    assert not DocumentPack.objects.exists()


def test_a_warning_hold_is_shown_but_the_pack_is_issued(
    tenants: Tenants, demo_shipment: Shipment, media: Path, hold_source: list[Problem]
) -> None:
    client = tenants.client_for(tenants.owner)
    hold_source.append(ROUTE_NOTE)
    checks = client.get(f"/api/v1/documents/shipments/{demo_shipment.pk}/checks").json()
    assert [h["code"] for h in checks["holds"]] == ["TEST_ROUTE_NOTE"]
    response = client.post(reverse("documents:issue", args=[demo_shipment.pk]))
    assert response.status_code == 302
    assert DocumentPack.objects.filter(shipment=demo_shipment).count() == 1


def test_without_holds_the_list_is_empty(
    tenants: Tenants, demo_shipment: Shipment, hold_source: list[Problem]
) -> None:
    checks = tenants.client_for(tenants.owner).get(
        f"/api/v1/documents/shipments/{demo_shipment.pk}/checks"
    )
    assert checks.json()["holds"] == []
