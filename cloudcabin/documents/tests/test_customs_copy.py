"""The customs codes that stand for a place (customs district, domestic and destination
port) come from the process's copy of the customs code tables, kept until a table
changes, as the codes' names do."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cloudcabin.documents.data import CustomsNames
from cloudcabin.documents.declaration.lookups import customs_names, filing_lookups
from cloudcabin.reference.models import CustomsCode


def _codes_at(*locodes: str) -> dict[tuple[str, str], str]:
    return filing_lookups(locodes=locodes, national_codes=(), place_names_zh={}).codes_at


def _customs_code_reads(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if '"reference_customscode"."' in q["sql"]]


def test_a_places_customs_codes_come_from_the_copy_and_an_operators_edit_is_seen(
    db: None,
) -> None:
    for table, code, name in (
        ("customs_district", "9988", "测试关"),
        ("domestic_port", "T998", "测试港"),
    ):
        CustomsCode.objects.create(table=table, code=code, name_zh=name, locode="XXTST")
    CustomsCode.objects.create(table="domestic_region", code="99999", name_zh="测试其他")

    assert _codes_at("XXTST", "XXNON") == {
        ("customs_district", "XXTST"): "9988",
        ("domestic_port", "XXTST"): "T998",
    }
    with CaptureQueriesContext(connection) as again:
        assert _codes_at("XXTST") == {
            ("customs_district", "XXTST"): "9988",
            ("domestic_port", "XXTST"): "T998",
        }
    assert _customs_code_reads(again) == []  # only the tables' state is asked

    # An operator moves the port code to another place: the next read sees it.
    port = CustomsCode.objects.get(table="domestic_port", code="T998")
    port.locode = "XXOTH"
    port.save()
    assert _codes_at("XXTST", "XXOTH") == {
        ("customs_district", "XXTST"): "9988",
        ("domestic_port", "XXOTH"): "T998",
    }


def test_customs_names_list_each_tables_rows_once(db: None) -> None:
    CustomsCode.objects.create(table="domestic_region", code="99999", name_zh="测试其他")

    names = customs_names()

    assert names["domestic_region", "99999"] == "测试其他"
    assert ("99999", "测试其他") in names.by_table["domestic_region"]
    assert all(
        names[table, code] == name for table, rows in names.by_table.items() for code, name in rows
    )
    assert sum(len(rows) for rows in names.by_table.values()) == len(names)
    assert CustomsNames({("a", "1"): "x", ("b", "2"): "y"}).by_table == {
        "a": [("1", "x")],
        "b": [("2", "y")],
    }
