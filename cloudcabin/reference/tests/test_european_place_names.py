"""Chinese names of Europe's and Central Asia's cities outside GACC's tables, from the
Unicode CLDR time-zone cities: Warszawa is found as 华沙 and as huasha."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from django.conf import settings

from cloudcabin.reference.selectors import search_places

DATA = Path(settings.REFERENCE_DATA_DIR) / "unlocode"
pytestmark = pytest.mark.django_db


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(
    ("typed", "locode"),
    [("华沙", "PLWAW"), ("huasha", "PLWAW"), ("明斯克", "BYMSQ"), ("布鲁塞尔", "BEBRU")],
)
def test_capitals_outside_the_customs_tables_are_found_by_their_chinese_names(
    reference_data: object, typed: str, locode: str
) -> None:
    assert search_places(typed, 5)[0].locode == locode


def test_a_european_capital_hit_carries_its_chinese_name(reference_data: object) -> None:
    hit = search_places("Warszawa", 5)[0]
    assert (hit.locode, hit.name_zh) == ("PLWAW", "华沙")


def test_every_chinese_name_is_chinese_and_the_cldr_ones_cite_their_zone() -> None:
    names = {row["locode"]: row for row in _rows("names-zh.csv")}
    cities = _rows("cldr-exemplar-cities-zh.csv")
    # The port table's "PRAHA" and "AMBES" are not Chinese names: left out.
    assert all(re.search(r"[\u4e00-\u9fff]", row["name_zh"]) for row in names.values())
    cited = [row for row in names.values() if row["source"].startswith("Unicode CLDR")]
    assert len(cited) > 40
    zones = {city["locode"]: city for city in cities}
    for row in cited:
        city = zones[row["locode"]]
        assert row["name_zh"] == city["name_zh"] and city["zone"] in row["source"], row
    # An earlier source keeps its name: the network's node, GACC's port table.
    assert names["HUBUD"]["source"].startswith("network nodes")
    assert names["RUVVO"]["name_zh"] == "符拉迪沃斯托克/海参葳"
    # Pinyin in place names: 都 is du and 勒 is le.
    assert names["IEDUB"]["pinyin"] == "dubolin"
    assert names["ROBUH"]["pinyin"] == "bujialesite"
