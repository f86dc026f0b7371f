"""Book the ready demo shipment on its next open train (idempotent).

Xi'an → Duisburg (XSR-2026-0001) is ready, so its owner books it as a shipper would: on
the first departure open for booking. The pack then states what a booked shipment's does:
the departure date in the certificate of origin and the estimated arrival at the EU
border in the entry summary.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cloudcabin.accounts.models import Organization, Role, User
from cloudcabin.accounts.tenancy import Actor
from cloudcabin.bookings import selectors, services
from cloudcabin.bookings.models import Booking
from cloudcabin.shipments.models import Shipment

XIAN = "Xi'an Silk Road Trading Co., Ltd."
DEMO_REFERENCE = "XSR-2026-0001"


class Command(BaseCommand):
    help = "Book the ready demo shipment on the first open departure of its route."

    def handle(self, *args: Any, **options: Any) -> None:
        xian = Organization.objects.filter(name_en=XIAN).first()
        shipment = (
            Shipment.objects.for_org(xian).filter(reference=DEMO_REFERENCE).first()
            if xian
            else None
        )
        if xian is None or shipment is None or Booking.objects.filter(shipment=shipment).exists():
            return
        departures = selectors.departures_for_shipment(shipment)
        if not departures:
            self.stderr.write(f"seed_demo_bookings: no open departure for {DEMO_REFERENCE}")
            return
        actor = Actor(
            organization=xian,
            role=Role.OWNER,
            can_write=True,
            user=User.objects.filter(email="owner@xian.demo").first(),
        )
        first = min(departures, key=lambda departure: departure.departs_at)
        result = services.book_slots(actor=actor, shipment_id=shipment.pk, departure_id=first.pk)
        self.stdout.write(
            f"Demo booking: {DEMO_REFERENCE} on {first.service.code} "
            f"{first.departs_at:%Y-%m-%d} ({result.booking.status})"
        )
