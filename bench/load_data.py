"""The data bench/load.py's simulated users work on; run by it, not by hand:

    python bench/load_data.py FIXTURES.json --users 100 --companies 10

Needs the demo data first (``manage.py prepare_demo``: reference data, the network, the
tariff, the schedules). Then, idempotently (a second run reuses what is there):

- ``--companies`` organizations, each with the demo's parties, a 200-line shipment every
  member of the company opens, the demo's ready two-line shipment (issued by everyone,
  changed and re-issued by one member), and per member a one-box shipment to book;
- ``--users`` writing members spread over them, each with a signed-in session made here
  (no password hashing: 100 sign-ins would measure PBKDF2, not the product);
- a bench train service Xi'an → Duisburg with departures large enough never to fill up.

Writes FIXTURES.json: per user its session, CSRF token, shipments and the ids and
versions of the lines it alone edits (so that a 409 in the run is a real bug).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import string
import sys
from datetime import time as clock
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LINES = 200
DEPARTURES = 20
SERVICE = "LOADTEST"
# What the users search the HS tariff for (bench/load_swarm.py, bench/request_cpu.py).
GOODS = [
    "photovoltaic modules 550 W",
    "brake pads for passenger cars",
    "光伏组件",
    "lithium-ion batteries for e-bikes",
    "cotton T-shirts, knitted",
    "gear units for conveyors",
]


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cloudcabin.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def company(number: int) -> tuple[Any, dict[str, Any]]:
    """An organization with the demo's parties, as the Xi'an demo company has them."""
    from cloudcabin.accounts.models import Organization, Role
    from cloudcabin.accounts.tenancy import Actor
    from cloudcabin.shipments.management.commands._demo import party
    from cloudcabin.shipments.management.commands.seed_demo_shipments import XIAN_PARTIES

    org, _ = Organization.objects.get_or_create(
        name_en=f"Load Test Company {number}", defaults={"country": "CN"}
    )
    actor = Actor(organization=org, role=Role.OWNER, can_write=True, user=None)
    parties = {fields["name_latin"]: party(actor, fields) for fields in XIAN_PARTIES}
    return actor, parties


def ready_shipment(actor: Any, parties: dict[str, Any]) -> int:
    """The demo's ready shipment (two lines, two boxes, a planned route), for issuing."""
    from cloudcabin.shipments.management.commands.seed_demo_shipments import Command
    from cloudcabin.shipments.models import Shipment

    Command()._xian_to_duisburg(actor, parties)
    return Shipment.objects.for_org(actor.organization).get(reference="XSR-2026-0001").pk


def big_shipment(actor: Any, parties: dict[str, Any]) -> int:
    """200 lines like an imported invoice, two boxes: the page the issue measured."""
    from cloudcabin.shipments.management.commands.seed_demo_shipments import XIAN
    from cloudcabin.shipments.models import Container, GoodsLine, Shipment

    org = actor.organization
    found = Shipment.objects.for_org(org).filter(reference="LOAD-200").first()
    if found is not None:
        return found.pk
    shipment = Shipment.objects.create(
        organization=org,
        reference="LOAD-200",
        incoterm="FCA",
        incoterm_place_locode="CNXIA",
        origin_locode="CNXIA",
        destination_locode="DEDUI",
        border_crossings=["KZDOS", "BYBQT", "PLMAA"],
        consignor=parties[XIAN],
        consignee=parties["Duisburg Import GmbH"],
    )
    GoodsLine.objects.bulk_create(
        GoodsLine(
            shipment=shipment,
            line_no=number,
            description_en=f"Photovoltaic modules 550 W, batch {number}",
            description_zh=f"光伏组件 第{number}批",
            hs_code="854143",
            national_code="8541430000",
            declared_elements="1|0|光伏组件|550W|CQ-Solar",
            quantity=Decimal(600),
            unit="H87",
            net_kg=Decimal("16800"),
            gross_kg=Decimal("18000"),
            packages=20,
            package_type="22",
            unit_price=Decimal("95.50"),
            amount=Decimal("57300.00"),
            origin_country="CN",
        )
        for number in range(1, LINES + 1)
    )
    Container.objects.bulk_create(
        [
            Container(shipment=shipment, number="CSQU3054383", size_type="45G1"),
            Container(shipment=shipment, number="TGHU1234560", size_type="45G1"),
        ]
    )
    return shipment.pk


def booking_shipment(actor: Any, number: int) -> int:
    """A one-box shipment that one user books and cancels again and again (a booking
    left open by an interrupted run is cancelled here)."""
    from cloudcabin.bookings.models import ACTIVE_STATUSES, Booking
    from cloudcabin.bookings.services import cancel_booking
    from cloudcabin.shipments.models import Container, Shipment

    org = actor.organization
    reference = f"LOAD-BOOK-{number}"
    found = Shipment.objects.for_org(org).filter(reference=reference).first()
    if found is not None:
        left_open = Booking.objects.filter(shipment=found, status__in=ACTIVE_STATUSES)
        for booking in left_open:
            cancel_booking(actor=actor, booking_id=booking.pk)
        return found.pk
    shipment = Shipment.objects.create(
        organization=org, reference=reference, origin_locode="CNXIA", destination_locode="DEDUI"
    )
    Container.objects.create(shipment=shipment, number="CSQU3054383", size_type="45G1")
    return shipment.pk


def departures() -> list[int]:
    """A daily bench service whose departures hold far more than a run can book."""
    from django.utils import timezone

    from cloudcabin.bookings.models import Departure, TrainService

    capacity = Decimal("9000")
    service, _ = TrainService.objects.get_or_create(
        code=SERVICE,
        defaults={
            "name": "Load test Xi'an – Duisburg",
            "origin_id": "CNXIA",
            "destination_id": "DEDUI",
            "weekdays": [1, 2, 3, 4, 5, 6, 7],
            "departure_time": clock(10),
            "capacity_teu": capacity,
            "auto_confirm": True,
        },
    )
    now = timezone.now()
    open_ones = list(
        Departure.objects.filter(service=service, cutoff_at__gt=now + timedelta(days=2))
        .order_by("departs_at")
        .values_list("pk", flat=True)
    )
    for day in range(len(open_ones), DEPARTURES):
        departs = now + timedelta(days=10 + day)
        open_ones.append(
            Departure.objects.create(
                service=service,
                departs_at=departs,
                opens_at=now - timedelta(days=1),
                cutoff_at=departs - timedelta(days=3),
                yard_deadline_at=departs - timedelta(hours=48),
                capacity_teu=capacity,
            ).pk
        )
    return open_ones[:DEPARTURES]


def session_for(user: Any, org: Any) -> str:
    """A signed-in session, as the sign-in page makes it."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from cloudcabin.accounts.middleware import SESSION_ORGANIZATION_KEY

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[SESSION_ORGANIZATION_KEY] = org.pk
    session.create()
    assert session.session_key is not None
    return session.session_key


def prepare(users: int, companies: int) -> dict[str, Any]:
    from django.db import transaction

    from cloudcabin.accounts.models import Membership, Role, User
    from cloudcabin.shipments.models import GoodsLine

    alphabet = string.ascii_letters + string.digits
    people: list[dict[str, Any]] = []
    with transaction.atomic():
        trains = departures()
        for number in range(companies):
            actor, parties = company(number)
            org = actor.organization
            big = big_shipment(actor, parties)
            ready = ready_shipment(actor, parties)
            members = list(range(number, users, companies))
            lines = list(
                GoodsLine.objects.filter(shipment_id=big)
                .order_by("line_no")
                .values_list("pk", "version")
            )
            for rank, person in enumerate(members):
                user = User.objects.filter(email=f"load-{person}@example.com").first()
                if user is None:
                    user = User.objects.create_user(f"load-{person}@example.com", None)
                Membership.objects.get_or_create(
                    user=user, organization=org, defaults={"role": Role.MEMBER}
                )
                people.append(
                    {
                        "number": person,
                        "session": session_for(user, org),
                        "csrf": "".join(secrets.choice(alphabet) for _ in range(32)),
                        "shipment": big,
                        # Every member edits lines of its own: no two users race for one.
                        "lines": [list(line) for line in lines[rank :: len(members)]],
                        "ready": ready,
                        # One member per company changes the ready shipment before issuing
                        # it (a new version is rendered); the others issue it unchanged.
                        "editor": rank == 0,
                        "booking_shipment": booking_shipment(actor, person),
                    }
                )
    people.sort(key=lambda person: person["number"])
    return {"users": people, "departures": trains}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("fixtures", type=Path)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--companies", type=int, default=10)
    options = parser.parse_args()
    setup()
    fixtures = prepare(options.users, options.companies)
    options.fixtures.write_text(json.dumps(fixtures))


if __name__ == "__main__":
    main()
