from __future__ import annotations

import io
from dataclasses import replace
from decimal import Decimal

import pytest
from django.utils import translation
from pypdf import PdfReader

from cloudcabin.documents import selectors
from cloudcabin.documents.checks import check_pack
from cloudcabin.documents.data import PackData, Place
from cloudcabin.documents.kinds import KINDS
from cloudcabin.documents.kinds.base import Facts, Stamp, StampBook
from cloudcabin.documents.kinds.cim_smgs import (
    CimSmgsNote,
    attached_kinds,
    box_catalogue,
    boxes_of,
    is_smgs_only,
    label_languages,
    luhn_check_digit,
)
from cloudcabin.documents.models import DocumentKind
from cloudcabin.errors import Problem, Severity
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


def test_the_legs_decide_whether_the_note_applies_and_the_route_kind_only_without_a_route(
    data: PackData,
) -> None:
    by_sea = data.header | {"route_kind": "sea"}

    assert NOTE.applies(replace(data, header=by_sea))  # the planned route has rail legs
    assert not NOTE.applies(replace(data, transport_modes=("sea",)))
    assert not NOTE.applies(replace(data, has_route=False, header=by_sea))
    assert NOTE.applies(replace(data, has_route=False, header=data.header))


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
        # box 62 of the common note
        "62 Идентификация отправки",
    ]
    missing = [value for value in expected if value not in text]
    assert not missing, missing
    # Names come from the rail stations list where an operator corrected UN/LOCODE's spelling.
    assert "2. Dostyk (KZDOS) · Kazakhstan" in text
    assert f"{len(data.crossings)}. Małaszewicze (PLMAA) · Poland" in text
    assert text.index("KZDOS") < text.index("PLMAA")
    # The HS code is labelled HS; there are no GNG codes in our data to print.
    assert "HS · ГС" in text
    assert "ГНГ" not in text and "ETSNG" not in text


def test_box_24_lists_the_other_documents_the_pack_issues(data: PackData) -> None:
    present = {spec.kind for spec in KINDS if spec.applies(data)}
    attached = attached_kinds(data)
    assert DocumentKind.COMMERCIAL_INVOICE in attached
    assert DocumentKind.PACKING_LIST in attached
    assert DocumentKind.CIM_SMGS not in attached
    assert DocumentKind.ICS2_ENS not in attached
    # An application for a certificate is not the certificate: it does not travel.
    assert DocumentKind.ORIGIN_APPLICATION not in attached
    assert set(attached) <= present
    assert [item["kind"] for item in NOTE.payload(data)["attached"]] == list(attached)


def test_the_facts_state_what_the_note_prints(data: PackData) -> None:
    facts = NOTE.facts(data)
    assert facts.consignor == "Xi'an Silk Road Trading Co., Ltd."
    assert facts.consignee == "Łódź Żeglarska Import Sp. z o.o."
    assert facts.gross_kg == Decimal("28140.000")
    assert facts.packages == 38
    assert facts.crossings == tuple(place.locode for place in data.crossings)
    assert facts.crossings[:2] == ("CNAKL", "KZDOS") and facts.crossings[-1] == "PLMAA"
    assert facts.bill_no == "24680135"
    assert facts.hs_codes == ("854143", "870830")
    assert facts.attached == attached_kinds(data)
    printed = NOTE.payload(data)
    assert tuple(c["locode"] for c in printed["crossings"]) == facts.crossings
    assert printed["consignment_no"] == facts.bill_no


def test_the_cross_document_checks_pass_the_note_and_name_it_when_it_disagrees(
    data: PackData,
) -> None:
    facts = [spec.facts(data) for spec in KINDS if spec.applies(data)]
    on_the_note = f"documents.{NOTE.kind}"
    assert [p for p in check_pack(facts, data) if p.path == on_the_note] == []

    def misstated(fact: Facts) -> Facts:
        if fact.kind != NOTE.kind:
            return fact
        assert fact.gross_kg is not None and fact.packages is not None
        return replace(fact, gross_kg=fact.gross_kg * 2, packages=fact.packages + 1)

    found = check_pack([misstated(fact) for fact in facts], data)
    assert {p.code for p in found if p.path == on_the_note} == {
        "XDOC_GROSS_DIFFERS",
        "XDOC_PACKAGES_DIFFER",
    }


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


def test_the_box_catalogue_numbers_each_variant_and_marks_what_is_verified() -> None:
    common, smgs = boxes_of("cim_smgs"), boxes_of("smgs")
    assert {box.variant for box in box_catalogue()} == {"cim_smgs", "smgs"}
    assert all(box.status in ("verified", "unverified") for box in box_catalogue())
    # GLV-CIM/SMGS on the common note: only 1, 4 and 62 are confirmed by a source.
    verified = {box.number for box in common.values() if box.status == "verified"}
    assert verified == {1, 4, 62}
    assert common["consignment_id"].number == 62
    assert common["consignor"].number == 1 and common["consignee"].number == 4
    # SMGS numbering on the SMGS note.
    assert (
        smgs["consignment_no"].number == 29 and smgs["consignment_no"].labels["ru"] == "Отправка №"
    )
    assert smgs["crossings"].number == 6 and smgs["documents"].number == 24
    assert "consignment_id" not in smgs
    # Boxes the reference could not confirm are not printed from a guess.
    assert not {13, 14, 27} & {box.number for box in smgs.values()}
    assert common["crossings"].number is None


def _route_to_duisburg(data: PackData, number: str = "70268") -> PackData:
    """The S1-like demo: Xi'an → Alashankou → Dostyk → Brest → Małaszewicze → Duisburg."""
    places = ["CNAKL", "KZDOS", "BYBQT", "PLMAA"]
    names = {"CNAKL": "Alashankou", "KZDOS": "Dostyk", "BYBQT": "Brest", "PLMAA": "Małaszewicze"}
    return replace(
        data,
        destination=Place("DEDUI", "Duisburg", "DE"),
        crossings=[Place(code, names[code], code[:2]) for code in places],
        routing_countries=["CN", "KZ", "BY", "PL", "DE"],
        header=data.header | {"consignment_note_number": number},
    )


def _codes(found: list[Problem]) -> list[tuple[str, str, str]]:
    return [(p.code, p.severity, p.path) for p in found]


def test_the_check_digit_of_the_cit_worked_example_is_8() -> None:
    # filing-notes.md §(a): 70268 → 14, 0, 4, 6, 16 → 1+4+0+4+6+1+6 = 22 → 8
    assert luhn_check_digit("70268") == 8
    assert luhn_check_digit("00000") == 0
    assert luhn_check_digit("50000") == 9  # 5 × 2 = 10 → 1 → 9
    with pytest.raises(ValueError):
        luhn_check_digit("7026A")


def test_box_62_prints_the_consignment_identifier_with_its_check_digit(data: PackData) -> None:
    route = _route_to_duisburg(data)
    identifier = NOTE.payload(route)["consignment_id"]
    assert identifier == {
        "country": "33",
        "station": "",  # no code known for Xi'an International Port
        "carrier": "",  # not on the shipment: left for the carrier
        "number": "70268",
        "check_digit": "8",
    }
    text = _flat(_text(route))
    assert "62 Идентификация отправки" in text
    assert "70268" in text


def test_a_consignment_number_that_is_not_five_digits_is_a_finding_on_that_field(
    data: PackData,
) -> None:
    found = [p for p in NOTE.findings(data) if p.code == "CIM_SMGS_CONSIGNMENT_NUMBER"]
    assert _codes(found) == [
        ("CIM_SMGS_CONSIGNMENT_NUMBER", Severity.WARNING, "consignment_note_number")
    ]
    assert "24680135" in found[0].message and "62" in found[0].message
    assert NOTE.payload(data)["consignment_id"]["check_digit"] == ""
    assert not [p for p in NOTE.findings(_route_to_duisburg(data)) if p.code == found[0].code]


def test_the_smgs_note_has_no_box_62_and_no_finding_about_it(data: PackData) -> None:
    inside = _smgs_only(data)
    assert NOTE.payload(inside)["consignment_id"] is None
    assert "CIM_SMGS_CONSIGNMENT_NUMBER" not in [p.code for p in NOTE.findings(inside)]


def test_box_6_names_every_crossing_of_the_route_with_its_station_code(data: PackData) -> None:
    route = _route_to_duisburg(data)
    printed = NOTE.payload(route)["crossings"]
    assert [(c["name"], c["code"]) for c in printed] == [
        ("Alashankou", "AKR"),
        ("Dostyk", "708507"),
        ("Brest", "130007"),
        ("Małaszewicze", "5100215"),
    ]
    text = _flat(_text(route))
    for code in ("AKR", "708507", "130007", "5100215"):
        assert code in text
    assert text.index("Alashankou") < text.index("Dostyk") < text.index("Brest")


def test_a_station_without_a_code_is_a_warning_naming_the_station_and_the_field(
    data: PackData,
) -> None:
    route = _route_to_duisburg(data)
    found = [p for p in NOTE.findings(route) if p.code == "CIM_SMGS_STATION_CODE_MISSING"]
    # Xi'an International Port and Duisburg's terminals have no code in any source we hold.
    assert _codes(found) == [
        ("CIM_SMGS_STATION_CODE_MISSING", Severity.WARNING, "loading_locode"),
        ("CIM_SMGS_STATION_CODE_MISSING", Severity.WARNING, "destination_locode"),
    ]
    assert "Xi'an (CNXIA)" in found[0].message and "16" in found[0].message
    assert "Duisburg (DEDUI)" in found[1].message


def test_in_chinese_the_finding_names_the_box_by_its_chinese_label(data: PackData) -> None:
    with translation.override("zh-hans"):
        found = [p for p in NOTE.findings(data) if p.path == "destination_locode"]
    assert len(found) == 1 and "到站" in found[0].message


def test_a_crossing_without_a_code_names_its_place_in_the_route(data: PackData) -> None:
    route = _route_to_duisburg(data)
    unknown = replace(route, crossings=[*route.crossings[:2], Place("RUXXX", "Nowhere", "RU")])
    found = [p for p in NOTE.findings(unknown) if p.path.startswith("border_crossings[")]
    assert _codes(found) == [
        ("CIM_SMGS_STATION_CODE_MISSING", Severity.WARNING, "border_crossings[2]")
    ]
    assert "Nowhere (RUXXX)" in found[0].message


def test_a_border_inside_a_long_leg_is_a_warning_that_box_6_names_only_the_known_stations(
    data: PackData,
) -> None:
    # Dostyk → Brest crosses Kazakhstan → Russia → Belarus with no station on our network.
    found = [p for p in NOTE.findings(data) if p.code == "CIM_SMGS_CROSSING_UNNAMED"]

    assert [(p.severity, p.path) for p in found] == [(Severity.WARNING, "border_crossings")] * 2
    assert "from KZ into RU" in found[0].message and "from RU into BY" in found[1].message


def test_the_departure_is_the_origin_when_there_is_no_place_of_loading(data: PackData) -> None:
    found = NOTE.findings(replace(data, loading=None))
    assert "origin_locode" in [p.path for p in found if p.code == "CIM_SMGS_STATION_CODE_MISSING"]


def test_an_unknown_container_tare_is_a_warning_and_no_tare_is_printed_as_zero(
    data: PackData,
) -> None:
    first = replace(data.containers[0], tare_kg=None)
    unknown = replace(data, containers=[first, *data.containers[1:]])
    found = [p for p in NOTE.findings(unknown) if p.code == "CIM_SMGS_TARE_MISSING"]
    assert _codes(found) == [("CIM_SMGS_TARE_MISSING", Severity.WARNING, "containers[0].tare_kg")]
    assert "CSQU3054383" in found[0].message
    printed = NOTE.payload(unknown)
    assert printed["containers"][0]["tare_kg"] == ""
    assert printed["containers_tare_kg"] == "" and printed["gross_with_containers_kg"] == ""
    text = _flat(_text(unknown))
    assert "0 kg" not in text.replace("000 kg", "")


def test_the_note_only_warns_so_the_demo_pack_can_be_issued(data: PackData) -> None:
    # Each finding leaves a blank for the railway rather than printing something false.
    route = _route_to_duisburg(data)
    first = replace(route.containers[0], tare_kg=None)
    worst = replace(route, containers=[first], header=data.header)
    assert {p.code for p in NOTE.findings(worst)} == {
        "CIM_SMGS_STATION_CODE_MISSING",
        "CIM_SMGS_TARE_MISSING",
        "CIM_SMGS_CONSIGNMENT_NUMBER",
        "CIM_SMGS_CROSSING_UNNAMED",
    }
    assert all(p.severity == Severity.WARNING for p in NOTE.findings(worst))
