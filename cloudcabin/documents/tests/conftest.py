"""A clean demo shipment for document tests, on the small reference subset."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from cloudcabin.network.loading import load_network_data
from cloudcabin.reference.tests.conftest import reference_data, reference_subset_dir  # noqa: F401
from cloudcabin.shipments import services
from cloudcabin.shipments.models import Shipment
from conftest import Tenants

LINES: list[dict[str, Any]] = [
    {
        "description_zh": "单晶硅光伏组件",
        "description_en": "Monocrystalline photovoltaic modules 550 W",
        "hs_code": "854143",
        "national_code": "8541430000",
        "ciq_code": "999",
        "brand_type": "1",
        "export_preference": "0",
        "declared_elements": "1|0|光伏组件|单晶硅|550W|LONGi",
        "quantity": Decimal("620"),
        "unit": "H87",
        "net_kg": Decimal("17360"),
        "gross_kg": Decimal("18600"),
        "packages": 20,
        "package_type": "22",
        "unit_price": Decimal("96.50"),
        "amount": Decimal("59830.00"),
        "origin_country": "CN",
        "marks": "SRT/DUI/1-20",
    },
    {
        "description_zh": "汽车制动片",
        "description_en": "Brake pads for motor vehicles",
        "hs_code": "870830",
        "national_code": "87083010",
        "brand_type": "0",
        "export_preference": "0",
        "declared_elements": "0|0|制动片|已装在蹄片上|汽车用",
        "quantity": Decimal("1800"),
        "unit": "H87",
        "net_kg": Decimal("9120"),
        "gross_kg": Decimal("9540"),
        "packages": 18,
        "package_type": "22",
        "unit_price": Decimal("11.20"),
        "amount": Decimal("20160.00"),
        "origin_country": "CN",
        "marks": "SRT/DUI/21-38",
    },
]


def make_demo_shipment(tenants: Tenants, reference: str = "CC-DOC-1") -> Shipment:
    actor = tenants.actor(tenants.owner)
    consignor = services.save_party(
        actor=actor,
        name_local="西安丝路贸易有限公司",
        name_latin="Xi'an Silk Road Trading Co., Ltd.",
        address_local="陕西省西安市国际港务区",
        address_latin="Xi'an International Trade & Logistics Park",
        city="Xi'an",
        country="CN",
        uscc="91610131MA6U0EXA04",
        customs_code="6101234567",
    )
    consignee = services.save_party(
        actor=actor,
        name_latin="Łódź Żeglarska Import Sp. z o.o.",
        address_latin="ul. Świętojańska 12",
        city="Łódź",
        postcode="90-001",
        country="PL",
        eori="PL5260250274",
        vat_number="PL5260250274",
    )
    broker = services.save_party(
        actor=actor,
        name_local="西安国际港务区报关有限公司",
        name_latin="Xi'an International Port Customs Brokerage Co., Ltd.",
        city="Xi'an",
        country="CN",
        customs_code="6101980XYZ",
    )
    shipment = services.create_shipment(
        actor=actor,
        reference=reference,
        invoice_number="SRT-2026-118",
        contract_number="SRT-LDZ-2026-07",
        consignment_note_number="24680135",
        incoterm="FCA",
        incoterm_place_locode="CNXIA",
        currency="USD",
        route_kind="rail",
        origin_locode="CNXIA",
        destination_locode="PLLOD",
        loading_locode="CNXIA",
        transport_name="XAJJD20261012007",
        train_number="X8024",
        voyage_no="20261012",
        invoice_total=Decimal("79990.00"),
        declared_packages=38,
        declared_gross_kg=Decimal("28140"),
        parties={
            "consignor": consignor.pk,
            "consignee": consignee.pk,
            "seller": consignor.pk,
            "buyer": consignee.pk,
            "declarant": broker.pk,
        },
    )
    # The route is the journey's record: Xi'an → Urumqi → Alashankou → Dostyk → (RU) →
    # Brest → Małaszewicze → Łódź, planned on the seed network.
    load_network_data()
    shipment = services.plan_shipment_route(actor=actor, shipment_id=shipment.pk)
    lines = [services.save_line(actor=actor, shipment_id=shipment.pk, **line) for line in LINES]
    first = services.save_container(
        actor=actor,
        shipment_id=shipment.pk,
        number="CSQU3054383",
        size_type="45G1",
        seals=["CN2026001"],
        tare_kg=Decimal("3940"),
    )
    second = services.save_container(
        actor=actor,
        shipment_id=shipment.pk,
        number="TGHU1234567",
        size_type="45G1",
        seals=["CN2026002"],
        tare_kg=Decimal("3900"),
    )
    services.stow(
        actor=actor,
        shipment_id=shipment.pk,
        container_id=first.pk,
        line_id=lines[0].pk,
        packages=14,
    )
    services.stow(
        actor=actor,
        shipment_id=shipment.pk,
        container_id=second.pk,
        line_id=lines[0].pk,
        packages=6,
    )
    services.stow(
        actor=actor,
        shipment_id=shipment.pk,
        container_id=second.pk,
        line_id=lines[1].pk,
        packages=18,
    )
    return shipment


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def demo_shipment(tenants: Tenants, reference_data: object, media: Path) -> Shipment:  # noqa: F811
    return make_demo_shipment(tenants)
