"""Booking fixtures: the network nodes, container types, a Xi'an → Duisburg service with a
small departure open for booking now, and Alice's shipment of two 40' containers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from stdnum import iso6346

from cloudcabin.accounts.models import User
from cloudcabin.bookings.models import Departure, TrainService
from cloudcabin.network.models import Node, NodeKind
from cloudcabin.reference.models import ContainerType
from cloudcabin.shipments import services as shipment_services
from cloudcabin.shipments.models import Shipment


def container_number(serial: int, owner: str = "CSQU") -> str:
    body = f"{owner}{serial:06d}"
    return body + iso6346.calc_check_digit(body)


@dataclass
class Schedule:
    service: TrainService
    departure: Departure
    later: Departure


def make_nodes() -> None:
    for locode, name, country in (
        ("CNXIA", "Xi'an", "CN"),
        ("DEDUI", "Duisburg", "DE"),
        ("PLLOD", "Łódź", "PL"),
        ("CNCQI", "Chongqing", "CN"),
        ("DEHAM", "Hamburg", "DE"),
    ):
        Node.objects.get_or_create(
            locode=locode, defaults={"name": name, "country": country, "kind": NodeKind.INLAND_HUB}
        )


def make_container_types() -> None:
    for code, length, teu in (("45G1", "40", "2"), ("22G1", "20", "1"), ("L5G1", "45", "2.25")):
        ContainerType.objects.get_or_create(
            code=code,
            defaults={
                "description": code,
                "length_ft": Decimal(length),
                "height_ft": Decimal("9.5"),
                "teu": Decimal(teu),
            },
        )


def make_service(code: str = "XIA-DUI", **fields: object) -> TrainService:
    values: dict[str, object] = {
        "name": "Xi'an - Duisburg",
        "origin_id": "CNXIA",
        "destination_id": "DEDUI",
        "weekdays": [2, 5],
        "departure_time": time(10, 0),
        "capacity_teu": Decimal("6"),
        "late_fee_per_teu": Decimal("150.00"),
        "operator_name": "Demo rail",
    }
    values.update(fields)
    return TrainService.objects.create(code=code, **values)


def make_departure(
    service: TrainService, *, days: int = 10, capacity: str = "6", **fields: object
) -> Departure:
    """A departure ``days`` from now, open since yesterday, closing two days before it leaves."""
    now = timezone.now()
    departs = now + timedelta(days=days)
    values: dict[str, object] = {
        "departs_at": departs,
        "opens_at": now - timedelta(days=1),
        "cutoff_at": departs - timedelta(days=2),
        "yard_deadline_at": departs - timedelta(hours=48),
        "capacity_teu": Decimal(capacity),
    }
    values.update(fields)
    return Departure.objects.create(service=service, **values)


def make_shipment(
    tenants, reference: str = "CC-BK-1", containers: int = 2, user: User | None = None
) -> Shipment:
    """A Xi'an → Duisburg shipment with ``containers`` boxes, made by ``user`` (the owner)."""
    actor = tenants.actor(user or tenants.owner)
    consignor = shipment_services.save_party(
        actor=actor, name_latin="Xi'an Silk Road", country="CN", uscc="91610131MA6U0EXA04"
    )
    consignee = shipment_services.save_party(
        actor=actor, name_latin="Duisburg Import GmbH", country="DE", eori="DE4567890123456"
    )
    shipment = shipment_services.create_shipment(
        actor=actor,
        reference=reference,
        origin_locode="CNXIA",
        destination_locode="DEDUI",
        parties={"consignor": consignor.pk, "consignee": consignee.pk},
    )
    for serial in range(containers):
        shipment_services.save_container(
            actor=actor,
            shipment_id=shipment.pk,
            number=container_number(305438 + serial + shipment.pk * 10),
            size_type="45G1",
            seals=["CN123456"],
        )
    return shipment


@pytest.fixture
def schedule(db: None) -> Schedule:
    make_nodes()
    make_container_types()
    service = make_service()
    return Schedule(
        service=service,
        departure=make_departure(service, days=10),
        later=make_departure(service, days=13),
    )


@pytest.fixture
def shipment(tenants, schedule):
    return make_shipment(tenants)
