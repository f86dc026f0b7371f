"""Tracking fixtures: Alice's shipment of two containers, confirmed on a Xi'an → Duisburg
departure (the booking fixtures' network), and the places its events name."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from cloudcabin.bookings.models import Booking, BookingStatus, Departure
from cloudcabin.bookings.tests.conftest import (
    make_container_types,
    make_departure,
    make_nodes,
    make_service,
    make_shipment,
)
from cloudcabin.reference.models import Location
from cloudcabin.shipments.models import Shipment
from cloudcabin.tracking.tests.receiver import (  # noqa: F401  (webhook receivers)
    receiver,
    self_signed,
    tls_receiver,
)

PLACES = (
    ("CNXIA", "CN", "Xi'an"),
    ("KZALS", "KZ", "Alashankou"),
    ("KZDOS", "KZ", "Dostyk"),
    ("BYBQT", "BY", "Brest"),
    ("PLMAA", "PL", "Malaszewicze"),
    ("DEDUI", "DE", "Duisburg"),
)


@dataclass
class Tracked:
    shipment: Shipment
    booking: Booking
    departure: Departure

    @property
    def numbers(self) -> list[str]:
        return list(self.shipment.containers.values_list("number", flat=True))


def make_places() -> None:
    for locode, country, name in PLACES:
        Location.objects.get_or_create(
            locode=locode, defaults={"country": country, "name": name, "name_ascii": name}
        )


def make_tracked(tenants, reference: str = "CC-TR-1", days: int = -1) -> Tracked:
    """A confirmed booking whose train left ``-days`` days ago (or leaves in ``days``)."""
    make_nodes()
    make_container_types()
    make_places()
    service = make_service(code=f"XIA-DUI-{reference}")
    departure = make_departure(service, days=days)
    shipment = make_shipment(tenants, reference=reference)
    booking = Booking.objects.create(
        organization=tenants.org,
        shipment=shipment,
        departure=departure,
        containers=[{"size_type": "45G1", "count": 2, "teu": "2.00"}],
        teu=Decimal("4.00"),
        status=BookingStatus.CONFIRMED,
    )
    return Tracked(shipment=shipment, booking=booking, departure=departure)


@pytest.fixture
def tracked(tenants) -> Tracked:
    return make_tracked(tenants)
