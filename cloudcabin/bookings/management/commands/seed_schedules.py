"""Seed the demo train services and their departures for the coming weeks (idempotent)."""

from __future__ import annotations

from datetime import time
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from cloudcabin.bookings.models import TrainService
from cloudcabin.bookings.schedules import generate_departures
from cloudcabin.network.models import Corridor, Node

# Capacity: a block train of 41 flat wagons, each carrying one 40' or two 20' boxes,
# is 82 TEU; we sell the whole train. Weekdays are ISO (1 = Monday) in station time:
# the westbound trains leave Chinese stations (Asia/Shanghai, the model's default), the
# return trains European ones, in the zone of their station.
SERVICES: list[dict[str, Any]] = [
    {
        "code": "XIA-DUI",
        "name": "Chang'an Express Xi'an - Duisburg",
        "name_zh": "长安号 西安—杜伊斯堡",
        "origin": "CNXIA",
        "destination": "DEDUI",
        "corridor": "central-alashankou",
        "operator_name": "Xi'an International Inland Port (demo)",
        "weekdays": [2, 5],
        "departure_time": time(10, 0),
        "transit_days": 14,
        "capacity_teu": Decimal("82"),
        "late_fee_per_teu": Decimal("150.00"),
    },
    {
        "code": "XIA-LOD",
        "name": "Chang'an Express Xi'an - Łódź",
        "name_zh": "长安号 西安—罗兹",
        "origin": "CNXIA",
        "destination": "PLLOD",
        "corridor": None,
        "operator_name": "Xi'an International Inland Port (demo)",
        "weekdays": [3],
        "departure_time": time(14, 0),
        "transit_days": 12,
        "capacity_teu": Decimal("82"),
        "late_fee_per_teu": Decimal("150.00"),
    },
    {
        "code": "CQI-DUI",
        "name": "Chongqing - Duisburg",
        "name_zh": "重庆—杜伊斯堡",
        "origin": "CNCQI",
        "destination": "DEDUI",
        "corridor": None,
        "operator_name": "Chongqing rail logistics (demo)",
        "weekdays": [1, 4],
        "departure_time": time(9, 30),
        "transit_days": 15,
        "capacity_teu": Decimal("82"),
        "late_fee_per_teu": Decimal("120.00"),
    },
    # Return trains (eastbound, imports into China), slower than westbound: they wait
    # longer for a full load and queue at Małaszewicze/Brest and Dostyk.
    {
        "code": "DUI-XIA",
        "name": "Chang'an Express Duisburg - Xi'an",
        "name_zh": "长安号 杜伊斯堡—西安",
        "origin": "DEDUI",
        "destination": "CNXIA",
        "corridor": None,
        "operator_name": "Xi'an International Inland Port (demo)",
        "timezone": "Europe/Berlin",
        "weekdays": [3, 6],
        "departure_time": time(11, 0),
        "transit_days": 16,
        "capacity_teu": Decimal("82"),
        "late_fee_per_teu": Decimal("140.00"),
        "late_fee_currency": "EUR",
    },
    {
        "code": "HAM-XIA",
        "name": "Chang'an Express Hamburg - Xi'an",
        "name_zh": "长安号 汉堡—西安",
        "origin": "DEHAM",
        "destination": "CNXIA",
        "corridor": None,
        "operator_name": "Xi'an International Inland Port (demo)",
        "timezone": "Europe/Berlin",
        "weekdays": [4],
        "departure_time": time(16, 0),
        "transit_days": 15,
        "capacity_teu": Decimal("82"),
        "late_fee_per_teu": Decimal("140.00"),
        "late_fee_currency": "EUR",
    },
    {
        "code": "LOD-XIA",
        "name": "Chang'an Express Łódź - Xi'an",
        "name_zh": "长安号 罗兹—西安",
        "origin": "PLLOD",
        "destination": "CNXIA",
        "corridor": None,
        "operator_name": "Xi'an International Inland Port (demo)",
        "timezone": "Europe/Warsaw",
        "weekdays": [5],
        "departure_time": time(12, 0),
        "transit_days": 14,
        "capacity_teu": Decimal("82"),
        "late_fee_per_teu": Decimal("140.00"),
        "late_fee_currency": "EUR",
    },
]


class Command(BaseCommand):
    help = "Create the demo train services and their departures for the next weeks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--weeks", type=int, default=8)

    def handle(self, *args: Any, **options: Any) -> None:
        locodes = {code for s in SERVICES for code in (s["origin"], s["destination"])}
        present = set(Node.objects.filter(locode__in=locodes).values_list("locode", flat=True))
        if present != locodes:
            self.stderr.write(
                self.style.WARNING(
                    "seed_schedules: network nodes missing ("
                    + ", ".join(sorted(locodes - present))
                    + "); run load_network first. Nothing seeded."
                )
            )
            return
        created_departures = 0
        with transaction.atomic():
            for spec in SERVICES:
                values = dict(spec)
                corridor_code = values.pop("corridor")
                values["corridor"] = (
                    Corridor.objects.filter(code=corridor_code).first() if corridor_code else None
                )
                code = values.pop("code")
                values["origin_id"] = values.pop("origin")
                values["destination_id"] = values.pop("destination")
                service, _ = TrainService.objects.get_or_create(code=code, defaults=values)
                created_departures += len(
                    generate_departures(service=service, weeks=options["weeks"])
                )
        self.stdout.write(
            f"seed_schedules: {len(SERVICES)} services, {created_departures} new departures."
        )
