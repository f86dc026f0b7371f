"""The shipment page derives the customs declaration's record once: its findings, the
readiness summary and the fields' derived placeholders all read the same one."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cloudcabin.documents.data import PackData
from cloudcabin.documents.declaration import record
from cloudcabin.documents.declaration.record import DeclarationRecord
from cloudcabin.shipments.models import Shipment
from conftest import Tenants


def test_the_shipment_page_derives_the_declaration_record_once(
    tenants: Tenants, demo_shipment: Shipment, monkeypatch: pytest.MonkeyPatch
) -> None:
    derived = []
    derive = record.declaration_record

    def counted(data: PackData) -> DeclarationRecord:
        derived.append(data)
        return derive(data)

    monkeypatch.setattr(record, "declaration_record", counted)
    page = tenants.client_for(tenants.owner).get(
        reverse("shipments:detail", args=[demo_shipment.pk])
    )
    assert page.status_code == 200
    assert 'id="check-panel"' in page.content.decode()
    assert len(derived) == 1
