"""Declared elements (申报要素): templates per code prefix, the string composed and parsed."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from cloudcabin.reference.codes import template_for
from cloudcabin.reference.declared_elements import (
    PipeInElement,
    compose,
    elements_form,
    parse,
)
from cloudcabin.reference.loading.code_tables import load_declared_elements
from cloudcabin.reference.models import DeclaredElementsTemplate
from conftest import Tenants

SEED = Path(settings.REFERENCE_DATA_DIR) / "cn-customs/declared-elements.csv"


@pytest.fixture
def laptops(db: None) -> DeclaredElementsTemplate:
    DeclaredElementsTemplate.objects.create(
        prefix="8471", elements_zh="用途", elements_en="use", source="https://example.org/8471"
    )
    return DeclaredElementsTemplate.objects.create(
        prefix="847130",
        elements_zh="配置(系统组成部件)\n品牌(中文或外文名称)\n型号",
        elements_en="configuration (system components)\nbrand (Chinese or foreign name)\nmodel",
        source="https://example.org/847130",
    )


def test_the_string_is_brand_type_preference_then_the_elements_without_trailing_blanks() -> None:
    assert (
        compose("1", "0", ["笔记本电脑", "CQ", "CQ-Book 14", "", ""])
        == "1|0|笔记本电脑|CQ|CQ-Book 14"
    )
    assert compose("0", "2", ["", "无品牌"]) == "0|2||无品牌"
    assert compose("", "", ["", ""]) == ""


def test_a_pipe_inside_an_element_is_refused_rather_than_shifting_the_others() -> None:
    with pytest.raises(PipeInElement):
        compose("1", "0", ["a|b"])


def test_a_stored_string_is_split_back_into_the_inputs() -> None:
    assert parse("1|0|笔记本电脑||CQ-Book 14", 4) == (
        "1",
        "0",
        ["笔记本电脑", "", "CQ-Book 14", ""],
    )
    assert parse("", 2) == ("", "", ["", ""])
    text = "4|1|工业传动用|行星齿轮减速器"
    parsed = parse(text, 5)
    assert parsed is not None and compose(parsed[0], parsed[1], parsed[2]) == text


def test_a_string_longer_than_the_template_is_not_forced_into_it() -> None:
    assert parse("1|0|a|b|c", 2) is None


def test_the_longest_prefix_of_the_code_chooses_the_template(
    laptops: DeclaredElementsTemplate,
) -> None:
    found = template_for("8471309000")
    assert found is not None and found.prefix == "847130"
    other = template_for("84714100")
    assert other is not None and other.prefix == "8471"
    assert template_for("85414300") is None


def test_the_form_names_the_elements_in_the_readers_language(
    laptops: DeclaredElementsTemplate,
) -> None:
    with translation.override("zh-hans"):
        form = elements_form("84713090", "1|0|i5 16GB|CQ")
    assert form.structured and (form.brand_type, form.export_preference) == ("1", "0")
    assert [(e.name, e.value) for e in form.elements] == [
        ("配置(系统组成部件)", "i5 16GB"),
        ("品牌(中文或外文名称)", "CQ"),
        ("型号", ""),
    ]
    with translation.override("en"):
        english = elements_form("84713090", "1|0|i5 16GB|CQ")
    assert next(e.name for e in english.elements) == "configuration (system components)"
    assert elements_form("84713090", "1|0|a|b|c|d").misfit
    assert not elements_form("85414300", "1|0|光伏组件").structured


def test_every_seeded_template_cites_its_source_and_names_each_element_twice(db: None) -> None:
    with SEED.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for row in rows:
        assert re.fullmatch(r"\d{4,10}", row["prefix"]), row
        assert row["source"].startswith("http"), row
        codes = row["source_codes"].split()
        assert codes and all(code.startswith(row["prefix"]) for code in codes), row
        zh, en = row["elements_zh"].split("|"), row["elements_en"].split("|")
        assert len(zh) == len(en) and all(zh) and all(en), row
    assert load_declared_elements((SEED,)) == len(rows)
    laptop = DeclaredElementsTemplate.objects.get(prefix="847130")
    assert laptop.names_zh()[0] == "配置(系统组成部件)"
    assert laptop.source.startswith("https://")


def test_the_api_gives_the_template_of_a_code(tenants: Tenants, laptops: object) -> None:
    api = Client(headers={"X-API-Key": tenants.api_key(access="read_only")})
    response = api.get("/api/v1/reference/declared-elements/8471309000")
    assert response.status_code == 200
    body = response.json()
    assert body["prefix"] == "847130"
    assert body["elements"][2] == {"name_zh": "型号", "name_en": "model"}
    assert body["brand_types"][0] == {"code": "0", "name_zh": "无品牌", "name_en": "no brand"}
    assert [p["code"] for p in body["export_preferences"]] == ["0", "1", "2"]
    missing = api.get("/api/v1/reference/declared-elements/85414300")
    assert missing.status_code == 404
    assert missing.json()["errors"][0]["code"] == "NOT_FOUND"


def test_the_block_shows_a_templated_code_as_inputs_and_any_other_as_free_text(
    laptops: object,
) -> None:
    def block(code: str, text: str) -> str:
        context = {"i": 3, "code": code, "text": text, "flagged": ()}
        return render_to_string("reference/widgets/declared_elements.html", context)

    html = block("84713090", "1|0|i5")
    # The parts have no name: the editor composes them into the one named field.
    assert 'id="f-lines-3-declared_elements"' in html and "data-de-part" in html
    assert 'name="declared_elements" value="1|0|i5" data-de-text' in html
    assert 'value="i5"' in html and "configuration (system components)" in html
    text = block("85414300", "1|0|光伏组件|550W")
    assert 'name="declared_elements"' in text and 'value="1|0|光伏组件|550W"' in text
    assert "data-de-part" not in text
