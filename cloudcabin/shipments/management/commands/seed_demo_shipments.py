"""Demo parties and shipments for a local run. Idempotent: existing rows are left alone.

Runs after ``seed_demo`` (which creates the demo organizations and people); without the
Xi'an demo organization it does nothing. Everything is written through the services,
as a user would, so events and checks behave as in real use.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from cloudcabin.accounts.models import Organization, Role, User
from cloudcabin.accounts.tenancy import Actor
from cloudcabin.shipments import services
from cloudcabin.shipments.management.commands._demo import (
    container_number,
    exists,
    known_places,
    party,
    plan_route,
)
from cloudcabin.shipments.management.commands._demo_chongqing import chongqing_demos
from cloudcabin.shipments.models import Party

XIAN = "Xi'an Silk Road Trading Co., Ltd."
HAMBURG = "Hanse Antriebstechnik GmbH"
# Alashankou (China exit: customs 9404, port 650302), Dostyk, Brest, Małaszewicze.
# Typed only when the network is not loaded: the planned route replaces them.
XIAN_BORDER_CROSSINGS = ["CNAKL", "KZDOS", "BYBQT", "PLMAA"]

XIAN_PARTIES: list[dict[str, Any]] = [
    {
        "name_latin": XIAN,
        "name_local": "西安丝路贸易有限公司",
        "address_latin": "International Trade & Logistics Park, Baqiao District",
        "address_local": "陕西省西安市灞桥区国际港务区",
        "city": "Xi'an",
        "postcode": "710026",
        "country": "CN",
        "uscc": "91610131MA6U0EXA04",
        "customs_code": "6101960ABC",
        "contact": "Li Wei, +86 29 8888 0000, owner@xian.demo",
    },
    {
        "name_latin": "Duisburg Import GmbH",
        "address_latin": "Logport I, Hafenstraße 1",
        "city": "Duisburg",
        "postcode": "47229",
        "country": "DE",
        "eori": "DE4567890123456",
        "vat_number": "DE136695976",
        "contact": "Anna Becker, +49 203 000 000",
    },
    {
        # A Dutch forwarder's Duisburg branch, invoiced from the Netherlands: its VAT
        # number does not match its country, which the checks point out (a warning).
        "name_latin": "Rhine Intermodal Services B.V. (Duisburg branch)",
        "address_latin": "Am Parallelhafen 12",
        "city": "Duisburg",
        "postcode": "47059",
        "country": "DE",
        "vat_number": "NL004495445B01",
        "contact": "+49 203 111 222",
    },
    {
        "name_latin": "Xi'an International Port Customs Brokerage Co., Ltd.",
        "name_local": "西安国际港务区报关有限公司",
        "city": "Xi'an",
        "country": "CN",
        "customs_code": "6101980XYZ",
    },
    {
        # The seller of the return-train import (Hamburg → Xi'an).
        "name_latin": HAMBURG,
        "address_latin": "Billstraße 80",
        "city": "Hamburg",
        "postcode": "20539",
        "country": "DE",
        "eori": "DE7391046520001",
        "vat_number": "DE118734563",
        "contact": "Jonas Krüger, +49 40 000 111",
    },
]


class Command(BaseCommand):
    help = "Create demo parties and shipments for the demo organizations (if absent)."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        xian = Organization.objects.filter(name_en=XIAN).first()
        if xian is None:
            return
        actor = Actor(
            organization=xian,
            role=Role.OWNER,
            can_write=True,
            user=User.objects.filter(email="owner@xian.demo").first(),
        )
        parties = {fields["name_latin"]: party(actor, fields) for fields in XIAN_PARTIES}
        created = self._xian_to_duisburg(actor, parties)
        created += self._hamburg_to_xian(actor, parties)
        created += chongqing_demos()
        if created:
            self.stdout.write(f"Demo shipments created: {', '.join(created)}")

    def _xian_to_duisburg(self, actor: Actor, parties: dict[str, Party]) -> list[str]:
        """Rail, Xi'an → Duisburg: solar modules and auto parts in two 40' high-cubes."""
        ref = "XSR-2026-0001"
        if exists(actor, ref):
            return []
        seller = parties[XIAN]
        buyer = parties["Duisburg Import GmbH"]
        shipment = services.create_shipment(
            actor=actor,
            reference=ref,
            direction="export",
            contract_number="XSR-DI-2026-017",
            contract_date=datetime.date(2026, 9, 1),
            invoice_number="XSR-INV-2026-0412",
            # The CIM consignment number: 5 digits, so that box 62 carries its check digit.
            consignment_note_number="27104",
            invoice_date=datetime.date(2026, 10, 8),
            ready_date=datetime.date(2026, 10, 12),
            incoterm="FCA",
            incoterm_place_locode="CNXIA",
            incoterm_place_text="Xi'an International Port Station",
            currency="USD",
            route_kind="rail",
            origin_locode="CNXIA",
            loading_locode="CNXIA",
            destination_locode="DEDUI",
            border_crossings=known_places(XIAN_BORDER_CROSSINGS),
            # 运输工具名称 for rail: the handover-list number; 航次号: the export date.
            transport_name="XAJJD20261012007",
            train_number="X8024",
            voyage_no="20261012",
            invoice_total=Decimal("64352.00"),
            declared_packages=38,
            declared_gross_kg=Decimal("28200"),
            parties={
                "seller": seller.pk,
                "consignor": seller.pk,
                "producer": seller.pk,
                "buyer": buyer.pk,
                "consignee": buyer.pk,
                "notify_party": parties["Rhine Intermodal Services B.V. (Duisburg branch)"].pk,
                "declarant": parties["Xi'an International Port Customs Brokerage Co., Ltd."].pk,
            },
        )
        plan_route(actor, shipment)
        modules = services.save_line(
            actor=actor,
            shipment_id=shipment.pk,
            line_no=1,
            description_zh="单晶硅光伏组件 550W",
            description_en="Monocrystalline photovoltaic modules, 550 W",
            hs_code="854143",
            # The broker's 10-digit code and CIQ code: our 2016 CIQ table predates HS 2022
            # and lists no 10-digit code under 8541.43.00, so they are entered.
            national_code="8541430000",
            ciq_code="999",
            brand_type="1",
            export_preference="0",
            declared_elements="1|0|光伏组件|单晶硅|550W|144片|SRT-550M",
            quantity=Decimal("620"),
            unit="H87",
            net_kg=Decimal("17360"),
            gross_kg=Decimal("18600"),
            packages=20,
            package_type="93",
            unit_price=Decimal("68.00"),
            amount=Decimal("42160.00"),
            origin_country="CN",
            marks="XSR/DI 2026-017 PLT 1-20",
        )
        # 8708.30.10 has one 10-digit code (8708301000, CIQ 999): both are derived.
        parts = services.save_line(
            actor=actor,
            shipment_id=shipment.pk,
            line_no=2,
            description_zh="汽车制动片",
            description_en="Brake pads (mounted brake linings) for passenger cars",
            hs_code="870830",
            national_code="87083010",
            brand_type="0",
            export_preference="0",
            declared_elements="0|0|汽车零部件|制动片|已装在蹄片上|乘用车用|无品牌|BP-2231",
            quantity=Decimal("3040"),
            unit="H87",
            net_kg=Decimal("9120"),
            gross_kg=Decimal("9600"),
            packages=18,
            package_type="93",
            unit_price=Decimal("7.30"),
            amount=Decimal("22192.00"),
            origin_country="CN",
            marks="XSR/DI 2026-017 PLT 21-38",
        )
        for serial, seal in (("CXDU123456", "CN2026041201"), ("CXDU765432", "CN2026041202")):
            container = services.save_container(
                actor=actor,
                shipment_id=shipment.pk,
                number=container_number(serial),
                size_type="45G1",
                seals=[seal],
                tare_kg=Decimal("3900"),
            )
            for line, packages in ((modules, 10), (parts, 9)):
                services.stow(
                    actor=actor,
                    shipment_id=shipment.pk,
                    container_id=container.pk,
                    line_id=line.pk,
                    packages=packages,
                )
        services.freeze_revision(actor=actor, shipment_id=shipment.pk)
        return [ref]

    def _hamburg_to_xian(self, actor: Actor, parties: dict[str, Party]) -> list[str]:
        """Rail, Hamburg → Xi'an on a return train: German gear units and shock absorbers
        imported by the Xi'an company. The planned route makes it an import and names
        the China entry (Alashankou): entry customs and port come from it."""
        ref = "XSR-2026-0002"
        if exists(actor, ref):
            return []
        seller = parties[HAMBURG]
        importer = parties[XIAN]
        shipment = services.create_shipment(
            actor=actor,
            reference=ref,
            direction="import",
            contract_number="HAT-XSR-2026-044",
            contract_date=datetime.date(2026, 10, 2),
            invoice_number="HAT-RE-2026-1187",
            invoice_date=datetime.date(2026, 10, 29),
            consignment_note_number="27209518",
            ready_date=datetime.date(2026, 11, 2),
            incoterm="FCA",
            incoterm_place_locode="DEHAM",
            incoterm_place_text="Hamburg Billwerder rail terminal",
            currency="EUR",
            # FCA is declared as FOB (成交方式 3): the CIF value adds freight and insurance.
            freight_amount=Decimal("5800.00"),
            freight_currency="EUR",
            insurance_amount=Decimal("145.00"),
            insurance_currency="EUR",
            promise_items="000",  # 其他事项确认: no special relationship, price effect, royalty
            route_kind="rail",
            origin_locode="DEHAM",
            loading_locode="DEHAM",
            destination_locode="CNXIA",
            # 运输工具名称 at the entry station: the handover-list number; 航次号: the date.
            transport_name="ALSJJD20261118012",
            train_number="X9022",
            voyage_no="20261118",
            invoice_total=Decimal("96360.00"),
            declared_packages=24,
            declared_gross_kg=Decimal("14880"),
            parties={
                "seller": seller.pk,
                "consignor": seller.pk,
                "buyer": importer.pk,
                "consignee": importer.pk,
                "declarant": parties["Xi'an International Port Customs Brokerage Co., Ltd."].pk,
            },
        )
        plan_route(actor, shipment)
        # Both tariff lines have one 10-digit code and one CIQ code: derived, not typed.
        gears = services.save_line(
            actor=actor,
            shipment_id=shipment.pk,
            line_no=1,
            description_zh="行星齿轮减速器",
            description_en="Planetary gear reducers for industrial drives",
            hs_code="848340",
            national_code="84834020",
            brand_type="4",
            declared_elements="4|工业传动用|行星齿轮减速器|HAT|PGR-120",
            quantity=Decimal("160"),
            unit="H87",
            net_kg=Decimal("8960"),
            gross_kg=Decimal("9600"),
            packages=16,
            package_type="93",
            unit_price=Decimal("420.00"),
            amount=Decimal("67200.00"),
            origin_country="DE",
            marks="HAT/XSR 044 PLT 1-16",
        )
        dampers = services.save_line(
            actor=actor,
            shipment_id=shipment.pk,
            line_no=2,
            description_zh="小轿车用减震器",
            description_en="Shock absorbers for passenger cars",
            hs_code="870880",
            national_code="87088010",
            brand_type="4",
            declared_elements="4|小轿车用|减震器|HAT|SD-36",
            quantity=Decimal("1620"),
            unit="H87",
            net_kg=Decimal("4860"),
            gross_kg=Decimal("5280"),
            packages=8,
            package_type="93",
            unit_price=Decimal("18.00"),
            amount=Decimal("29160.00"),
            origin_country="DE",
            marks="HAT/XSR 044 PLT 17-24",
        )
        container = services.save_container(
            actor=actor,
            shipment_id=shipment.pk,
            number=container_number("TGHU884213"),
            size_type="45G1",
            seals=["DE2026110201"],
            tare_kg=Decimal("3900"),
        )
        for line, packages in ((gears, 16), (dampers, 8)):
            services.stow(
                actor=actor,
                shipment_id=shipment.pk,
                container_id=container.pk,
                line_id=line.pk,
                packages=packages,
            )
        services.freeze_revision(actor=actor, shipment_id=shipment.pk)
        return [ref]
