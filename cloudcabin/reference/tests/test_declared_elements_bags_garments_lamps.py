"""The declared-elements seed for bags (42), garments (61) and lamps (94): rows read from a
stored page each, loaded by the same loader, and offered as inputs for a line's code."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from cloudcabin.reference.codes import template_for
from cloudcabin.reference.declared_elements import elements_form
from cloudcabin.reference.loading.code_tables import load_declared_elements

SEED = Path(settings.REFERENCE_DATA_DIR) / "cn-customs/declared-elements.csv"
LEATHER_BRIEFCASE = "4202119090"  # 其他以皮革或再生皮革作面的箱包


@pytest.fixture
def seeded(db: None) -> None:
    load_declared_elements((SEED,))


def test_the_seed_has_templates_for_bags_garments_and_lamps_each_from_its_page() -> None:
    with SEED.open(encoding="utf-8") as handle:
        rows = {row["prefix"]: row for row in csv.DictReader(handle)}
    assert {"4202119090", "6103490023", "9405210010"} <= set(rows)
    for prefix in ("4202119090", "6103490023", "9405210010"):
        assert rows[prefix]["source"].startswith("http")
        # Brand type and export preference are the pickers, never template elements.
        assert not rows[prefix]["elements_zh"].startswith(("品牌类型", "出口享惠情况"))


def test_a_leather_briefcase_line_gets_the_bag_template(seeded: None) -> None:
    found = template_for(LEATHER_BRIEFCASE)
    assert found is not None and found.prefix == LEATHER_BRIEFCASE
    assert found.names_zh[0] == "种类(衣箱、提箱、小手袋等)"
    assert found.names_zh[1].startswith("表面材质及成分含量")
    with translation.override("en"):
        form = elements_form(LEATHER_BRIEFCASE, "1|0|公文包|牛皮100%")
    assert form.structured
    assert [(e.name, e.value) for e in form.elements[:2]] == [
        ("kind (trunk, suitcase, vanity case etc.)", "公文包"),
        (
            "outer surface material and content (for leather or composition leather, "
            "the kind of leather)",
            "牛皮100%",
        ),
    ]
    # Another code under the same 8 digits was not read: it keeps free text.
    assert template_for("4202119010") is None


def test_the_line_editor_shows_the_bag_elements_as_inputs_in_chinese(seeded: None) -> None:
    context = {"i": 0, "code": LEATHER_BRIEFCASE, "text": "1|0|公文包", "flagged": ()}
    with translation.override("zh-hans"):
        html = render_to_string("reference/widgets/declared_elements.html", context)
    assert "data-de-part" in html and "种类(衣箱、提箱、小手袋等)" in html
    assert 'value="公文包"' in html
