"""Golden tests: the China customs declaration of two shipments (the ENS: ``test_ens``).

The XML must equal the reviewed fixture under ``fixtures/`` (regenerate with
``UPDATE_GOLDEN=1`` and review the diff), validate against our XSD, and the PDF must
show every field value.
"""

from __future__ import annotations

import io
import os
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from cloudcabin.documents import selectors
from cloudcabin.documents.data import PackData
from cloudcabin.documents.declaration.elements import XSD_FILE
from cloudcabin.documents.kinds.base import Rendered, Stamp, StampBook
from cloudcabin.documents.kinds.customs_declaration import CustomsDeclaration
from cloudcabin.documents.kinds.ics2_ens import Ics2EntrySummary
from cloudcabin.documents.tests.conftest import make_demo_shipment
from cloudcabin.errors import ProblemError
from cloudcabin.shipments import services
from cloudcabin.shipments.models import Shipment
from cloudcabin.shipments.snapshot import shipment_snapshot
from cloudcabin.xmlout import schema
from conftest import Tenants

FIXTURES = Path(__file__).resolve().parent / "fixtures"
STAMP = Stamp("PREVIEW", "http://testserver/v/PREVIEW/", 0, "Test Org", "")
# Loaded before any test transaction opens (tests pick their shipment by name).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]


def pack_data(shipment: Shipment) -> PackData:
    return selectors.pack_data(shipment_snapshot(shipment))


def render(spec: CustomsDeclaration | Ics2EntrySummary, data: PackData) -> dict[str, Rendered]:
    return {
        item.format: item
        for item in spec.render(data, StampBook(lambda: STAMP).for_kind(spec.kind))
    }


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def assert_golden(content: bytes, name: str) -> None:
    path = FIXTURES / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(content)
    assert content.decode() == path.read_text(encoding="utf-8")


@pytest.fixture
def duisburg_shipment(tenants: Tenants, demo_shipment: Shipment) -> Shipment:
    """A second route: Xi'an → Duisburg via Dostyk and Małaszewicze, with freight."""
    shipment = make_demo_shipment(tenants, "CC-DOC-2")
    return services.update_shipment(
        actor=tenants.actor(tenants.owner),
        shipment_id=shipment.pk,
        destination_locode="DEDUI",
        incoterm="CIP",
        incoterm_place_locode="",
        incoterm_place_text="Duisburg",
        freight_amount=Decimal("4200.00"),
        freight_currency="USD",
        insurance_amount=Decimal("95.50"),
        insurance_currency="USD",
    )


@pytest.fixture
def import_shipment(tenants: Tenants, demo_shipment: Shipment) -> Shipment:
    """The demo goods travelling back: Łódź → Xi'an, declared on import into China."""
    shipment = make_demo_shipment(tenants, "CC-DOC-3")
    snapshot = shipment_snapshot(shipment)
    parties = snapshot["parties"]
    return services.update_shipment(
        actor=tenants.actor(tenants.owner),
        shipment_id=shipment.pk,
        direction="import",
        origin_locode="PLLOD",
        loading_locode="PLLOD",
        destination_locode="CNXIA",
        promise_items="000",
        parties={
            "consignor": parties["consignee"]["id"],
            "consignee": parties["consignor"]["id"],
            "seller": parties["consignee"]["id"],
            "buyer": parties["consignor"]["id"],
        },
    )


CASES = [("demo_shipment", "CC-DOC-1"), ("duisburg_shipment", "CC-DOC-2")]


@pytest.mark.parametrize(("fixture", "reference"), CASES)
def test_the_declaration_xml_equals_the_reviewed_golden_file(fixture, reference, request):
    data = pack_data(request.getfixturevalue(fixture))

    files = render(CustomsDeclaration(), data)

    assert_golden(files["xml"].content, f"customs_declaration_{reference}.xml")
    schema(XSD_FILE).assertValid(etree.fromstring(files["xml"].content))


def test_an_import_declaration_is_flagged_I_and_names_the_overseas_consignor(import_shipment):
    data = pack_data(import_shipment)

    files = render(CustomsDeclaration(), data)

    assert_golden(files["xml"].content, "customs_declaration_CC-DOC-3.xml")
    text = pdf_text(files["pdf"].content)
    assert "中华人民共和国海关进口货物报关单" in text
    assert "境外发货人" in text and "启运国(地区)" in text


def flat(text: str) -> str:
    """The PDF text with line breaks and runs of spaces collapsed (cells wrap)."""
    return " ".join(text.split())


def shows_every_value(text: str, values: list[str]) -> list[str]:
    return [value for value in values if flat(value) not in text]


@pytest.mark.parametrize(("fixture", "reference"), CASES)
def test_the_declaration_pdf_shows_every_field_value(fixture, reference, request):
    data = pack_data(request.getfixturevalue(fixture))

    text = flat(pdf_text(render(CustomsDeclaration(), data)["pdf"].content))

    assert "中华人民共和国海关出口货物报关单" in text
    expected = [
        reference,
        "SRT-2026-118",
        "SRT-LDZ-2026-07",
        "西安丝路贸易有限公司",
        "Xi'an Silk Road Trading Co., Ltd.",
        "91610131MA6U0EXA04",
        "6101234567",
        "Łódź Żeglarska Import Sp. z o.o.",
        "PL5260250274",
        "3 铁路运输",
        "24680135",
        "0110 一般贸易",
        "101 一般征税",
        "22 纸制或纤维板制盒/箱",
        "38",
        "28140",
        "26480",
        "8541430000",
        "8708301000",
        "CIQ 999",
        "9009 车站海关",
        "9404 阿拉山口",
        "650302 阿拉山口铁路",
        "61019",
        "1 照",
        "XAJJD20261012007",
        "单晶硅光伏组件",
        "1|0|光伏组件|单晶硅|550W|LONGi",
        "汽车制动片",
        "0|0|制动片|已装在蹄片上|汽车用",
        # the three quantity lines: legal first, legal second (or —), transaction
        "620 个 17360 千克 620 个",
        "9120 千克 — 1800 个",
        "96.50",
        "59830.00",
        "11.20",
        "20160.00",
        "79990.00",
        "USD",
        "CHN 中国 China",
        "SRT/DUI/1-20; SRT/DUI/21-38",
        "CSQU3054383",
        "TGHU1234567",
        "CN2026001",
    ]
    assert shows_every_value(text, expected) == []


def test_the_declaration_pdf_shows_freight_and_insurance_when_given(duisburg_shipment):
    data = pack_data(duisburg_shipment)

    text = flat(pdf_text(render(CustomsDeclaration(), data)["pdf"].content))

    assert shows_every_value(text, ["1 CIF", "USD 4200.00", "USD 95.50", "DEU 德国 Germany"]) == []


def test_the_declaration_facts_carry_the_consignment_note_as_bill_number(demo_shipment):
    facts = CustomsDeclaration().facts(pack_data(demo_shipment))

    assert facts.bill_no == "24680135"
    assert (facts.gross_kg, facts.packages) == (Decimal("28140.000"), 38)
    assert (facts.amount, facts.currency) == (Decimal("79990.00"), "USD")
    assert facts.hs_codes == ("854143", "870830")


def test_an_xml_that_breaks_its_schema_is_refused_before_it_is_returned(demo_shipment):
    data = pack_data(demo_shipment)
    broken = replace(data, lines=[replace(data.lines[0], national_code="8541")])

    with pytest.raises(ProblemError) as refused:
        CustomsDeclaration().render(broken, {"pdf": STAMP, "xml": STAMP})

    (found,) = refused.value.problems
    assert found.code == "XML_INVALID"
    assert "customs_declaration" in found.message and "CodeTS" in found.message
