from __future__ import annotations

from datetime import date

import pytest

from cloudcabin.accounts.identifiers import (
    check_eori,
    check_identifiers,
    check_uscc,
    check_vat,
    identifiers_for,
)
from cloudcabin.reference.models import EuMemberState

VALID_USCC = "91110000600037341L"  # from the GB 32100 examples in python-stdnum's docs


def codes(problems):
    return [(p.code, p.severity, p.path) for p in problems]


def test_a_valid_uscc_has_no_problem():
    assert check_uscc(VALID_USCC, path="uscc") == []


def test_a_uscc_is_cleaned_of_spaces_and_case_before_checking():
    assert check_uscc(" 9111 0000 6000 3734 1l ", path="uscc") == []


def test_a_wrong_uscc_check_character_is_a_warning_naming_the_expected_one():
    wrong = VALID_USCC[:-1] + "X"
    [found] = check_uscc(wrong, path="uscc")
    assert (found.code, found.severity, found.path) == ("USCC_CHECK_DIGIT", "warning", "uscc")
    assert "expected L" in found.message


def test_a_confirmed_uscc_that_fails_its_check_character_is_accepted():
    assert check_uscc(VALID_USCC[:-1] + "X", path="uscc", checksum_confirmed=True) == []


def test_a_uscc_of_the_wrong_length_is_an_error():
    assert codes(check_uscc("9111000060003734", path="p.uscc")) == [
        ("USCC_INVALID", "error", "p.uscc")
    ]


# The worked example printed in GB 32100-2015 (appendix), independent of any library.
GB_32100_EXAMPLE = "91350100M000100Y43"


def test_the_standards_worked_example_passes_and_every_other_check_character_is_named():
    assert check_uscc(GB_32100_EXAMPLE, path="uscc") == []
    body = GB_32100_EXAMPLE[:-1]
    for wrong in "0123456789ABCDEFGHJKLMNPQRTUWXY".replace("3", ""):
        [found] = check_uscc(body + wrong, path="uscc")
        assert found.code == "USCC_CHECK_DIGIT" and "expected 3" in found.message


@pytest.mark.django_db
def test_an_eu_eori_of_the_right_shape_passes():
    assert check_eori("DE 1234567890123", path="eori") == []


def test_an_eori_with_illegal_characters_is_an_error():
    assert codes(check_eori("DE-12#45", path="eori")) == [("EORI_INVALID", "error", "eori")]


@pytest.mark.django_db
def test_a_non_eu_eori_is_a_warning():
    assert codes(check_eori("CN1234567", path="eori")) == [("EORI_NOT_EU", "warning", "eori")]


@pytest.mark.django_db
def test_a_british_eori_is_not_an_eu_one_since_the_united_kingdom_left():
    assert EuMemberState.objects.get(country="GB").member_until == date(2020, 1, 31)
    assert codes(check_eori("GB123456789000", path="eori")) == [("EORI_NOT_EU", "warning", "eori")]
    assert codes(check_eori("XI123456789000", path="eori")) == []
    assert identifiers_for("GB") == {"eori": False}


@pytest.mark.django_db
def test_a_member_state_an_operator_adds_in_the_reference_table_is_asked_for_a_vat_number():
    assert identifiers_for("NO") == {"eori": False}
    EuMemberState.objects.create(country="NO", member_from=date(2020, 1, 1), source="test")

    assert identifiers_for("NO") == {"eori": False, "vat_number": False}
    assert check_eori("NO123456789", path="eori") == []


def test_a_german_vat_number_is_checked_by_python_stdnum():
    assert check_vat("DE136695976", path="vat_number") == []
    assert codes(check_vat("DE136695977", path="vat_number")) == [
        ("VAT_INVALID", "error", "vat_number")
    ]


def test_identifier_checks_name_the_field_with_the_path_prefix():
    found = check_identifiers(
        country="DE", uscc=VALID_USCC, vat_number="XX1", path_prefix="parties[2]."
    )
    assert ("USCC_NOT_CN", "error", "parties[2].uscc") in codes(found)
    assert ("VAT_INVALID", "error", "parties[2].vat_number") in codes(found)


def test_an_unknown_country_is_an_error():
    assert codes(check_identifiers(country="QQ")) == [("COUNTRY_UNKNOWN", "error", "country")]
