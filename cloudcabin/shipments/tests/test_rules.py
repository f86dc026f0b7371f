"""Every rule with a passing and a failing case. Rules are pure: no database here."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cloudcabin.shipments.checks.context import Stowage
from cloudcabin.shipments.checks.rules import RULES, run_rules
from cloudcabin.shipments.models import Container
from cloudcabin.shipments.tests.factories import FACTS, a_clean_view, a_line, a_party

SECOND_CONTAINER = "TGHU1234567"


def findings(view):
    return [(p.code, p.severity, p.path) for p in run_rules(view, FACTS)]


def test_a_clean_shipment_passes_every_rule():
    assert findings(a_clean_view()) == []


def test_every_rule_is_in_the_catalogue_once():
    assert len(RULES) == len(set(RULES)) >= 14


@pytest.mark.parametrize(
    ("hs_code", "code"),
    [
        ("", "HS_MISSING"),
        ("8541", "HS_NOT_6_DIGITS"),
        ("85414X", "HS_NOT_6_DIGITS"),
        ("999999", "HS_UNKNOWN"),
    ],
)
def test_an_unknown_or_malformed_hs_code_is_an_error_on_its_line(hs_code, code):
    view = a_clean_view()
    view.lines[0].hs_code = hs_code
    assert (code, "error", "lines[0].hs_code") in findings(view)


def test_a_national_code_outside_its_hs_subheading_is_an_error():
    view = a_clean_view()
    view.lines[0].national_code = "87089990"
    assert findings(view) == [("NATIONAL_CODE_MISMATCH", "error", "lines[0].national_code")]


def test_net_mass_above_gross_is_an_error():
    view = a_clean_view()
    view.lines[0].net_kg = Decimal("18000.001")
    assert findings(view) == [("NET_GT_GROSS", "error", "lines[0].net_kg")]


def test_an_amount_off_by_more_than_rounding_is_an_error_but_a_cent_is_not():
    view = a_clean_view()
    view.lines[0].amount = Decimal("57300.01")
    view.shipment.invoice_total = Decimal("57300.01")
    assert findings(view) == []
    view.lines[0].amount = Decimal("57300.50")
    view.shipment.invoice_total = Decimal("57300.50")
    assert findings(view) == [("AMOUNT_MISMATCH", "error", "lines[0].amount")]


def test_lines_that_do_not_add_up_to_the_invoice_totals_are_errors():
    view = a_clean_view()
    view.shipment.invoice_total = Decimal("60000")
    view.shipment.declared_packages = 21
    view.shipment.declared_gross_kg = Decimal("18001")
    assert findings(view) == [
        ("TOTAL_AMOUNT_MISMATCH", "error", "invoice_total"),
        ("TOTAL_PACKAGES_MISMATCH", "error", "declared_packages"),
        ("TOTAL_GROSS_MISMATCH", "error", "declared_gross_kg"),
    ]


def test_a_container_number_with_a_bad_check_digit_is_an_error():
    view = a_clean_view()
    view.containers[0].number = "CSQU3054384"
    view.stowage = [Stowage("CSQU3054384", 1, 20)]
    [problem] = run_rules(view, FACTS)
    assert (problem.code, problem.path) == ("CONTAINER_CHECK_DIGIT", "containers[0].number")
    assert "3" in problem.message


def test_a_malformed_container_number_and_an_unknown_size_type_are_errors():
    view = a_clean_view()
    view.containers[0].number = "CSQ305438"
    view.containers[0].size_type = "99ZZ"
    view.stowage = [Stowage("CSQ305438", 1, 20)]
    assert findings(view) == [
        ("CONTAINER_NUMBER_INVALID", "error", "containers[0].number"),
        ("CONTAINER_TYPE_UNKNOWN", "error", "containers[0].size_type"),
    ]


def test_a_container_over_its_maximum_gross_is_an_error():
    view = a_clean_view()
    view.lines[0].gross_kg = Decimal("26600")  # + 3,940 kg tare = 30,540 > 30,480
    view.lines[0].net_kg = Decimal("25000")
    view.shipment.declared_gross_kg = None
    assert findings(view) == [("CONTAINER_OVERWEIGHT", "error", "containers[0]")]


def test_an_unknown_rating_falls_back_to_the_iso_668_maximum():
    view = a_clean_view()
    view.containers[0].size_type = "42G1"
    view.lines[0].gross_kg = Decimal("26800")  # + 3,750 kg typical tare > 30,480
    view.lines[0].net_kg = Decimal("25000")
    view.shipment.declared_gross_kg = None
    assert findings(view) == [("CONTAINER_OVERWEIGHT", "error", "containers[0]")]


def test_a_line_split_over_two_containers_shares_its_mass_by_packages():
    view = a_clean_view()
    view.lines[0].gross_kg = Decimal("50000")
    view.lines[0].net_kg = Decimal("48000")
    view.shipment.declared_gross_kg = None
    view.containers.append(Container(number=SECOND_CONTAINER, size_type="45G1"))
    view.stowage = [Stowage("CSQU3054383", 1, 10), Stowage(SECOND_CONTAINER, 1, 10)]
    assert findings(view) == []  # 25,000 kg + tare in each, within 30,480
    view.stowage = [Stowage("CSQU3054383", 1, 15), Stowage(SECOND_CONTAINER, 1, 5)]
    assert findings(view) == [("CONTAINER_OVERWEIGHT", "error", "containers[0]")]


def test_packages_not_all_stowed_in_containers_is_an_error():
    view = a_clean_view()
    view.stowage = [Stowage("CSQU3054383", 1, 15)]
    assert findings(view) == [("PACKAGES_NOT_STOWED", "error", "lines[0].packages")]


def test_without_containers_stowage_is_not_checked_yet():
    view = a_clean_view()
    view.containers, view.stowage = [], []
    assert findings(view) == []


def test_a_missing_incoterm_or_named_place_is_an_error():
    view = a_clean_view()
    view.shipment.incoterm_place_locode = ""
    assert findings(view) == [("NAMED_PLACE_MISSING", "error", "incoterm_place")]
    view.shipment.incoterm_place_text = "Xi'an International Port"
    assert findings(view) == []
    view.shipment.incoterm = ""
    assert findings(view) == [("INCOTERM_MISSING", "error", "incoterm")]


def test_a_sea_only_incoterm_is_an_error_on_rail_and_a_warning_on_sea_rail():
    view = a_clean_view()
    view.shipment.incoterm = "FOB"
    assert findings(view) == [("INCOTERM_MODE", "error", "incoterm")]
    view.shipment.route_kind = "sea_rail"
    assert findings(view) == [("INCOTERM_MODE", "warning", "incoterm")]
    view.shipment.route_kind = "sea"
    assert findings(view) == []


def test_an_unknown_currency_is_an_error_on_its_field():
    view = a_clean_view()
    view.shipment.freight_currency = "XXY"
    assert findings(view) == [("CURRENCY_UNKNOWN", "error", "freight_currency")]


def test_unknown_places_and_countries_are_errors():
    view = a_clean_view()
    view.shipment.destination_locode = "DEZZZ"
    view.shipment.border_crossings = ["KZDOS", "XXXXX"]
    view.lines[0].origin_country = "QQ"
    assert findings(view) == [
        ("LOCODE_UNKNOWN", "error", "destination_locode"),
        ("LOCODE_UNKNOWN", "error", "border_crossings[1]"),
        ("COUNTRY_UNKNOWN", "error", "lines[0].origin_country"),
    ]


def test_a_uscc_failing_its_check_character_is_only_a_warning():
    view = a_clean_view()
    view.parties["consignor"] = a_party(country="CN", uscc="91610131MA6U0EXA0X")
    view.parties["seller"] = view.parties["consignor"]
    codes = findings(view)
    assert ("USCC_CHECK_DIGIT", "warning", "parties.consignor.uscc") in codes
    assert all(severity == "warning" for _, severity, _ in codes)


def test_an_identifier_that_does_not_fit_the_party_country_is_reported():
    view = a_clean_view()
    view.parties["consignee"] = a_party(
        country="DE", eori="DE4567890123456", uscc="91610131MA6U0EXA04", vat_number="PL5260250274"
    )
    assert findings(view) == [
        ("USCC_NOT_CN", "error", "parties.consignee.uscc"),
        ("PARTY_VAT_COUNTRY", "warning", "parties.consignee.vat_number"),
    ]


def test_a_missing_consignee_and_a_chinese_exporter_without_uscc_are_errors():
    view = a_clean_view()
    view.parties["consignee"] = None
    view.parties["consignor"] = a_party(country="CN")
    assert findings(view) == [
        ("PARTY_MISSING", "error", "parties.consignee"),
        ("USCC_MISSING", "error", "parties.consignor.uscc"),
    ]


def test_a_consignee_without_eori_is_a_warning_for_an_eu_destination_only():
    view = a_clean_view()
    view.parties["consignee"] = a_party(country="DE")
    assert findings(view) == [("EORI_MISSING", "warning", "parties.consignee.eori")]
    view.shipment.destination_locode = "KZDOS"
    assert findings(view) == []


@pytest.mark.parametrize(
    "elements", ["光伏组件|单晶硅", "9|0|光伏组件", "1|5|光伏组件", "0|0|光伏组件"]
)
def test_declared_elements_without_the_brand_and_preference_prefix_are_an_error(elements):
    view = a_clean_view()
    view.lines[0].declared_elements = elements  # the last one contradicts brand type 1
    assert findings(view) == [("DECLARED_ELEMENTS_PREFIX", "error", "lines[0].declared_elements")]


def test_imports_do_not_need_the_export_prefix():
    view = a_clean_view()
    view.shipment.direction = "import"
    view.lines[0].declared_elements = "solar modules"
    assert findings(view) == []


def test_a_quantity_needs_a_unit_and_an_unmapped_unit_is_a_warning():
    view = a_clean_view()
    view.lines[0].unit = ""
    assert findings(view) == [("UNIT_MISSING", "error", "lines[0].unit")]
    view.lines[0].unit = "ZZZ"
    assert findings(view) == [("UNIT_UNKNOWN", "warning", "lines[0].unit")]


def test_a_un_number_must_have_four_digits():
    view = a_clean_view()
    view.lines[0].un_number = "3480"
    assert findings(view) == []
    view.lines[0].un_number = "UN34"
    assert findings(view) == [("UN_NUMBER_INVALID", "error", "lines[0].un_number")]


def test_a_line_number_used_twice_is_an_error_on_the_second():
    view = a_clean_view()
    view.lines.append(a_line(1, packages=0, gross_kg=None, net_kg=None, amount=None))
    assert ("LINE_NO_DUPLICATE", "error", "lines[1].line_no") in findings(view)


def test_errors_come_before_warnings():
    view = a_clean_view()
    view.parties["consignee"] = a_party(country="DE")
    view.lines[0].net_kg = Decimal("99999")
    assert [s for _, s, _ in findings(view)] == ["error", "warning"]
