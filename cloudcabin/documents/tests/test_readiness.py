"""One "ready": the checks are clean exactly when issue succeeds.

For the clean demo shipment, every case below changes one field (to empty, to a
plausible wrong value, to a boundary value), or one field with what must change beside
it for the edit to stay coherent (a line's amount with its quantity, the stated totals
with a line's mass), and asserts:

- the checks are clean ⇔ ``issue_pack`` succeeds, and
- when issue refuses, it refuses with exactly the errors the checks listed: never
  with XML_INVALID or another render failure the checks did not announce.

Hypothesis is not a dependency of the project, so the cases are a fixed table, one
case per field and kind of value: about 250 cases, some 100 of which the checks find
clean. Every case is checked; a seeded share of the clean ones is issued for real (see
``SHARE``), the others have the XML of each kind validated against its XSD. An edit the
services themselves refuse never reaches the checks; those cases are counted, not
compared. Each case runs in a savepoint rolled back afterwards, so one demo shipment
serves a whole group.
"""

from __future__ import annotations

import os
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from cloudcabin.accounts.tenancy import Actor

# The selectors first: they load the kinds, which the declaration message imports.
from cloudcabin.documents import selectors
from cloudcabin.documents.declaration.message import dec_message, declaration_parts
from cloudcabin.documents.declaration.record import declaration_record
from cloudcabin.documents.kinds.customs_declaration import CustomsDeclaration
from cloudcabin.documents.kinds.ics2_ens import Ics2EntrySummary, ens_message
from cloudcabin.documents.kinds.xmlutil import validated_xml
from cloudcabin.documents.models import DocumentPack
from cloudcabin.documents.services import issue_pack
from cloudcabin.errors import Problem, ProblemError
from cloudcabin.shipments import services
from cloudcabin.shipments.models import Container, GoodsLine, Shipment
from cloudcabin.shipments.snapshot import shipment_snapshot
from conftest import Tenants

Edit = Callable[[Actor, Shipment], object]


@dataclass(frozen=True)
class Case:
    name: str
    edits: tuple[Edit, ...]


def case(name: str, *edits: Edit) -> Case:
    return Case(name, edits)


# -- edits through the services, as the pages and the API make them ------------------------


def header(**fields: Any) -> Edit:
    return lambda actor, s: services.update_shipment(actor=actor, shipment_id=s.pk, **fields)


def _line_id(s: Shipment, index: int) -> int:
    return GoodsLine.objects.filter(shipment=s).order_by("line_no")[index].pk


def line(index: int, **fields: Any) -> Edit:
    return lambda actor, s: services.save_line(
        actor=actor, shipment_id=s.pk, line_id=_line_id(s, index), **fields
    )


def _container_id(s: Shipment, index: int) -> int:
    return Container.objects.filter(shipment=s).order_by("id")[index].pk


def container(index: int, **fields: Any) -> Edit:
    return lambda actor, s: services.save_container(
        actor=actor, shipment_id=s.pk, container_id=_container_id(s, index), **fields
    )


def party(role: str, **fields: Any) -> Edit:
    """Change the address-book party the shipment names in ``role``."""
    return lambda actor, s: services.save_party(
        actor=actor, party_id=getattr(s, f"{role}_id"), **fields
    )


def new_party(role: str, **fields: Any) -> Edit:
    """Name a new party in ``role`` (e.g. a producer), or none with ``fields`` empty."""

    def edit(actor: Actor, s: Shipment) -> None:
        found = services.save_party(actor=actor, **fields) if fields else None
        services.update_shipment(
            actor=actor, shipment_id=s.pk, parties={role: found.pk if found else None}
        )

    return edit


def without_lines(actor: Actor, s: Shipment) -> None:
    for found in GoodsLine.objects.filter(shipment=s):
        services.delete_line(actor=actor, shipment_id=s.pk, line_id=found.pk)


def without_containers(actor: Actor, s: Shipment) -> None:
    for found in Container.objects.filter(shipment=s):
        services.delete_container(actor=actor, shipment_id=s.pk, container_id=found.pk)


def without_container(index: int) -> Edit:
    return lambda actor, s: services.delete_container(
        actor=actor, shipment_id=s.pk, container_id=_container_id(s, index)
    )


def totals_from_lines(actor: Actor, s: Shipment) -> None:
    """Restate the invoice totals from the lines (the shipper's invoice agrees with them)."""
    lines = list(GoodsLine.objects.filter(shipment=s))
    services.update_shipment(
        actor=actor,
        shipment_id=s.pk,
        invoice_total=sum((x.amount or Decimal(0) for x in lines), Decimal(0)),
        declared_packages=sum(x.packages or 0 for x in lines),
        declared_gross_kg=sum((x.gross_kg or Decimal(0) for x in lines), Decimal(0)),
    )


def stow_all(actor: Actor, s: Shipment) -> None:
    services.stow_everything_evenly(actor=actor, shipment_id=s.pk)


def more_items(count: int) -> Edit:
    """``count`` more goods lines that stay separate declaration items, all stowed."""

    def edit(actor: Actor, s: Shipment) -> None:
        for number in range(count):
            services.save_line(
                actor=actor,
                shipment_id=s.pk,
                description_zh=f"汽车制动片 型号{number}",
                description_en=f"Brake pads, model {number}",
                hs_code="870830",
                national_code="87083010",
                declared_elements=f"0|0|制动片|已装在蹄片上|汽车用|型号{number}",
                quantity=Decimal(10),
                unit="H87",
                net_kg=Decimal(10),
                gross_kg=Decimal(11),
                packages=1,
                package_type="22",
                unit_price=Decimal("11.20"),
                amount=Decimal("112.00"),
                origin_country="CN",
            )
        stow_all(actor, s)
        totals_from_lines(actor, s)

    return edit


# -- the cases -------------------------------------------------------------------------------

PRODUCER = {"name_latin": "Producer", "address_local": "陕西省西安市高新区", "country": "CN"}
CN_70 = "西安丝路贸易有限公司" * 7  # 70 characters: the declaration's name limit
LONG_ZH = "光伏组件单晶硅" * 40  # 280 characters


HEADER_CASES = [
    case("contract number empty", header(contract_number="")),
    case("contract number of 32 characters", header(contract_number="C" * 32)),
    case("contract number of 33 characters", header(contract_number="C" * 33)),
    case("contract number with Chinese and signs", header(contract_number="合同/2026-07 #1")),
    case("consignment note number empty", header(consignment_note_number="")),
    case("consignment note number of 30 characters", header(consignment_note_number="9" * 30)),
    case("transport name empty", header(transport_name="")),
    case("transport name of 200 characters", header(transport_name="W" * 200)),
    case("voyage number of 32 characters", header(voyage_no="V" * 32)),
    case("invoice number empty", header(invoice_number="")),
    case("declaring customs unknown", header(declaring_customs="0000")),
    case("declaring customs entered as derived", header(declaring_customs="9009")),
    case("exit customs unknown", header(border_customs="0000")),
    case("exit customs entered as derived", header(border_customs="9404")),
    case("port of exit unknown", header(border_port="000000")),
    case("port of exit entered as derived", header(border_port="650302")),
    case("port of destination unknown", header(foreign_port="POL999")),
    case("port of destination in lower case", header(foreign_port="pol000")),
    case("port of destination of another country", header(foreign_port="DEU000")),
    case("port of transit on an export", header(transit_port="KAZ000")),
    case("confirmations 000", header(promise_items="000")),
    case("confirmations of five", header(promise_items="00099")),
    case("confirmations of two", header(promise_items="00")),
    case("confirmations with a 2", header(promise_items="020")),
    case("confirmations of letters", header(promise_items="NNN")),
    case("licence document listed", header(licence_documents=[{"code": "B", "number": "E1"}])),
    case(
        "licence document number of 32 characters",
        header(licence_documents=[{"code": "B", "number": "N" * 32}]),
    ),
    case(
        "licence document number of 33 characters",
        header(licence_documents=[{"code": "B", "number": "N" * 33}]),
    ),
    case(
        "licence document without number", header(licence_documents=[{"code": "B", "number": ""}])
    ),
    case("licence document code unknown", header(licence_documents=[{"code": "Z", "number": "1"}])),
    case(
        "licence document code of two characters",
        header(licence_documents=[{"code": "BB", "number": "1"}]),
    ),
    case("licence document not an object", header(licence_documents=["B 2026-001"])),
    case("Incoterm empty", header(incoterm="")),
    case("Incoterm CIF without freight or insurance", header(incoterm="CIF")),
    case(
        "Incoterm CIP with freight and insurance",
        header(incoterm="CIP", freight_amount=Decimal(1200), insurance_amount=Decimal(80)),
    ),
    case("Incoterm FOB on a rail route", header(incoterm="FOB")),
    case("Incoterm DAP", header(incoterm="DAP")),
    case("transaction mode empty", header(transaction_mode="")),
    case("transaction mode unknown", header(transaction_mode="9")),
    case("transaction mode CIF without charges", header(transaction_mode="1")),
    case("transaction mode C&F without freight", header(transaction_mode="2")),
    case("transaction mode 5 (market price)", header(transaction_mode="5")),
    case("freight zero", header(freight_amount=Decimal(0))),
    case("freight of 8 digits", header(freight_amount=Decimal("99999999.99"))),
    case("freight of 9 digits", header(freight_amount=Decimal("123456789.00"))),
    case("freight of 14 digits", header(freight_amount=Decimal("99999999999999"))),
    case("freight in another currency", header(freight_amount=Decimal(9), freight_currency="EUR")),
    case("freight currency unknown", header(freight_amount=Decimal(9), freight_currency="XYZ")),
    case("insurance of 9 digits", header(insurance_amount=Decimal("123456789.00"))),
    case("other charges of 9 digits", header(other_charges_amount=Decimal("123456789.00"))),
    case("other charges of 8 digits", header(other_charges_amount=Decimal("99999999.99"))),
    case("invoice currency empty", header(currency="")),
    case("invoice currency unknown", header(currency="XYZ")),
    case("invoice currency EUR", header(currency="EUR")),
    case("supervision mode empty", header(supervision_mode="")),
    case("supervision mode unknown", header(supervision_mode="9999")),
    case("levy nature empty", header(levy_nature="")),
    case("levy nature unknown", header(levy_nature="999")),
    case("levy nature other than general", header(levy_nature="299")),
    case("route sea", header(route_kind="sea")),
    case("route road", header(route_kind="road")),
    case("route sea and rail", header(route_kind="sea_rail")),
    case("route empty", header(route_kind="")),
    case("origin empty", header(origin_locode="")),
    case("origin empty with customs entered", header(origin_locode="", declaring_customs="9009")),
    case(
        "origin and loading empty with customs entered",
        header(origin_locode="", loading_locode="", declaring_customs="9009"),
    ),
    case("origin unknown", header(origin_locode="CNZZZ")),
    case("origin Chongqing", header(origin_locode="CNCKG")),
    case("destination empty", header(destination_locode="")),
    case("destination unknown", header(destination_locode="PLZZZ")),
    case("destination Duisburg", header(destination_locode="DEDUI")),
    case("destination Almaty (no EU entry)", header(destination_locode="KZALA")),
    case("loading place empty", header(loading_locode="")),
    case("loading place Chongqing", header(loading_locode="CNCKG")),
    case("crossings none", header(border_crossings=[])),
    case("crossings without China", header(border_crossings=["KZDOS", "PLMAA"])),
    case("crossings China only", header(border_crossings=["CNAKL"])),
    case("crossings unknown", header(border_crossings=["CNAKL", "KZZZZ", "PLMAA"])),
    case("crossings repeated", header(border_crossings=["CNAKL", "CNAKL", "KZDOS", "PLMAA"])),
    case("invoice total unstated", header(invoice_total=None)),
    case("invoice total wrong", header(invoice_total=Decimal(1))),
    case("package count unstated", header(declared_packages=None)),
    case("gross mass unstated", header(declared_gross_kg=None)),
    case("direction import", header(direction="import")),
    case("reference of 40 characters", header(reference="R" * 40)),
]

PARTY_CASES = [
    case("consignor customs code empty", party("consignor", customs_code="")),
    case("consignor customs code of 8", party("consignor", customs_code="61012345")),
    case("consignor customs code in lower case", party("consignor", customs_code="610123456x")),
    case("consignor customs code of letters", party("consignor", customs_code="6101ABCDEF")),
    case("consignor USCC empty", party("consignor", uscc="")),
    case("consignor USCC of 17", party("consignor", uscc="91610131MA6U0EXA0")),
    case("consignor USCC check digit", party("consignor", uscc="91610131MA6U0EXA05")),
    case("consignor local name empty", party("consignor", name_local="")),
    case("consignor local name of 70", party("consignor", name_local=CN_70)),
    case("consignor local name of 71", party("consignor", name_local=CN_70 + "司")),
    case("consignor local name of 200", party("consignor", name_local="西" * 200)),
    case(
        "consignor Latin name of 71 without local name",
        party("consignor", name_local="", name_latin="X" * 71),
    ),
    case("consignor Latin name of 200", party("consignor", name_latin="X" * 200)),
    case("consignor Latin name empty", party("consignor", name_latin="")),
    case("consignor local address empty", party("consignor", address_local="")),
    case(
        "consignor address without a place",
        party("consignor", address_local="国际港务区", name_local="丝路贸易有限公司"),
    ),
    case("consignor Latin address of 600", party("consignor", address_latin="A" * 600)),
    case("consignor country Kazakhstan", party("consignor", country="KZ")),
    case("consignor country unknown", party("consignor", country="XX")),
    case("consignor country of digits", party("consignor", country="12")),
    case("consignee EORI empty", party("consignee", eori="")),
    case("consignee EORI of two letters", party("consignee", eori="PL")),
    case("consignee EORI not EU", party("consignee", eori="CN1234567")),
    case("consignee EORI of 17", party("consignee", eori="PL" + "1" * 15)),
    case("consignee Latin name of 200", party("consignee", name_latin="Ł" * 200)),
    case("consignee local name of 200", party("consignee", name_local="Ł" * 200)),
    case("consignee address of 600", party("consignee", address_latin="ul. " + "Ś" * 596)),
    case("consignee postcode of 20", party("consignee", postcode="9" * 20)),
    case("consignee city of 100", party("consignee", city="Ł" * 100)),
    case("consignee country Germany", party("consignee", country="DE")),
    case("consignee country China", party("consignee", country="CN")),
    case("consignee country unknown", party("consignee", country="XX")),
    case("consignee VAT of another country", party("consignee", vat_number="DE123456789")),
    case("declarant customs code empty", party("declarant", customs_code="")),
    case("declarant customs code of 9", party("declarant", customs_code="610198012")),
    case("declarant local name of 71", party("declarant", name_local="报" * 71)),
    case("declarant local name empty", party("declarant", name_local="")),
    case("declarant USCC wrong", party("declarant", uscc="12345")),
    case("declarant EORI", party("declarant", eori="PL5260250274")),
    case("declarant none", new_party("declarant")),
    case("consignee none", new_party("consignee")),
    case("consignor none", new_party("consignor")),
    case("buyer none", new_party("buyer")),
    case("seller none", new_party("seller")),
    case(
        "producer with a customs code",
        new_party("producer", **PRODUCER, customs_code="6101777777"),
    ),
    case(
        "producer with a short customs code",
        new_party("producer", **PRODUCER, customs_code="61017"),
    ),
    case(
        "producer with a customs code in lower case",
        new_party("producer", **PRODUCER, customs_code="610177777x"),
    ),
    case(
        "producer with a long name",
        new_party("producer", **PRODUCER, name_local="产" * 71),
    ),
    case(
        "producer with a USCC",
        new_party("producer", **PRODUCER, uscc="91610131MA6U0EXA04"),
    ),
    case(
        "notify party with a long address",
        new_party("notify_party", name_latin="Notify", country="PL", address_latin="A" * 600),
    ),
    case(
        "notify party with an EORI",
        new_party("notify_party", name_latin="Notify", country="PL", eori="PL5260250274"),
    ),
]

# Line 0 carries a 10-digit code and its CIQ code; line 1 an 8-digit code, both derived.
LINE_CASES = [
    case("national code empty", line(0, national_code="")),
    case("national code of 8 digits", line(0, national_code="85414300")),
    case("national code of 10 digits derived", line(1, national_code="8708301000")),
    case("national code of 10 unknown to the tariff", line(0, national_code="8541439999")),
    case("national code of 10 outside its 8-digit code", line(1, national_code="8708301099")),
    case("national code of 9 digits", line(0, national_code="854143000")),
    case("national code unknown", line(0, national_code="85414399")),
    case("national code outside the subheading", line(0, national_code="87083010")),
    case("national code with several 10-digit codes", line(1, national_code="87083099")),
    case(
        "national code of 10 with a second unit",
        line(1, national_code="8708309911", second_qty=Decimal(1800)),
    ),
    case("national code with letters", line(0, national_code="85414300AB")),
    case("HS code empty", line(0, hs_code="")),
    case("HS code of 4 digits", line(0, hs_code="8541")),
    case("HS code unknown", line(0, hs_code="854199")),
    case("CIQ code empty with one listed", line(0, ciq_code="")),
    case("CIQ code of 2 digits", line(0, ciq_code="99")),
    case("CIQ code of letters", line(0, ciq_code="ABC")),
    case("CIQ code not listed", line(0, ciq_code="101")),
    case("CIQ code on a derived line", line(1, ciq_code="999")),
    case("first quantity zero", line(0, first_qty=Decimal(0))),
    case("first quantity tiny", line(0, first_qty=Decimal("0.00001"))),
    case("first quantity of 14 digits", line(0, first_qty=Decimal("99999999999999"))),
    case("second quantity zero", line(0, second_qty=Decimal(0))),
    case("second quantity of 14 digits", line(0, second_qty=Decimal("99999999999999"))),
    case("second quantity without a second unit", line(1, second_qty=Decimal(5))),
    case("domestic region unknown", line(0, domestic_region="99999")),
    case("domestic region of 4", line(0, domestic_region="6101")),
    case("domestic region in lower case", line(0, domestic_region="3318w")),
    case("domestic region Chongqing", line(0, domestic_region="50012")),
    case("admin division unknown", line(0, admin_division="999999")),
    case("admin division of 5", line(0, admin_division="61010")),
    case("admin division of letters", line(0, admin_division="XIAN01")),
    case("admin division Xi'an", line(0, admin_division="610100")),
    case("duty mode unknown", line(0, duty_mode="0")),
    case("duty mode of a letter", line(0, duty_mode="A")),
    case("duty mode full exemption", line(0, duty_mode="3")),
    case("quantity empty", line(0, quantity=None)),
    case("quantity zero", line(0, quantity=Decimal(0), amount=Decimal(0)), totals_from_lines),
    case("quantity not matching the amount", line(0, quantity=Decimal(1))),
    case(
        "quantity of 9 digits",
        line(
            1,
            quantity=Decimal("999999999"),
            unit_price=Decimal("0.0001"),
            amount=Decimal("100000.00"),
        ),
        totals_from_lines,
    ),
    case(
        "quantity of 10 digits",
        line(
            1,
            quantity=Decimal("1000000000"),
            unit_price=Decimal("0.0001"),
            amount=Decimal("100000.00"),
        ),
        totals_from_lines,
    ),
    case(
        "quantity of 13 digits",
        line(
            1,
            quantity=Decimal("9999999999999"),
            unit_price=Decimal("0.0001"),
            amount=Decimal("1000000000.00"),
        ),
        totals_from_lines,
    ),
    case(
        "quantity with three decimals",
        line(1, quantity=Decimal("1800.125"), amount=Decimal("20161.40")),
        totals_from_lines,
    ),
    case(
        "unit price of 10 digits",
        line(1, quantity=Decimal(1), unit_price=Decimal("9999999999.9999"), amount=Decimal("1E10")),
        totals_from_lines,
    ),
    case(
        "unit price of 11 digits",
        line(
            1,
            quantity=Decimal(1),
            unit_price=Decimal("12345678901.0000"),
            amount=Decimal("12345678901.00"),
        ),
        header(invoice_total=None),
    ),
    case(
        "amount of 13 digits",
        line(
            1,
            quantity=Decimal(1000),
            unit_price=Decimal("9999999999.9999"),
            amount=Decimal("9999999999999.90"),
        ),
        totals_from_lines,
    ),
    case(
        "amount of 14 digits",
        line(
            1,
            quantity=Decimal(10000),
            unit_price=Decimal("9999999999.9999"),
            amount=Decimal("99999999999999"),
        ),
        header(invoice_total=None),
    ),
    case("unit price empty", line(0, unit_price=None)),
    case("amount empty", line(0, amount=None), header(invoice_total=None)),
    case("unit empty", line(0, unit="")),
    case("unit kilograms", line(0, unit="KGM")),
    case("unit unknown", line(0, unit="XYZ")),
    case("unit without a customs unit", line(0, unit="BX")),
    case("package type empty", line(0, package_type="")),
    case("package type unknown", line(0, package_type="ZZ")),
    case("package type bulk", line(0, package_type="00")),
    case("Chinese description empty", line(0, description_zh="")),
    case("Chinese description of 250", line(0, description_zh=LONG_ZH[:250])),
    case("English description empty", line(0, description_en="")),
    case("English description of 250", line(0, description_en="E" * 250)),
    case("declared elements empty", line(0, declared_elements="")),
    case("declared elements of 255 bytes", line(0, declared_elements="1|0|" + "光" * 125 + "W")),
    case("declared elements of 256 bytes", line(0, declared_elements="1|0|" + "光" * 126)),
    case("declared elements of 500 Latin", line(0, declared_elements="1|0|" + "W" * 496)),
    case("declared elements long Chinese", line(0, declared_elements="1|0|" + LONG_ZH)),
    case("declared elements without brand", line(0, declared_elements="光伏组件")),
    case("origin country empty", line(0, origin_country="")),
    case("origin country unknown", line(0, origin_country="XX")),
    case("origin country Germany", line(0, origin_country="DE")),
    case("marks empty", line(0, marks="")),
    case("marks of 250", line(0, marks="M" * 250)),
    case("marks of 250 on both lines", line(0, marks="M" * 250), line(1, marks="N" * 250)),
    case("marks in Chinese", line(0, marks="无唛头")),
    case("UN number", line(0, un_number="3480")),
    case("UN number of 3", line(0, un_number="348")),
    case("UN number with a letter", line(0, un_number="34A0")),
    case("net mass zero", line(0, net_kg=Decimal(0))),
    case("net mass empty", line(0, net_kg=None)),
    case("net mass over gross", line(0, net_kg=Decimal(20000))),
    case("gross mass zero", line(0, gross_kg=Decimal(0), net_kg=Decimal(0)), totals_from_lines),
    case("gross mass empty", line(0, gross_kg=None, net_kg=None), totals_from_lines),
    case(
        "gross mass of every line zero",
        line(0, gross_kg=Decimal(0), net_kg=Decimal(0)),
        line(1, gross_kg=Decimal(0), net_kg=Decimal(0)),
        totals_from_lines,
    ),
    case(
        "gross mass zero with the legal quantities entered",
        line(0, gross_kg=Decimal(0), net_kg=Decimal(0), second_qty=Decimal(17360)),
        totals_from_lines,
    ),
    case("gross mass with grams", line(0, gross_kg=Decimal("18600.125")), totals_from_lines),
    case("packages zero", line(1, packages=0), totals_from_lines),
    case("packages more than stowed", line(1, packages=19), totals_from_lines),
    case(
        "packages of 9 digits",
        line(1, packages=999999999),
        totals_from_lines,
        stow_all,
    ),
    case("line number changed", line(1, line_no=7)),
    case(
        "the second line removed",
        lambda a, s: services.delete_line(actor=a, shipment_id=s.pk, line_id=_line_id(s, 1)),
        totals_from_lines,
    ),
    case("every line removed", without_lines),
    case("every line removed and totals unstated", without_lines, totals_from_lines),
    case("51 declaration items", more_items(49)),
]

CONTAINER_CASES = [
    case("container number with a wrong check digit", container(0, number="CSQU3054384")),
    case("container number of 3 letters", container(0, number="CSQ3054383")),
    case("container number in lower case", container(0, number="csqu3054383")),
    case("container size-type empty", container(0, size_type="")),
    case("container size-type unknown", container(0, size_type="ZZZZ")),
    case("container size-type of one character", container(0, size_type="4")),
    case("container size-type 20-foot", container(0, size_type="22G1")),
    case("container size-type reefer", container(0, size_type="45R1")),
    case("container size-type numeric", container(0, size_type="2000")),
    case("container tare empty", container(0, tare_kg=None)),
    case("container tare zero", container(0, tare_kg=Decimal(0))),
    case("container tare with grams", container(0, tare_kg=Decimal("3940.125"))),
    case("container tare over the maximum", container(0, tare_kg=Decimal("99999999.999"))),
    case("container seals empty", container(0, seals=[])),
    case("container seal of 600", container(0, seals=["S" * 600])),
    case("container seals 100", container(0, seals=[f"S{n}" for n in range(100)])),
    case("container seal in Chinese", container(0, seals=["封志一"])),
    case("the second container removed", without_container(1)),
    case("every container removed", without_containers),
    case(
        "the first container emptied",
        lambda a, s: services.stow(
            actor=a,
            shipment_id=s.pk,
            container_id=_container_id(s, 0),
            line_id=_line_id(s, 0),
            packages=0,
        ),
    ),
    case(
        "a third container, empty",
        lambda a, s: services.save_container(
            actor=a, shipment_id=s.pk, number="MSCU1234566", size_type="22G1"
        ),
    ),
]


# -- the property ----------------------------------------------------------------------------


def _key(found: Problem) -> tuple[str, str, str]:
    return (found.code, found.path, found.message)


# Issuing renders every PDF of the pack (0.2 to 0.5 s). A seeded share of the cases is
# issued whatever the checks say; every other case the checks refuse is issued too (a
# refusal renders nothing), and every other case they find clean has the XML of each
# kind validated against its XSD, the failure issue met so far, without the PDFs.
# READINESS_SEED picks another share; READINESS_SHARE=1 issues every case.
SEED = os.environ.get("READINESS_SEED", "2026")
SHARE = float(os.environ.get("READINESS_SHARE", "0.4"))


@dataclass
class Verdicts:
    issued: int = 0
    refused: int = 0
    xml_validated: int = 0
    edit_refused: int = 0
    mismatches: list[str] = field(default_factory=list)


def xml_refusals(shipment: Shipment) -> list[Problem]:
    """What the XSDs say of the XML the declaration and the ENS would be issued with."""
    data = selectors.pack_data(shipment_snapshot(shipment))
    ens = Ics2EntrySummary()
    try:
        for part in declaration_parts(data, declaration_record(data)):
            validated_xml(CustomsDeclaration.kind, dec_message(part), "dec-message.xsd")
        if ens.applies(data):
            validated_xml(ens.kind, ens_message(data), "ics2-ens-rail.xsd")
    except ProblemError as exc:
        return exc.problems
    return []


def _issue(actor: Actor, item: Case, shipment: Shipment, errors: list[Problem]) -> str:
    """The outcome: "issued", "refused", or what disagreed with the checks."""
    expected = [_key(p) for p in errors]
    try:
        issue_pack(actor=actor, shipment_id=shipment.pk)
    except ProblemError as exc:
        refused = [_key(p) for p in exc.problems[1:]]
        if not errors:
            return f"{item.name}: checks clean, issue refused {refused}"
        if refused != expected:
            return f"{item.name}: checks said {expected}, issue refused {refused}"
        return "refused"
    except Exception as exc:  # a render that breaks is a mismatch too, not a skip
        return f"{item.name}: issue raised {exc!r}"
    if errors:
        return f"{item.name}: issued although the checks said {expected}"
    return "issued"


def agreement(tenants: Tenants, shipment: Shipment, cases: list[Case]) -> Verdicts:
    """Apply each case in a savepoint, compare the checks with issue, roll back."""
    actor = tenants.actor(tenants.owner)
    sample = random.Random(f"{SEED}:{cases[0].name}")
    issued_anyway = {item.name for item in cases if sample.random() < SHARE}
    verdicts = Verdicts()
    for item in cases:
        with transaction.atomic():
            current = Shipment.objects.get(pk=shipment.pk)
            try:
                for edit in item.edits:
                    edit(actor, current)
                    current = Shipment.objects.get(pk=shipment.pk)
            except ProblemError:
                # The services refused the edit: the shipment never reaches this state.
                verdicts.edit_refused += 1
                transaction.set_rollback(True)
                continue
            errors = selectors.pack_findings(current).errors
            if errors or item.name in issued_anyway:
                outcome = _issue(actor, item, current, errors)
                if outcome == "issued":
                    verdicts.issued += 1
                elif outcome == "refused":
                    verdicts.refused += 1
                else:
                    verdicts.mismatches.append(outcome)
            else:
                refusals = [_key(p) for p in xml_refusals(current)]
                if refusals:
                    verdicts.mismatches.append(f"{item.name}: checks clean, XSD said {refusals}")
                verdicts.xml_validated += 1
            transaction.set_rollback(True)
    return verdicts


def assert_agreement(tenants: Tenants, shipment: Shipment, cases: list[Case]) -> Verdicts:
    verdicts = agreement(tenants, shipment, cases)
    assert verdicts.mismatches == [], "\n".join(verdicts.mismatches)
    counted = verdicts.issued + verdicts.refused + verdicts.xml_validated + verdicts.edit_refused
    assert counted == len(cases)
    return verdicts


def test_the_case_names_are_unique_so_a_mismatch_names_its_case() -> None:
    names = [c.name for c in HEADER_CASES + PARTY_CASES + LINE_CASES + CONTAINER_CASES]
    assert len(names) == len(set(names))


def test_the_demo_shipment_is_clean_and_issues(tenants: Tenants, demo_shipment: Shipment) -> None:
    assert selectors.pack_findings(demo_shipment).errors == []
    issue_pack(actor=tenants.actor(tenants.owner), shipment_id=demo_shipment.pk)
    assert DocumentPack.objects.filter(shipment=demo_shipment).count() == 1


def test_issue_succeeds_exactly_when_the_checks_are_clean_whatever_header_field_changes(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    verdicts = assert_agreement(tenants, demo_shipment, HEADER_CASES)
    assert verdicts.refused and verdicts.issued + verdicts.xml_validated


def test_issue_succeeds_exactly_when_the_checks_are_clean_whatever_party_field_changes(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    verdicts = assert_agreement(tenants, demo_shipment, PARTY_CASES)
    assert verdicts.refused and verdicts.issued + verdicts.xml_validated


def test_issue_succeeds_exactly_when_the_checks_are_clean_whatever_line_field_changes(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    verdicts = assert_agreement(tenants, demo_shipment, LINE_CASES)
    assert verdicts.refused and verdicts.issued + verdicts.xml_validated


def test_issue_succeeds_exactly_when_the_checks_are_clean_whatever_container_changes(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    verdicts = assert_agreement(tenants, demo_shipment, CONTAINER_CASES)
    assert verdicts.refused and verdicts.issued + verdicts.xml_validated


# Cases whose XML our XSDs refused at issue while the checks were clean, before the
# findings below were added: each is now a finding on the field to fix.
XSD_FINDINGS = {
    "freight of 9 digits": "DEC_NUMBER_TOO_LARGE@freight_amount",
    "insurance of 9 digits": "DEC_NUMBER_TOO_LARGE@insurance_amount",
    "other charges of 9 digits": "DEC_NUMBER_TOO_LARGE@other_charges_amount",
    "invoice currency empty": "DEC_CURRENCY_MISSING@currency",
    "quantity of 10 digits": "DEC_LINE_NUMBER_TOO_LARGE@lines[1].quantity",
    "unit price of 11 digits": "DEC_LINE_NUMBER_TOO_LARGE@lines[1].unit_price",
    "amount of 14 digits": "DEC_LINE_NUMBER_TOO_LARGE@lines[1].amount",
    "packages of 9 digits": "DEC_TOTAL_TOO_LARGE@lines[1].packages",
    "producer with a short customs code": "DEC_PARTY_CODE_MISSING@parties.producer.customs_code",
    "origin and loading empty with customs entered": "ENS_LOADING_PLACE_MISSING@loading_locode",
    "consignor Latin address of 600": "ENS_TOO_LONG@parties.consignor.address_latin",
    "English description empty": "ENS_DESCRIPTION_MISSING@lines[0].description_en",
    "gross mass zero with the legal quantities entered": "ENS_GROSS_MISSING@lines[0].gross_kg",
    "container seal of 600": "ENS_SEALS_INVALID@containers[0].seals",
    "container seals 100": "ENS_SEALS_INVALID@containers[0].seals",
}


@pytest.mark.parametrize(("name", "expected"), XSD_FINDINGS.items())
def test_a_value_our_xsds_refuse_is_a_finding_on_the_field_to_fix(
    tenants: Tenants, demo_shipment: Shipment, name: str, expected: str
) -> None:
    item = next(
        c for c in HEADER_CASES + PARTY_CASES + LINE_CASES + CONTAINER_CASES if c.name == name
    )
    for edit in item.edits:
        edit(tenants.actor(tenants.owner), Shipment.objects.get(pk=demo_shipment.pk))

    errors = selectors.pack_findings(Shipment.objects.get(pk=demo_shipment.pk)).errors

    assert [f"{p.code}@{p.path}" for p in errors] == [expected]


# -- what the findings say ---------------------------------------------------------------------

XPATH = re.compile(r"/Dec|/Entry|\{http|\{urn|DecMessage|DecHead|DecList|EntrySummary")
LINE_PATH = re.compile(r"^lines\[(\d+)\]\.")


def test_every_finding_of_the_checks_endpoint_names_its_field_and_line_never_an_xpath(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    """Through ``GET …/checks`` for every case: a field path on each finding, a message in
    words, and on a goods line's document finding the line named in the message."""
    client = Client(headers={"X-API-Key": tenants.api_key()})
    url = f"/api/v1/documents/shipments/{demo_shipment.pk}/checks"
    actor = tenants.actor(tenants.owner)
    seen: set[str] = set()
    wrong: list[str] = []
    for item in HEADER_CASES + PARTY_CASES + LINE_CASES + CONTAINER_CASES:
        with transaction.atomic():
            try:
                for edit in item.edits:
                    edit(actor, Shipment.objects.get(pk=demo_shipment.pk))
            except ProblemError:
                transaction.set_rollback(True)
                continue
            body = client.get(url).json()
            lines = {
                index: found.line_no
                for index, found in enumerate(
                    GoodsLine.objects.filter(shipment=demo_shipment).order_by("line_no")
                )
            }
            transaction.set_rollback(True)
        for group in ("rules", "documents"):
            for found in body[group]:
                seen.add(found["code"])
                if not found["path"] or not found["message"] or XPATH.search(found["message"]):
                    wrong.append(f"{item.name}: {found}")
                index = LINE_PATH.match(found["path"])
                if group == "documents" and index and found["severity"] == "error":
                    line_no = lines.get(int(index[1]))
                    if f"Line {line_no}" not in found["message"]:
                        wrong.append(f"{item.name}: the line is not named in {found}")
    assert wrong == [], "\n".join(wrong)
    # The cases reach the declaration's findings, not only the shipment rules.
    assert len({code for code in seen if code.startswith("DEC_")}) >= 25
