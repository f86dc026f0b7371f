"""Everything ./run needs before serving, in one process (each Django start costs a second).

migrate → reference data → corridor network → sanctions list samples → goods rules → demo
organizations and users → demo shipments → train schedules → tracking (synthetic history,
the S1 train) → demo booking → demo shares. Each step is idempotent, so a second run
changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

STEPS: list[tuple[str, str, dict[str, Any]]] = [
    ("database", "migrate", {"interactive": False, "verbosity": 1}),
    ("reference data", "load_reference", {}),
    ("corridor network", "load_network", {}),
    ("sanctions list samples", "load_sanctions_list", {"samples": True}),
    ("goods rules", "load_goods_rules", {}),
    ("demo organizations and users", "seed_demo", {}),
    ("demo shipments", "seed_demo_shipments", {}),
    ("train schedules", "seed_schedules", {}),
    # Before the booking step: it puts the demo shipment on the S1 train, which has left.
    ("demo tracking", "seed_demo_tracking", {}),
    ("demo booking", "seed_demo_bookings", {}),
    # Last: shares whatever demo shipment names a demo organization (the consignee's).
    ("demo shares", "seed_demo_shares", {}),
]


class Command(BaseCommand):
    help = "Migrate, load the reference data and the network, and seed the demo data."

    def handle(self, *args: Any, **options: Any) -> None:
        for label, command, kwargs in STEPS:
            self.stdout.write(f"==> {label}")
            call_command(command, stdout=self.stdout, stderr=self.stderr, **kwargs)
