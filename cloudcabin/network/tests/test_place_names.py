"""The quote finds places however they are typed, and shows them in the page's language."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from cloudcabin.network import names
from cloudcabin.network.selectors import current_network, match_nodes, resolve_place

CURLY = "Xi\u2019an"  # the apostrophe the place field's placeholder shows
pytestmark = pytest.mark.usefixtures("network")
QUERY = {
    "destination": "DEDUI",
    "container_count": "1",
    "size_type": "40",
    "ready_date": "2026-12-01",
    "objective": "fastest",
}


@pytest.mark.parametrize(
    ("typed", "locode"),
    [
        ("Xian", "CNXIA"),
        (CURLY, "CNXIA"),
        ("xi an", "CNXIA"),
        ("西安", "CNXIA"),
        ("xian", "CNXIA"),
        ("Lodz", "PLLOD"),
        ("ŁÓDŹ", "PLLOD"),
        ("杜伊斯堡", "DEDUI"),
        ("duyisibao", "DEDUI"),
        ("Alashankou", "CNAKL"),
        ("Alataw Pass", "CNAKL"),
    ],
)
def test_a_place_resolves_from_any_spelling(typed, locode):
    assert resolve_place(typed, path="origin").locode == locode


def test_a_partial_name_is_only_a_suggestion_never_a_resolution():
    assert [node.locode for node in match_nodes("Duis", current_network())] == ["DEDUI"]
    assert match_nodes("Duis", current_network(), partial=False) == []


@pytest.mark.parametrize("origin", ["Xian", CURLY, "西安"])
def test_the_quote_finds_routes_from_xian_however_it_is_typed(origin):
    html = Client().get(reverse("network:quote"), {**QUERY, "origin": origin}).content.decode()

    assert 'data-testid="route-option"' in html
    assert "PLACE_UNKNOWN" not in html


def test_the_quote_finds_routes_to_lodz_and_to_duisburg_in_chinese():
    for destination in ("Lodz", "杜伊斯堡"):
        query = {**QUERY, "origin": "Xian", "destination": destination}
        html = Client().get(reverse("network:quote"), query).content.decode()
        assert 'data-testid="route-option"' in html, destination


@pytest.mark.parametrize(
    ("typed", "locode"),
    [
        ("xian", "CNXIA"),
        (CURLY, "CNXIA"),
        ("lodz", "PLLOD"),
        ("杜伊", "DEDUI"),
        ("duyi", "DEDUI"),
    ],
)
def test_the_place_suggestions_match_without_accents_apostrophes_or_latin(typed, locode):
    response = Client().get(reverse("network:places_suggest"), {"field": "origin", "origin": typed})

    assert f'data-value="{locode}"' in response.content.decode()


def test_the_chinese_interface_names_the_route_in_chinese():
    client = Client()
    client.cookies["cloudcabin_language"] = "zh-hans"

    html = client.get(reverse("network:quote"), {**QUERY, "origin": "西安"}).content.decode()

    heading = re.search(r"<h2>1\. (.*?)</h2>", html)
    assert heading is not None
    assert heading.group(1).startswith("西安 → ") and heading.group(1).endswith(" → 杜伊斯堡")
    assert '<span data-testid="border">阿拉山口 - 多斯特克</span>' in html


def test_the_english_interface_keeps_the_english_names():
    html = Client().get(reverse("network:quote"), {**QUERY, "origin": "西安"}).content.decode()

    assert "Xi&#x27;an →" in html and "杜伊斯堡 →" not in html


def test_display_name_follows_the_active_language():
    with translation.override("zh-hans"):
        assert names.display_name("Duisburg", "杜伊斯堡") == "杜伊斯堡"
        assert names.display_name("Kars", "") == "Kars"
        assert names.node_name("PLLOD") == "罗兹"
    with translation.override("en"):
        assert names.display_name("Duisburg", "杜伊斯堡") == "Duisburg"
        assert names.node_name("PLLOD") == "Łódź"
