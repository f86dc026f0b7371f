"""The full load, once per test session: exact row counts from the committed files."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction

from cloudcabin.reference.loading import load_reference_data
from cloudcabin.reference.loading.base import LoadResult
from cloudcabin.reference.models import (
    CiqCode,
    ContainerType,
    Country,
    Currency,
    CustomsCode,
    CustomsUnit,
    HsCode,
    HsSection,
    Location,
    NationalCode,
    SearchSynonym,
)


@pytest.fixture(scope="module")
def full_load(django_db_setup, django_db_blocker) -> Iterator[list[LoadResult]]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_reference_data(force=True)
        transaction.set_rollback(True)


def test_the_full_load_has_the_expected_row_counts(db, full_load):
    assert HsSection.objects.count() == 21
    assert HsCode.objects.filter(level=2).count() == 96  # 97 chapters less 99
    assert HsCode.objects.filter(level=4).count() == 1228  # 1229 less 9999
    assert HsCode.objects.filter(level=6).count() == 5612  # 5613 less 999999
    assert NationalCode.objects.count() == 8957
    assert NationalCode.objects.filter(hs6__isnull=True).count() == 9  # chapter 98 and 99000000
    # 94,980 rows: 94 without a code ("=" references) and 109 second spellings.
    assert Location.objects.count() == 94777
    assert ContainerType.objects.count() == 715  # 716 rows, 42HR twice
    assert Country.objects.count() == 249
    assert Currency.objects.count() > 150
    declaration = 18 + 25 + 26 + 7 + 13 + 8
    single_window = 1302 + 1321 + 1021 + 3533 + 9 + 51 + 58 + 565 + 24
    assert CustomsCode.objects.count() == declaration + single_window
    assert CustomsCode.objects.exclude(locode="").count() == 47  # locode-links.csv
    assert CustomsUnit.objects.count() == 123
    assert CustomsUnit.objects.exclude(unece_rec20="").count() == 27
    assert CiqCode.objects.count() == 4311
    assert CiqCode.objects.values("hs10").distinct().count() == 2599
    assert SearchSynonym.objects.count() >= 40


# How long the loads take is measured by bench/reference_load.py (figures in the README),
# not asserted here: a timed test fails on a busy machine and proves nothing about the code.
def test_a_second_run_skips_every_unchanged_file(db, full_load):
    results = load_reference_data()
    assert all(result.skipped for result in results)


def test_every_legal_unit_name_of_the_full_tariff_resolves(db, full_load):
    note = next(r.note for r in full_load if r.name == "cn-national-codes")
    assert note == "legal unit names not resolved: 0"
    assert NationalCode.objects.exclude(unit1_name_zh="").filter(first_unit="").count() == 0
    assert (
        NationalCode.objects.exclude(second_unit="").count()
        == NationalCode.objects.exclude(unit2_name_zh="").count()
    )


def test_every_subheading_of_the_full_load_has_search_text(db, full_load):
    assert not HsCode.objects.filter(search_text="").exists()
    assert Country.objects.get(alpha2="DE").name_zh == "德国"
    assert Currency.objects.get(code="CNY").name_zh == "人民币元"
