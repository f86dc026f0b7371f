"""Normalisation and ranking rules, on plain values (no database)."""

from __future__ import annotations

from cloudcabin.reference.ranking import (
    PlaceRow,
    Synonym,
    locode_query,
    query_variants,
    rank_hs,
    rank_places,
)
from cloudcabin.reference.text import normalise, search_key, singular


def test_place_names_lose_accents_apostrophes_and_case():
    assert search_key("Xi'an") == "xian"
    assert search_key("Łódź") == "lodz"
    assert search_key("  Malaszewicze / Małaszewicze ") == "malaszewicze malaszewicze"


def test_english_plurals_are_stripped_naively():
    assert [singular(w) for w in ["cells", "batteries", "boxes", "glass", "bus"]] == [
        "cell",
        "battery",
        "box",
        "glass",
        "bus",
    ]
    assert normalise("Solar Cells, (photo-voltaic)") == "solar cell photo voltaic"


def test_chinese_is_kept_as_typed():
    assert normalise("太阳能电池 panels") == "太阳能电池 panel"


def test_a_synonym_adds_a_variant_in_tariff_wording():
    variants = query_variants("solar cells", [Synonym("solar cell", "photovoltaic cell")])
    assert [v.phrase for v in variants] == ["solar cell", "photovoltaic cell"]


def test_a_longer_chinese_synonym_wins_over_the_one_inside_it():
    synonyms = [Synonym("太阳能电池", "光电池"), Synonym("太阳能电池板", "光电池 组件")]
    phrases = [v.phrase for v in query_variants("太阳能电池板", synonyms)]
    assert phrases == ["太阳能电池板", "光电池 组件"]


def test_own_description_outranks_a_match_only_in_national_names():
    rows = [
        ("111111", 6, "pump\nsolar cell\nmachine"),
        ("222222", 6, "solar cell\nother\nmachine"),
        ("3333", 4, "solar cell\n\nmachine"),
        ("444444", 6, "pump\nvalve\nsolar cell"),
    ]
    ranked = rank_hs(rows, query_variants("solar cell", []), 10)
    assert [code for code, _ in ranked] == ["222222", "3333", "111111"]


def test_text_that_looks_like_a_locode_is_read_as_one():
    assert locode_query("de dui") == "DEDUI"
    assert locode_query("DE-DUI") == "DEDUI"
    assert locode_query("Duisburg") is None


def test_place_ranking_puts_exact_names_first_then_busier_places():
    rows = [
        PlaceRow("XXAAA", "xiangtan", "1-3-----", "RL"),
        PlaceRow("CNXIA", "xian", "12-456--", "AS"),
        PlaceRow("XXBBB", "xian", "--3-----", "RL"),
        PlaceRow("XXCCC", "big xian harbour", "1-------", "AA"),
    ]
    assert rank_places(rows, "Xi'an", 10) == ["CNXIA", "XXBBB", "XXAAA", "XXCCC"]


def test_a_code_typed_in_capitals_beats_a_place_of_that_name():
    rows = [
        PlaceRow("BREST", "estancia", "--3-----", "AA"),
        PlaceRow("FRBES", "brest", "1234----", "AF"),
    ]
    assert rank_places(rows, "BREST", 10) == ["BREST", "FRBES"]
    assert rank_places(rows, "Brest", 10) == ["FRBES", "BREST"]
