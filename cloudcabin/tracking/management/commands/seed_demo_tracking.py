"""Seed the demo's tracking: the labelled synthetic trip history and the S1 train."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from cloudcabin.bookings.models import TrainService
from cloudcabin.shipments.models import Shipment
from cloudcabin.tracking.demo import S1_SHIPMENT, SERVICE, seed_history, seed_s1


class Command(BaseCommand):
    help = (
        "Seed a synthetic (labelled) history of Xi'an - Duisburg trips for the arrival "
        "estimates and their back-test, and replay the S1 demo train's milestones."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        service = TrainService.objects.filter(code=SERVICE).first()
        shipment = Shipment.objects.filter(reference=S1_SHIPMENT).first()
        if service is None or shipment is None or not shipment.route_option:
            self.stderr.write(
                "seed_demo_tracking: the XIA-DUI service or the demo shipment's planned "
                "route is missing (run seed_schedules and seed_demo_shipments); nothing seeded."
            )
            return
        with transaction.atomic():
            trips = seed_history(service, shipment.route_option)
            s1 = seed_s1(service)
        self.stdout.write(
            f"Demo tracking: {trips} synthetic past trips seeded; {s1} "
            f"({time.perf_counter() - started:.2f} s)."
        )
