"""The Chongqing demo company's shipments: by rail to Łódź, and by rail and sea to Singapore.

Not a command (the leading underscore keeps Django from listing it); ``seed_demo_shipments``
runs it.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from cloudcabin.accounts.models import AgentAssignment, Organization, Role, User
from cloudcabin.accounts.tenancy import Actor
from cloudcabin.shipments import services
from cloudcabin.shipments.management.commands._demo import (
    container_number,
    exists,
    known_places,
    party,
    plan_route,
)
from cloudcabin.shipments.models import Party

CHONGQING: dict[str, Any] = {
    "name_en": "Chongqing Laptop Export Co., Ltd.",
    "name_zh": "重庆笔记本电脑出口有限公司",
    "country": "CN",
    "address": "重庆市沙坪坝区西永综合保税区 / Xiyong Comprehensive Bonded Zone, Chongqing",
    "uscc": "91500106MA5U7LAP00",
}


def chongqing_demos() -> list[str]:
    """Create the Chongqing demo shipments that are absent; their references."""
    return _to_lodz() + _to_singapore()


def _actor() -> Actor:
    """The Chongqing demo company (created on first use), as its owner."""
    organization, _created = Organization.objects.get_or_create(
        name_en=CHONGQING["name_en"], defaults=CHONGQING
    )
    agent = User.objects.filter(email="agent@cloudcabin.demo").first()
    if agent is not None:
        AgentAssignment.objects.get_or_create(agent=agent, organization=organization)
    return Actor(organization=organization, role=Role.OWNER, can_write=True, user=None)


def _exporter(actor: Actor) -> Party:
    return party(
        actor,
        {
            "name_latin": CHONGQING["name_en"],
            "name_local": CHONGQING["name_zh"],
            "city": "Chongqing",
            "country": "CN",
            "uscc": CHONGQING["uscc"],
        },
    )


def _to_lodz() -> list[str]:
    """Rail, Chongqing → Łódź: laptops, for a second demo company of its own."""
    actor = _actor()
    ref = "CQL-2026-0001"
    if exists(actor, ref):
        return []
    exporter = _exporter(actor)
    consignee = party(
        actor,
        {
            "name_latin": "Łódź Electronics Distribution Sp. z o.o.",
            "address_latin": "ul. Rokicińska 148",
            "city": "Łódź",
            "postcode": "92-412",
            "country": "PL",
            "eori": "PL526025099500000",
            "vat_number": "PL5260250995",
        },
    )
    shipment = services.create_shipment(
        actor=actor,
        reference=ref,
        direction="export",
        invoice_number="CQL-INV-2026-088",
        consignment_note_number="27104877",
        invoice_date=datetime.date(2026, 10, 20),
        incoterm="CPT",
        incoterm_place_locode="PLLOD",
        currency="USD",
        route_kind="rail",
        origin_locode="CNCQI",
        loading_locode="CNCQI",
        destination_locode="PLLOD",
        border_crossings=known_places(["KZDOS", "BYBQT", "PLMAA"]),
        invoice_total=Decimal("1140000.00"),
        declared_packages=300,
        declared_gross_kg=Decimal("8100"),
        parties={"seller": exporter.pk, "consignor": exporter.pk, "consignee": consignee.pk},
    )
    plan_route(actor, shipment)
    line = services.save_line(
        actor=actor,
        shipment_id=shipment.pk,
        description_zh="笔记本电脑 14英寸",
        description_en="Laptop computers, 14 inch",
        hs_code="847130",
        national_code="84713090",
        brand_type="1",
        export_preference="0",
        declared_elements="1|0|笔记本电脑|14英寸|1.4kg|CQ-Book 14",
        quantity=Decimal("3000"),
        unit="NAR",
        net_kg=Decimal("6600"),
        gross_kg=Decimal("8100"),
        packages=300,
        package_type="22",
        unit_price=Decimal("380.00"),
        amount=Decimal("1140000.00"),
        origin_country="CN",
    )
    container = services.save_container(
        actor=actor,
        shipment_id=shipment.pk,
        number=container_number("CQLU200101"),
        size_type="45G1",
        seals=["CQ2026102001"],
    )
    services.stow(
        actor=actor,
        shipment_id=shipment.pk,
        container_id=container.pk,
        line_id=line.pk,
        packages=300,
    )
    return [ref]


def _to_singapore() -> list[str]:
    """Rail and sea, Chongqing → Qinzhou port → Singapore (the western land–sea corridor):
    laptops in a 40' high-cube; the rail note ends at Qinzhou, the ship
    takes the container on under a bill of lading (the shipping instructions)."""
    actor = _actor()
    ref = "CQS-2026-0001"
    if exists(actor, ref):
        return []
    exporter = _exporter(actor)
    consignee = party(
        actor,
        {
            "name_latin": "Lion City Electronics Pte. Ltd.",
            "address_latin": "21 Tuas Avenue 11",
            "city": "Singapore",
            "postcode": "639090",
            "country": "SG",
            "contact": "Tan Wei Ming, +65 6861 0000",
        },
    )
    notify = party(
        actor,
        {
            "name_latin": "Straits Customs & Forwarding Pte. Ltd.",
            "address_latin": "7 Keppel Road, Tanjong Pagar Complex",
            "city": "Singapore",
            "postcode": "089053",
            "country": "SG",
            "contact": "+65 6221 0000",
        },
    )
    shipment = services.create_shipment(
        actor=actor,
        reference=ref,
        direction="export",
        contract_number="CQS-LC-2026-031",
        invoice_number="CQS-INV-2026-031",
        consignment_note_number="27105012",
        invoice_date=datetime.date(2026, 11, 2),
        ready_date=datetime.date(2026, 11, 6),
        incoterm="CPT",
        incoterm_place_locode="SGSIN",
        currency="USD",
        route_kind="sea_rail",
        origin_locode="CNCQI",
        loading_locode="CNCQI",
        destination_locode="SGSIN",
        invoice_total=Decimal("864000.00"),
        declared_packages=240,
        declared_gross_kg=Decimal("7200"),
        parties={
            "seller": exporter.pk,
            "consignor": exporter.pk,
            "producer": exporter.pk,
            "buyer": consignee.pk,
            "consignee": consignee.pk,
            "notify_party": notify.pk,
        },
    )
    plan_route(actor, shipment)
    line = services.save_line(
        actor=actor,
        shipment_id=shipment.pk,
        description_zh="笔记本电脑 15.6英寸",
        description_en="Laptop computers, 15.6 inch",
        hs_code="847130",
        national_code="84713090",
        brand_type="1",
        export_preference="0",
        declared_elements="1|0|笔记本电脑|15.6英寸|1.8kg|CQ-Book 15",
        quantity=Decimal("2400"),
        unit="NAR",
        net_kg=Decimal("5760"),
        gross_kg=Decimal("7200"),
        packages=240,
        package_type="22",
        unit_price=Decimal("360.00"),
        amount=Decimal("864000.00"),
        origin_country="CN",
        marks="LCE/SIN 2026-031 CTN 1-240",
    )
    container = services.save_container(
        actor=actor,
        shipment_id=shipment.pk,
        number=container_number("CQSU300310"),
        size_type="45G1",
        seals=["CQ2026110601"],
        tare_kg=Decimal("3900"),
    )
    services.stow(
        actor=actor,
        shipment_id=shipment.pk,
        container_id=container.pk,
        line_id=line.pk,
        packages=240,
    )
    return [ref]
