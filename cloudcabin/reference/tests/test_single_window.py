"""The China Single Window tables: codes, place links, legal units, CIQ and 10-digit codes."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from django.db import IntegrityError, transaction

from cloudcabin.reference import selectors
from cloudcabin.reference.loading import datasets, load_dataset
from cloudcabin.reference.loading.base import LoadResult
from cloudcabin.reference.loading.code_tables import load_locode_links
from cloudcabin.reference.loading.tariff import load_national_codes
from cloudcabin.reference.models import CiqCode, CustomsCode, CustomsUnit, NationalCode

pytestmark = pytest.mark.usefixtures("reference_data")

LINKS = "cn-customs/single-window/locode-links.csv"


def _result(results: list[LoadResult], name: str) -> LoadResult:
    return next(result for result in results if result.name == name)


def _dataset(data_dir: Path, name: str):
    return next(dataset for dataset in datasets(data_dir) if dataset.name == name)


def _write_links(path: Path, rows: list[str]) -> Path:
    path.write_text("table,code,locode,basis\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("table", "code", "name_zh"),
    [
        ("customs_district", "9404", "阿拉山口"),
        ("domestic_port", "650302", "阿拉山口铁路"),
        ("domestic_region", "61019", None),
        ("admin_division", "610100", None),
        ("duty_mode", "1", "照章征税"),
        ("licence_document", "A", "检验检疫"),
        ("edoc", "00000001", "发票"),
        ("destination_port", "DEU039", "杜伊斯堡\uff08德国\uff09"),
        ("purpose", "11", "种用或繁殖"),
    ],
)
def test_each_single_window_table_is_loaded_as_customs_codes(db, table, code, name_zh):
    found = CustomsCode.objects.get(table=table, code=code)
    assert name_zh is None or found.name_zh == name_zh


def test_the_destination_ports_keep_their_published_english_names(db):
    assert CustomsCode.objects.get(table="destination_port", code="DEU039").name_en == (
        "Duisburg, Germany"
    )


def test_every_curated_link_lands_on_a_loaded_code(db, reference_data, reference_subset_dir):
    with (reference_subset_dir / LINKS).open(encoding="utf-8") as handle:
        links = list(csv.DictReader(handle))
    assert len(links) == _result(reference_data, "cn-customs-locode-links").rows
    assert _result(reference_data, "cn-customs-locode-links").note == ""
    for link in links:
        found = CustomsCode.objects.get(table=link["table"], code=link["code"])
        assert found.locode == link["locode"], link


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (
            "customs_district",
            {
                "CNAKL": "9404",
                "CNHRS": "9402",
                "CNERC": "0702",
                "CNMLX": "0609",
                "CNXIA": "9009",
                "CNCQI": "8001",
                "CNCDU": "7901",
                "CNZGZ": "4600",
                "CNYIU": "2921",
                "CNURM": "9400",
                "CNSGH": "2200",
                "CNTNJ": "0200",
                "CNQZH": "7217",
            },
        ),
        (
            "domestic_port",
            {
                "CNAKL": "650302",
                "CNHRS": "650501",
                "CNERC": "150201",
                "CNMLX": "150102",
                "CNURM": "651502",
                "CNCDU": "510008",
                "CNXIA": "610001",
                "CNCQI": "500001",
                "CNZGZ": "410001",
                "CNYIU": "331201",
                "CNQZH": "450702",
                "CNSGH": "310001",
                "CNTNJ": "120001",
            },
        ),
        (
            "destination_port",
            {
                "DEDUI": "DEU039",
                "DEHAM": "DEU063",
                "ESMAD": "ESP901",
                "HUBUD": "HUN003",
                "RUMOW": "RUS901",
                "KZDOS": "KAZ906",
                "KZHOR": "KAZ907",
                "NLRTM": "NLD066",
                "GEPTI": "GEO006",
            },
        ),
    ],
)
def test_a_route_place_resolves_to_the_code_the_filing_notes_name(db, table, expected):
    assert selectors.customs_codes_by_locode(table, [*expected, "PLMAA"]) == expected


def test_places_without_a_code_are_left_out_and_the_lookup_is_one_query(
    db, django_assert_num_queries
):
    with django_assert_num_queries(1):
        found = selectors.customs_codes_by_locode("destination_port", ["plmaa", "dedui", ""])
    assert found == {"DEDUI": "DEU039"}  # Małaszewicze has no row in the 2019 port table


def test_a_place_is_served_by_one_code_per_table(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        CustomsCode.objects.filter(table="customs_district", code="9401").update(locode="CNAKL")
    # The same place in another table is fine.
    assert CustomsCode.objects.filter(locode="CNAKL").count() == 2


def test_reloading_a_table_keeps_the_links_and_an_operators_link(db, reference_subset_dir):
    CustomsCode.objects.filter(table="customs_district", code="9401").update(locode="CNXXX")
    dataset = _dataset(reference_subset_dir, "cn-customs-customs-district")

    load_dataset(dataset, force=True, base=reference_subset_dir)

    assert CustomsCode.objects.get(table="customs_district", code="9401").locode == "CNXXX"
    assert CustomsCode.objects.get(table="customs_district", code="9404").locode == "CNAKL"


def test_the_links_file_takes_back_a_place_an_operator_moved(db, reference_subset_dir):
    CustomsCode.objects.filter(table="customs_district", code="9404").update(locode="")
    CustomsCode.objects.filter(table="customs_district", code="9401").update(locode="CNAKL")
    dataset = _dataset(reference_subset_dir, "cn-customs-locode-links")

    result = load_dataset(dataset, force=True, base=reference_subset_dir)

    assert CustomsCode.objects.get(table="customs_district", code="9404").locode == "CNAKL"
    assert CustomsCode.objects.get(table="customs_district", code="9401").locode == ""
    assert result.note == "1 operator links replaced: customs_district 9401"


def test_a_link_to_a_code_missing_from_the_tables_is_reported_and_nothing_is_invented(db, tmp_path):
    links = _write_links(
        tmp_path / "links.csv",
        ["customs_district,9404,CNAKL,test", "destination_port,POL999,PLMAA,test"],
    )
    loaded = load_locode_links((links,))
    assert loaded.rows == 1
    assert loaded.note == "1 linked codes not in the tables: destination_port POL999"
    assert not CustomsCode.objects.filter(code="POL999").exists()


@pytest.mark.parametrize(
    "rows",
    [
        ["customs_district,9404,CNAKL,a", "customs_district,9401,CNAKL,b"],
        ["customs_district,9404,CNAKL,a", "customs_district,9404,CNHRS,b"],
        ["customs_district,9404,akl,a"],
        ["no_such_table,9404,CNAKL,a"],
    ],
)
def test_a_links_file_that_breaks_its_rules_is_refused(db, tmp_path, rows):
    with pytest.raises(ValueError, match=r"links\.csv line \d"):
        load_locode_links((_write_links(tmp_path / "links.csv", rows),))


def test_every_single_window_unit_is_loaded_with_the_declaration_mapping(db):
    assert CustomsUnit.objects.count() == 123
    kilogram = CustomsUnit.objects.get(code="035")
    assert (kilogram.name_zh, kilogram.name_en, kilogram.unece_rec20) == ("千克", "kilogram", "KGM")
    vehicle = CustomsUnit.objects.get(code="003")
    assert (vehicle.name_zh, vehicle.unece_rec20) == ("辆", "")


@pytest.mark.parametrize(
    ("code", "first", "second"),
    [("85414300", "007", "035"), ("87083010", "035", ""), ("84713010", "001", "035")],
)
def test_legal_units_resolve_to_declaration_unit_codes(db, code, first, second):
    national = NationalCode.objects.get(code=code)
    assert (national.first_unit, national.second_unit) == (first, second)


def test_the_load_reports_that_every_legal_unit_name_resolved(db, reference_data):
    note = _result(reference_data, "cn-national-codes").note
    assert note == "legal unit names not resolved: 0"
    assert not NationalCode.objects.exclude(unit1_name_zh="").filter(first_unit="").exists()


def test_a_unit_name_the_unit_table_lacks_is_counted_not_guessed(
    db, tmp_path, reference_subset_dir
):
    tariff = tmp_path / "hs8.csv"
    shutil.copy(reference_subset_dir / "hs/cn-hs8-2023.csv", tariff)
    with tariff.open("a", encoding="utf-8") as handle:
        # 厘米 is not a declaration unit; the ideographic space after 千克 is ignored.
        handle.write("01019999,测试,Test,01,厘米,Centimetre,09,千克\u3000,Kilogram\n")

    loaded = load_national_codes((tariff,))

    assert loaded.note == "legal unit names not resolved: 1 (厘米 ×1)"
    test_row = NationalCode.objects.get(code="01019999")
    assert (test_row.first_unit, test_row.second_unit) == ("", "035")


def test_ten_digit_and_ciq_codes_come_from_the_ciq_table(db):
    assert selectors.ten_digit_codes("87083010") == ["8708301000"]
    assert selectors.ciq_codes("8708301000") == [("999", "装在蹄片上的制动摩擦片")]
    assert CiqCode.objects.get(hs10="8708301000", ciq="999").version == "2016.001"


def test_a_code_the_ciq_table_does_not_list_has_no_ten_digit_codes(db):
    # The CIQ table predates HS 2022: 8541.43 (photovoltaic modules) is not in it.
    assert selectors.ten_digit_codes("85414300") == []
    assert selectors.ciq_codes("8541430000") == []


def test_the_bulk_helpers_answer_many_codes_in_one_query(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        tens = selectors.ten_digit_codes_for(["87083010", "85414300", "84713010", ""])
    assert tens["87083010"] == ["8708301000"]
    assert "85414300" not in tens
    with django_assert_num_queries(1):
        ciqs = selectors.ciq_codes_for([*tens["84713010"], "8708301000"])
    assert set(ciqs) == {"8471301000", "8708301000"}
    assert [code for code, _ in ciqs["8471301000"]] == ["101", "102"]


def test_a_second_load_skips_the_new_datasets_and_keeps_their_notes(
    db, reference_data, reference_subset_dir
):
    from cloudcabin.reference.loading import load_reference_data

    names = {"cn-customs-customs-district", "cn-customs-locode-links", "cn-ciq-codes"}
    assert names <= {result.name for result in reference_data}
    again = load_reference_data(data_dir=reference_subset_dir)
    assert all(result.skipped for result in again)
    assert _result(again, "cn-national-codes").note == "legal unit names not resolved: 0"
