from __future__ import annotations

import io
from dataclasses import replace
from decimal import Decimal

import pytest
from pypdf import PdfReader

from cloudcabin.documents import selectors
from cloudcabin.documents.checks import check_pack
from cloudcabin.documents.data import PackData, Place
from cloudcabin.documents.kinds import KINDS
from cloudcabin.documents.kinds.base import Stamp, StampBook
from cloudcabin.documents.kinds.cim_smgs import (
    CimSmgsNote,
    attached_kinds,
    box_catalogue,
    is_smgs_only,
    label_languages,
)
from cloudcabin.documents.models import DocumentKind
from cloudcabin.shipments.models import Shipment
from cloudcabin.shipments.snapshot import shipment_snapshot

STAMP = Stamp("ABCDEFGH23", "https://cloudcabin.example/v/ABCDEFGH23", 1, "Issuer", "")
NOTE = CimSmgsNote()


@pytest.fixture
def data(demo_shipment: Shipment) -> PackData:
    return selectors.pack_data(shipment_snapshot(demo_shipment))


def _text(data: PackData) -> str:
    rendered = NOTE.render(data, StampBook(lambda: STAMP).for_kind(NOTE.kind))
    assert len(rendered) == 1 and rendered[0].content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(rendered[0].content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _smgs_only(data: PackData) -> PackData:
    """The demo shipment, sent from Xi'an to Dostyk's side of Kazakhstan instead."""
    almaty = Place("KZALA", "Almaty", "KZ")
    return replace(
        data,
        destination=almaty,
        crossings=[data.crossings[0]],
        routing_countries=["CN", "KZ"],
    )


def test_the_note_applies_to_a_rail_shipment_and_is_in_the_pack(data: PackData) -> None:
    assert NOTE.applies(data)
    assert DocumentKind.CIM_SMGS in [spec.kind for spec in KINDS]
    assert not NOTE.applies(replace(data, header=data.header | {"route_kind": "sea"}))


def test_the_pdf_shows_every_box_value_of_the_demo_shipment(data: PackData) -> None:
    text = _flat(_text(data))
    expected = [
        "Накладная ЦИМ/СМГС",
        "CIM/SMGS consignment note",
        "国际货约/国际货协运单",
        # box 1 and 4: parties, Chinese and Polish letters intact
        "Xi'an Silk Road Trading Co., Ltd.",
        "西安丝路贸易有限公司",
        "Łódź Żeglarska Import Sp. z o.o.",
        "ul. Świętojańska 12",
        # box 2 and 5
        "CNXIA",
        "PLLOD",
        # box 6: the crossings with names, in order
        "KZDOS",
        "PLMAA",
        # box 15-19
        "Monocrystalline photovoltaic modules 550 W",
        "单晶硅光伏组件",
        "854143",
        "870830",
        "CSQU3054383",
        "TGHU1234567",
        "45G1",
        "3940",
        "CN2026001",
        "CN2026002",
        "38",
        "26480.000",
        "28140.000",
        "7840",
        "35980.000",
        # box 24, 25, 29
        "Commercial invoice",
        "Packing list",
        "SRT-LDZ-2026-07",
        "24680135",
        # labels in Russian, English and Chinese
        "Отправитель",
        "Consignor",
        "发货人",
        "Пограничные станции переходов",
        "Отправка №",
    ]
    missing = [value for value in expected if value not in text]
    assert not missing, missing
    # Names come from rail_stations.csv where an operator corrected UN/LOCODE's spelling.
    assert "2. Dostyk (KZDOS) · Kazakhstan" in text
    assert "3. Małaszewicze (PLMAA) · Poland" in text
    assert text.index("KZDOS") < text.index("PLMAA")


def test_box_24_lists_the_other_documents_the_pack_issues(data: PackData) -> None:
    present = {spec.kind for spec in KINDS if spec.applies(data)}
    attached = attached_kinds(data)
    assert DocumentKind.COMMERCIAL_INVOICE in attached
    assert DocumentKind.PACKING_LIST in attached
    assert DocumentKind.CIM_SMGS not in attached
    assert DocumentKind.ICS2_ENS not in attached
    assert set(attached) <= present
    assert [item["kind"] for item in NOTE.payload(data)["attached"]] == list(attached)


def test_the_facts_state_what_the_note_prints(data: PackData) -> None:
    facts = NOTE.facts(data)
    assert facts.consignor == "Xi'an Silk Road Trading Co., Ltd."
    assert facts.consignee == "Łódź Żeglarska Import Sp. z o.o."
    assert facts.gross_kg == Decimal("28140.000")
    assert facts.packages == 38
    assert facts.crossings == ("CNAKL", "KZDOS", "PLMAA")
    assert facts.bill_no == "24680135"
    assert facts.hs_codes == ("854143", "870830")
    assert facts.attached == attached_kinds(data)
    printed = NOTE.payload(data)
    assert tuple(c["locode"] for c in printed["crossings"]) == facts.crossings
    assert printed["consignment_no"] == facts.bill_no


def test_the_cross_document_checks_find_nothing_wrong_with_the_note(data: PackData) -> None:
    facts = [spec.facts(data) for spec in KINDS if spec.applies(data)]
    found = [p for p in check_pack(facts, data) if p.path == f"documents.{NOTE.kind}"]
    assert found == []


def test_crossings_out_of_the_route_order_are_caught_by_the_checks(data: PackData) -> None:
    swapped = replace(data, crossings=list(reversed(data.crossings)))
    facts = NOTE.facts(swapped)
    codes = [p.code for p in check_pack([facts], data)]
    assert "XDOC_CROSSINGS" in codes


def test_a_route_to_europe_is_a_cim_smgs_note_with_english_labels(data: PackData) -> None:
    assert not is_smgs_only(data)
    assert label_languages(data) == ("ru", "en", "zh")


def test_a_route_to_germany_takes_german_labels(data: PackData) -> None:
    to_duisburg = replace(data, destination=Place("DEDUI", "Duisburg", "DE"))
    assert label_languages(to_duisburg) == ("ru", "de", "zh")


def test_a_route_that_stays_in_smgs_countries_gives_the_smgs_title(data: PackData) -> None:
    inside = _smgs_only(data)
    assert is_smgs_only(inside)
    assert label_languages(inside) == ("ru", "zh")
    text = _flat(_text(inside))
    assert "Накладная СМГС" in text
    assert "国际货协运单" in text
    assert "CIM/SMGS" not in text
    assert "Consignor" not in text


def test_the_box_catalogue_is_data_with_a_verification_status(data: PackData) -> None:
    boxes = {box.number: box for box in box_catalogue()}
    assert {1, 2, 4, 5, 6, 15, 16, 17, 18, 19, 24, 25, 29} <= set(boxes)
    assert all(box.status in ("verified", "unverified") for box in boxes.values())
    assert boxes[29].labels["ru"] == "Отправка №"
    # Boxes the reference could not confirm are not printed from a guess.
    assert not {13, 14, 27} & set(boxes)
