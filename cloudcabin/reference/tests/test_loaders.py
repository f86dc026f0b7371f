"""Loading the (subset) files: what is kept, dropped, corrected, and never overwritten."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cloudcabin.reference.loading import load_reference_data
from cloudcabin.reference.models import (
    ContainerType,
    CustomsCode,
    CustomsTable,
    HsCode,
    Location,
    NationalCode,
    ReferenceDataset,
    SearchSynonym,
)

pytestmark = pytest.mark.usefixtures("reference_data")


def test_it_drops_the_statistical_hs_rows(db):
    assert not HsCode.objects.filter(code__startswith="99").exists()
    assert not HsCode.objects.filter(code="TOTAL").exists()
    assert HsCode.objects.filter(code="854142", level=6, parent_id="8541").exists()


def test_chapter_98_national_codes_have_no_hs6(db):
    special = NationalCode.objects.get(code="98010010")
    assert special.hs6_id is None
    assert NationalCode.objects.get(code="85414200").hs6_id == "854142"


def test_search_text_holds_own_national_and_parent_lines(db):
    own, national, parent = HsCode.objects.get(code="854142").search_text.split("\n")
    assert "photovoltaic cell not assembled" in own
    assert "光电池" in national
    assert "semiconductor device" in parent


def test_a_location_keeps_every_published_spelling(db):
    brussels = Location.objects.get(locode="BEBRU")
    assert brussels.name == "Brussel (Bruxelles)"
    assert brussels.alternative_names == "Bruxelles (Brussel)"
    assert brussels.latitude == Decimal("50.8333")


def test_the_duplicated_42hr_row_is_loaded_once_from_its_own_group(db):
    assert ContainerType.objects.filter(code="42HR").count() == 1
    assert ContainerType.objects.get(code="42HR").group_id == "42HR"


def test_container_types_carry_teu_and_typical_weights_as_decimals(db):
    box = ContainerType.objects.get(code="45G1")  # 40 ft high cube
    assert box.teu == Decimal("2")
    assert box.typical_tare_kg == Decimal("3940")
    assert box.typical_max_gross_kg == Decimal("30480")
    forty_five = ContainerType.objects.get(code="L5G1")
    assert (forty_five.teu, forty_five.height_ft) == (Decimal("2.25"), Decimal("9.5"))


def test_a_second_load_of_unchanged_files_skips_everything(db, reference_subset_dir):
    before = dict(ReferenceDataset.objects.values_list("name", "loaded_at"))
    results = load_reference_data(data_dir=reference_subset_dir)
    assert all(result.skipped for result in results)
    assert dict(ReferenceDataset.objects.values_list("name", "loaded_at")) == before


def test_a_forced_reload_keeps_operator_rows_and_switches(db, reference_subset_dir):
    CustomsCode.objects.create(
        table=CustomsTable.TRANSPORT_MODE, code="T1", name_zh="测试", name_en="Operator added"
    )
    SearchSynonym.objects.filter(term="laptop").update(is_active=False)
    HsCode.objects.filter(code="854142").update(description="edited")

    load_reference_data(data_dir=reference_subset_dir, force=True)

    assert CustomsCode.objects.filter(table="transport_mode", code="T1").exists()
    assert not SearchSynonym.objects.get(term="laptop").is_active
    # A loaded row is the file's again after a reload.
    assert HsCode.objects.get(code="854142").description.startswith("Electrical apparatus")


def test_customs_tables_are_loaded_by_table_and_code(db):
    assert CustomsCode.objects.get(table="supervision_mode", code="0110").name_zh == "一般贸易"
    assert CustomsCode.objects.filter(table="transport_mode").count() == 18
