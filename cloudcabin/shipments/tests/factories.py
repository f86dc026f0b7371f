"""Unsaved shipments that pass every rule, for tests to break one fact at a time."""

from __future__ import annotations

from decimal import Decimal

from cloudcabin.shipments.checks.context import ReferenceFacts, ShipmentView, Stowage
from cloudcabin.shipments.models import Container, GoodsLine, Party, Shipment

FACTS = ReferenceFacts(
    known_hs6=frozenset({"854143", "870899", "847130"}),
    known_national_codes=frozenset({"85414300", "87089999", "84713090"}),
    known_currencies=frozenset({"USD", "EUR", "CNY"}),
    known_countries=frozenset({"CN", "DE", "PL"}),
    known_locodes=frozenset({"CNXIA", "DEDUI", "KZDOS", "BYBQT", "PLMAA"}),
    known_units=frozenset({"H87", "KGM", "SET"}),
    container_max_gross={"45G1": Decimal("30480"), "22G1": Decimal("30480"), "42G1": None},
    container_tare={"45G1": Decimal("3940"), "22G1": Decimal("2300"), "42G1": Decimal("3750")},
    sea_only_incoterms=frozenset({"FAS", "FOB", "CFR", "CIF"}),
    eu_countries=frozenset({"DE", "PL"}),
)


def a_line(line_no: int = 1, **fields: object) -> GoodsLine:
    values: dict[str, object] = {
        "line_no": line_no,
        "description_zh": "光伏组件",
        "description_en": "Photovoltaic modules",
        "hs_code": "854143",
        "national_code": "85414300",
        "brand_type": "1",
        "export_preference": "0",
        "declared_elements": "1|0|光伏组件|单晶硅|550W|LONGi",
        "quantity": Decimal("600"),
        "unit": "H87",
        "net_kg": Decimal("16800"),
        "gross_kg": Decimal("18000"),
        "packages": 20,
        "package_type": "22",
        "unit_price": Decimal("95.5"),
        "amount": Decimal("57300.00"),
        "origin_country": "CN",
    }
    values.update(fields)
    return GoodsLine(**values)


def a_party(**fields: object) -> Party:
    values: dict[str, object] = {"name_latin": "Party", "country": "CN"}
    values.update(fields)
    return Party(**values)


def a_clean_view() -> ShipmentView:
    shipment = Shipment(
        reference="CC-TEST-1",
        direction="export",
        incoterm="FCA",
        incoterm_place_locode="CNXIA",
        currency="USD",
        route_kind="rail",
        origin_locode="CNXIA",
        destination_locode="DEDUI",
        border_crossings=["KZDOS", "BYBQT", "PLMAA"],
        invoice_total=Decimal("57300.00"),
        declared_packages=20,
        declared_gross_kg=Decimal("18000"),
    )
    consignor = a_party(
        name_latin="Xi'an Silk Road Trading", country="CN", uscc="91610131MA6U0EXA04"
    )
    consignee = a_party(
        name_latin="Duisburg Import GmbH",
        country="DE",
        eori="DE4567890123456",
        vat_number="DE136695976",
    )
    return ShipmentView(
        shipment=shipment,
        parties={"consignor": consignor, "consignee": consignee, "seller": consignor},
        lines=[a_line()],
        containers=[Container(number="CSQU3054383", size_type="45G1", seals=["CN123"])],
        stowage=[Stowage(container="CSQU3054383", line_no=1, packages=20)],
    )
