"""HS and place search against the loaded subset."""

from __future__ import annotations

import pytest

from cloudcabin.errors import ProblemError
from cloudcabin.reference import selectors

pytestmark = pytest.mark.usefixtures("reference_data")


def top(query: str, n: int = 3) -> list[str]:
    return [hit.code for hit in selectors.search_hs(query, limit=n)]


@pytest.mark.parametrize("query", ["solar cells", "太阳能电池", "solar panel", "光伏组件"])
def test_solar_cells_find_the_photovoltaic_subheadings(db, query):
    assert {"854142", "854143"} <= set(top(query))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("laptop", "847130"),
        ("笔记本电脑", "847130"),
        ("mobile phone", "851714"),
        ("手机", "851713"),
        ("lithium battery", "850760"),
        ("锂电池", "850760"),
        ("electric vehicle", "870380"),
        ("电动汽车", "870380"),
        ("cotton t-shirts", "610910"),
    ],
)
def test_everyday_words_find_the_tariff_subheading(db, query, expected):
    assert expected in top(query, 3)


def test_a_code_prefix_ignores_dots_and_spaces(db):
    assert top("8541.4", 10) == ["854141", "854142", "854143", "854149"]
    assert top("85 41 42", 10) == ["854142"]


def test_a_subheading_hit_carries_chinese_names(db):
    hit = selectors.search_hs("854142")[0]
    assert hit.name_zh == "未装在组件内或组装成块的光电池"


def test_a_deactivated_synonym_is_not_applied(db):
    from cloudcabin.reference.models import SearchSynonym

    SearchSynonym.objects.filter(term="laptop").update(is_active=False)
    assert "847130" not in top("laptop", 10)


def test_a_one_character_query_is_refused(db):
    with pytest.raises(ProblemError) as refused:
        selectors.search_hs("a")
    assert refused.value.problems[0].code == "QUERY_TOO_SHORT"


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Duisburg", "DEDUI"),
        ("DEDUI", "DEDUI"),
        ("de dui", "DEDUI"),
        ("Xi'an", "CNXIA"),
        ("xian", "CNXIA"),
        ("Łódź", "PLLOD"),
        ("Lodz", "PLLOD"),
        ("Bruxelles", "BEBRU"),
        ("Malaszewicze", "PLMAA"),
    ],
)
def test_place_search_finds_the_expected_place_first(db, query, first):
    assert selectors.search_places(query, limit=5)[0].locode == first


def test_lookups_raise_the_catalogue_codes_with_the_given_path(db):
    assert selectors.hs_code("8541.42").code == "854142"
    assert selectors.location("de dui").locode == "DEDUI"
    assert selectors.country("de").alpha3 == "DEU"
    assert selectors.currency("eur").numeric == "978"
    for lookup, value, code in [
        (selectors.hs_code, "999999", "HS_UNKNOWN"),
        (selectors.location, "XXXXX", "LOCODE_UNKNOWN"),
        (selectors.country, "QQ", "COUNTRY_UNKNOWN"),
        (selectors.currency, "XYZ", "CURRENCY_UNKNOWN"),
    ]:
        with pytest.raises(ProblemError) as refused:
            lookup(value, path="lines[0].x")
        assert refused.value.problems[0].code == code
        assert refused.value.problems[0].path == "lines[0].x"
