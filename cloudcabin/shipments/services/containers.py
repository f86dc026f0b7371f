"""Containers and the stowage plan (which packages of which line travel in which box)."""

from __future__ import annotations

from typing import Unpack

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.errors import ProblemError
from cloudcabin.fields import require_valid_columns
from cloudcabin.shipments.inputs import CONTAINER_FIELDS, ContainerFields
from cloudcabin.shipments.models import (
    Allocation,
    Container,
    GoodsLine,
    Shipment,
    ShipmentEventKind,
)
from cloudcabin.shipments.services.editing import (
    check_version,
    clean_fields,
    lock_for_edit,
    record_event,
)
from cloudcabin.shipments.services.lines import line_of


def container_of(shipment: Shipment, container_id: int) -> Container:
    try:
        return Container.objects.get(shipment=shipment, pk=container_id)
    except (Container.DoesNotExist, ValueError, TypeError) as exc:
        raise ProblemError.of("NOT_FOUND", path="container") from exc


@transaction.atomic
def save_container(
    *,
    actor: Actor,
    shipment_id: int,
    container_id: int | None = None,
    expected_version: int | None = None,
    **fields: Unpack[ContainerFields],
) -> Container:
    shipment = lock_for_edit(actor, shipment_id)
    seals = fields.get("seals")
    if seals is not None:
        fields["seals"] = _seal_list(seals)
    cleaned = clean_fields(Container, fields, CONTAINER_FIELDS)
    if container_id is None:
        container = Container(shipment=shipment)
    else:
        container = container_of(shipment, container_id)
        check_version(container, expected_version)
    for key, value in cleaned.items():
        setattr(container, key, value)
    if not container.number:
        raise ProblemError.of("REQUIRED", path="number")
    try:
        with transaction.atomic():
            container.save()
    except IntegrityError as exc:
        raise ProblemError.of(
            "CONFLICT", path="number", detail=_("This container is already on the shipment.")
        ) from exc
    record_event(
        actor=actor,
        shipment=shipment,
        kind=ShipmentEventKind.CONTAINER_SAVED,
        container=container.number,
    )
    return container


def _seal_list(value: list[str] | str) -> list[str]:
    items = value.replace(";", ",").split(",") if isinstance(value, str) else list(value or [])
    return [str(item).strip().upper() for item in items if str(item).strip()]


@transaction.atomic
def delete_container(*, actor: Actor, shipment_id: int, container_id: int) -> None:
    shipment = lock_for_edit(actor, shipment_id)
    container = container_of(shipment, container_id)
    container.delete()
    record_event(
        actor=actor,
        shipment=shipment,
        kind=ShipmentEventKind.CONTAINER_DELETED,
        container=container.number,
    )


@transaction.atomic
def stow(
    *, actor: Actor, shipment_id: int, container_id: int, line_id: int, packages: int
) -> Allocation | None:
    """Put ``packages`` of a line in a container (0 takes the line out of it)."""
    shipment = lock_for_edit(actor, shipment_id)
    container = container_of(shipment, container_id)
    line = line_of(shipment, line_id)
    require_valid_columns(Allocation, {"packages": packages})
    Allocation.objects.filter(container=container, line=line).delete()
    allocation = None
    if packages:
        allocation = Allocation.objects.create(container=container, line=line, packages=packages)
    record_event(
        actor=actor,
        shipment=shipment,
        kind=ShipmentEventKind.ALLOCATED,
        container=container.number,
        line=line.line_no,
        packages=packages,
    )
    return allocation


@transaction.atomic
def stow_everything_evenly(*, actor: Actor, shipment_id: int) -> None:
    """A first stowage plan: each line's packages spread over the containers in turn."""
    shipment = lock_for_edit(actor, shipment_id)
    containers = list(Container.objects.filter(shipment=shipment).order_by("id"))
    if not containers:
        raise ProblemError.of("INVALID", path="containers", detail=_("Add a container first."))
    Allocation.objects.filter(container__in=containers).delete()
    allocations = []
    for index, line in enumerate(GoodsLine.objects.filter(shipment=shipment)):
        if line.packages:
            container = containers[index % len(containers)]
            allocations.append(Allocation(container=container, line=line, packages=line.packages))
    Allocation.objects.bulk_create(allocations)
    record_event(
        actor=actor, shipment=shipment, kind=ShipmentEventKind.ALLOCATED, plan="round-robin"
    )
