"""Each cross-document check fails on a deliberately inconsistent pack and passes on a clean one.

Pure tests: the pack data is built from a hand-written snapshot, no database.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest

from cloudcabin.documents.checks import CHECKS, check_pack
from cloudcabin.documents.data import CustomsNames, Lookups, PackData, Place
from cloudcabin.documents.derive import build_pack_data
from cloudcabin.documents.kinds.base import Facts

PLACES = {
    "CNXIA": Place("CNXIA", "Xian", "CN"),
    "KZDOS": Place("KZDOS", "Dostyk", "KZ"),
    "PLMAA": Place("PLMAA", "Malaszewicze", "PL"),
    "PLLOD": Place("PLLOD", "Lodz", "PL"),
}
LOOKUPS = Lookups(
    places=PLACES,
    country_alpha3={"CN": "CHN", "KZ": "KAZ", "PL": "POL"},
    country_names={},
    customs_unit_for_rec20={"H87": "007"},
    customs_names=CustomsNames(),
)
CONSIGNOR = "Xi'an Silk Road Trading Co., Ltd."
CONSIGNEE = "Łódź Żeglarska Import Sp. z o.o."


def party(name: str, country: str) -> dict[str, Any]:
    return {"name_latin": name, "country": country}


def snapshot() -> dict[str, Any]:
    line = {
        "line_no": 1,
        "hs_code": "854143",
        "quantity": "620",
        "unit": "H87",
        "net_kg": "17360",
        "gross_kg": "18600",
        "packages": 20,
        "amount": "59830.00",
    }
    return {
        "organization": {"id": 1, "name_en": "Org", "name_zh": ""},
        "shipment": {
            "reference": "CC-X-1",
            "revision": 1,
            "currency": "USD",
            "consignment_note_number": "24680135",
            "origin_locode": "CNXIA",
            "destination_locode": "PLLOD",
            "border_crossings": ["KZDOS", "PLMAA"],
        },
        "parties": {
            "consignor": party(CONSIGNOR, "CN"),
            "consignee": party(CONSIGNEE, "PL"),
        },
        "lines": [line],
        "containers": [{"number": "CSQU3054383", "size_type": "45G1", "seals": []}],
        "stowage": [{"container": "CSQU3054383", "line_no": 1, "packages": 20}],
    }


@pytest.fixture
def data() -> PackData:
    return build_pack_data(snapshot(), LOOKUPS)


def stated(kind: str, data: PackData, **changes: Any) -> Facts:
    """What a consistent document of ``kind`` states about ``data``, with ``changes``."""
    facts = Facts(
        kind=kind,
        consignor=CONSIGNOR,
        consignee=CONSIGNEE,
        gross_kg=data.total_gross_kg,
        packages=data.total_packages,
        amount=data.total_amount,
        currency=data.currency,
        hs_codes=("854143",),
    )
    return replace(facts, **changes)


def consistent_pack(data: PackData) -> list[Facts]:
    return [
        stated("commercial_invoice", data, attached=()),
        stated("customs_declaration", data, bill_no="24680135", attached=("commercial_invoice",)),
        stated(
            "cim_smgs",
            data,
            amount=None,
            bill_no="24680135",
            crossings=("KZDOS", "PLMAA"),
        ),
        stated("ics2_ens", data, amount=None, routing_countries=("CN", "KZ", "PL")),
    ]


def codes(facts: list[Facts], data: PackData) -> list[str]:
    return [found.code for found in check_pack(facts, data)]


def with_declaration(data: PackData, **changes: Any) -> list[Facts]:
    """The consistent pack, with the declaration stating something else."""
    pack = consistent_pack(data)
    return [replace(f, **changes) if f.kind == "customs_declaration" else f for f in pack]


def test_a_consistent_pack_passes_every_check(data):
    assert len(CHECKS) == 11
    assert codes(consistent_pack(data), data) == []


def test_the_pack_data_derives_the_routing_the_checks_compare_with(data):
    assert [place.locode for place in data.crossings] == ["KZDOS", "PLMAA"]
    assert data.routing_countries == ["CN", "KZ", "PL"]


def test_a_consignor_named_differently_on_one_document_is_an_error(data):
    pack = with_declaration(data, consignor="Xian Silk Road Trading Co Ltd")

    problems = check_pack(pack, data)

    assert [p.code for p in problems] == ["XDOC_CONSIGNOR_DIFFERS"]
    assert "customs_declaration" in problems[0].message


def test_a_consignee_named_differently_on_one_document_is_an_error(data):
    assert codes(with_declaration(data, consignee="Lodz Zeglarska Import"), data) == [
        "XDOC_CONSIGNEE_DIFFERS"
    ]


def test_a_document_that_states_no_party_is_not_compared(data):
    assert codes(with_declaration(data, consignor="", consignee=""), data) == []


def test_gross_mass_within_one_percent_passes_and_beyond_it_fails(data):
    total = data.total_gross_kg  # 18600 kg: 1 % is 186 kg
    within = with_declaration(data, gross_kg=total + Decimal("186"))
    beyond = with_declaration(data, gross_kg=total + Decimal("186.1"))

    assert codes(within, data) == []
    assert codes(beyond, data) == ["XDOC_GROSS_DIFFERS"]


def test_a_different_package_count_is_an_error(data):
    assert codes(with_declaration(data, packages=19), data) == ["XDOC_PACKAGES_DIFFER"]


def test_a_different_amount_is_an_error(data):
    assert codes(with_declaration(data, amount=Decimal("59830.01")), data) == [
        "XDOC_AMOUNT_DIFFERS"
    ]


def test_the_same_amount_in_another_currency_is_an_error(data):
    assert codes(with_declaration(data, currency="EUR"), data) == ["XDOC_AMOUNT_DIFFERS"]


def test_a_missing_bill_number_is_an_error(data):
    assert codes(with_declaration(data, bill_no=""), data) == ["XDOC_BILL_NO"]


def test_a_bill_number_that_is_not_the_consignment_notes_is_an_error(data):
    assert codes(with_declaration(data, bill_no="24680136"), data) == ["XDOC_BILL_NO"]


def test_documents_agreeing_on_a_number_other_than_the_shipments_is_an_error(data):
    pack = [
        replace(f, bill_no="99999999") if f.bill_no is not None else f
        for f in consistent_pack(data)
    ]

    assert codes(pack, data) == ["XDOC_BILL_NO"]


def test_a_pack_without_a_consignment_note_number_is_an_error(data):
    data = replace(data, header=data.header | {"consignment_note_number": ""})
    pack = [replace(f, bill_no="") if f.bill_no is not None else f for f in consistent_pack(data)]

    assert codes(pack, data) == ["XDOC_BILL_NO"]


def test_crossings_other_than_the_routes_are_an_error(data):
    pack = [
        replace(f, crossings=("KZKHO", "PLMAA")) if f.kind == "cim_smgs" else f
        for f in consistent_pack(data)
    ]

    assert codes(pack, data) == ["XDOC_CROSSINGS"]


def test_countries_of_routing_out_of_order_are_an_error(data):
    pack = [
        replace(f, routing_countries=("CN", "PL", "KZ")) if f.kind == "ics2_ens" else f
        for f in consistent_pack(data)
    ]

    assert codes(pack, data) == ["XDOC_ROUTING"]


@pytest.mark.parametrize("code", ["8541", "", "85414X"])
def test_an_hs_code_under_six_digits_is_an_error(data, code):
    problems = check_pack(with_declaration(data, hs_codes=("870830", code)), data)

    assert [p.code for p in problems] == ["XDOC_HS_SHORT"]


def test_national_codes_longer_than_six_digits_pass(data):
    assert codes(with_declaration(data, hs_codes=("85414300", "8708301000")), data) == []


def test_an_attachment_that_is_not_in_the_pack_is_an_error(data):
    problems = check_pack(with_declaration(data, attached=("packing_list",)), data)

    assert [p.code for p in problems] == ["XDOC_ATTACHMENT_MISSING"]
    assert "packing_list" in problems[0].message


def test_a_deliberately_inconsistent_pack_yields_every_error(data):
    pack = with_declaration(
        data,
        consignor="Another consignor",
        consignee="Another consignee",
        gross_kg=Decimal("20000"),
        packages=21,
        amount=Decimal("1.00"),
        bill_no="",
        hs_codes=("8541",),
        attached=("origin_application",),
    )
    pack = [
        replace(f, crossings=("KZKHO",))
        if f.kind == "cim_smgs"
        else replace(f, routing_countries=("CN", "PL"))
        if f.kind == "ics2_ens"
        else f
        for f in pack
    ]

    assert sorted(codes(pack, data)) == [
        "XDOC_AMOUNT_DIFFERS",
        "XDOC_ATTACHMENT_MISSING",
        "XDOC_BILL_NO",
        "XDOC_CONSIGNEE_DIFFERS",
        "XDOC_CONSIGNOR_DIFFERS",
        "XDOC_CROSSINGS",
        "XDOC_GROSS_DIFFERS",
        "XDOC_HS_SHORT",
        "XDOC_PACKAGES_DIFFER",
        "XDOC_ROUTING",
    ]
