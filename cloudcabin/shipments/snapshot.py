"""The frozen JSON form of a shipment revision: what documents are rendered from.

Decimals become strings (never floats), dates ISO 8601, parties are copied in full so
that a later edit of the address book cannot change an issued document.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import models

from cloudcabin.accounts.models import Organization
from cloudcabin.shipments.checks.context import PARTY_ROLES, ShipmentView
from cloudcabin.shipments.models import Allocation, Container, GoodsLine, Party, Shipment

SNAPSHOT_VERSION = 1
BOOKKEEPING = frozenset({"version", "change_count"})


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _fields(instance: models.Model, exclude: set[str]) -> dict[str, Any]:
    # The edit counters are bookkeeping, not what a document says.
    return {
        field.name: _plain(getattr(instance, field.attname))
        for field in instance._meta.concrete_fields
        if field.name not in exclude and field.name not in BOOKKEEPING
    }


def _party(party: Party | None) -> dict[str, Any] | None:
    if party is None:
        return None
    return _fields(party, {"organization", "created_at"})


def _operator() -> dict[str, Any] | None:
    """The operator that runs the trains: the carrier the EU entry summary names."""
    operator = Organization.objects.filter(is_operator=True).order_by("id").first()
    if operator is None:
        return None
    return {
        "name_en": operator.name_en,
        "address": operator.address,
        "country": operator.country,
        "eori": operator.eori,
    }


def shared_rows(shipment: Shipment) -> dict[str, Any]:
    """The part of the snapshot read from rows other shipments share: the organization,
    the operator, and the address-book entries the party roles name. Their writes never
    pass through the shipment (its ``change_count`` does not see them), so an issue reads
    these again under the shipment's lock: a handful of rows, whatever the lines."""
    return {
        "organization": {
            "id": shipment.organization_id,
            "name_en": shipment.organization.name_en,
            "name_zh": shipment.organization.name_zh,
            "operator": _operator(),
        },
        # The parties as the shipment was read with them (the page selects them along).
        "parties": {role: _party(getattr(shipment, role)) for role in PARTY_ROLES},
    }


def shipment_snapshot(shipment: Shipment, view: ShipmentView | None = None) -> dict[str, Any]:
    """The shipment as documents read it; from ``view`` (its lines, containers and stowage
    just read, as the shipment page has them) without reading them again."""
    if view is None:
        lines = list(GoodsLine.objects.filter(shipment=shipment).order_by("line_no"))
        containers = list(Container.objects.filter(shipment=shipment).order_by("id"))
        stowage = list(
            Allocation.objects.filter(container__shipment=shipment).values_list(
                "container__number", "line__line_no", "packages"
            )
        )
    else:
        lines, containers = view.lines, view.containers
        stowage = [(stowed.container, stowed.line_no, stowed.packages) for stowed in view.stowage]
    header = _fields(
        shipment,
        {"organization", "created_at", "updated_at", "revision_frozen", *PARTY_ROLES},
    )
    shared = shared_rows(shipment)
    return {
        "snapshot_version": SNAPSHOT_VERSION,
        "organization": shared["organization"],
        "shipment": header,
        "parties": shared["parties"],
        "lines": [_fields(line, {"shipment"}) for line in lines],
        "containers": [_fields(container, {"shipment"}) for container in containers],
        "stowage": [
            {"container": number, "line_no": line_no, "packages": packages}
            for number, line_no, packages in stowage
        ],
    }
