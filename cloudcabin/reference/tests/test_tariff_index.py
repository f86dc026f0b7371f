"""The in-memory tariff index scores as the HS search does, on the loaded subset."""

from __future__ import annotations

import pytest

from cloudcabin.reference.models import HsCode, HsLevel
from cloudcabin.reference.ranking import query_variants, score_hs
from cloudcabin.reference.selectors import active_synonyms
from cloudcabin.reference.tariff_fit import short_label
from cloudcabin.reference.tariff_index import CONTENDER_SHARE, TariffIndex

pytestmark = pytest.mark.usefixtures("reference_data")

TEXTS = [
    "Suspension control arms for passenger cars",
    "乘用车悬架控制臂",
    "Monocrystalline photovoltaic modules, 550 W",
    "单晶硅光伏组件 550W",
    "Laptop computers, 14 inch",
    "Brake parts",
    "Auto part 17",
    "cotton t-shirts",
    "马",
    "Wrist-watches, quartz",
]


@pytest.fixture
def rows(db):
    subheadings = HsCode.objects.filter(level=HsLevel.SUBHEADING).order_by("code")
    return list(subheadings.values_list("code", "description", "search_text"))


def searched(rows, text: str) -> dict[str, float]:
    variants = query_variants(text, active_synonyms())
    scores = {code: score_hs(search_text, 6, variants) for code, _, search_text in rows}
    return {code: score for code, score in scores.items() if score > 0}


@pytest.mark.parametrize("text", TEXTS)
def test_the_index_gives_every_subheading_the_score_of_the_search(rows, text):
    assert TariffIndex(rows, active_synonyms()).scores(text) == searched(rows, text)


@pytest.mark.parametrize(
    ("texts", "hs6"),
    [
        (("Suspension control arms for passenger cars", "乘用车悬架控制臂"), "870899"),
        (("Brake parts", "制动器零件"), "870899"),
        (("Auto part 17",), "854143"),
        (("Photovoltaic modules", "光伏组件"), "854143"),
    ],
)
def test_a_fit_skips_only_subheadings_that_cannot_be_among_the_best(rows, texts, hs6):
    combined: dict[str, float] = {}
    for text in texts:
        for code, score in searched(rows, text).items():
            combined[code] = combined.get(code, 0.0) + score
    best = max(combined.values())
    fit = TariffIndex(rows, active_synonyms()).fit(hs6, texts)
    assert fit is not None
    assert fit.best_score == pytest.approx(best)
    assert fit.own_score == pytest.approx(combined.get(hs6, 0.0))
    assert {r.code for r in fit.readings} == {
        code for code, score in combined.items() if score >= CONTENDER_SHARE * best
    }


@pytest.mark.parametrize(
    "texts",
    [
        ("Suspension control arms for passenger cars", "乘用车悬架控制臂"),
        ("Goods item 7", "货物 7"),
        ("控制臂",),
        ("Brake parts",),
    ],
)
def test_a_floor_changes_nothing_but_leaves_out_weaker_fits(rows, texts):
    index = TariffIndex(rows, active_synonyms())
    full = index.fit("870899", texts)
    assert full is not None
    for floor in (4.5, 10.0):
        floored = index.fit("870899", texts, floor=floor)
        assert floored == (full if full.best_score >= floor else None)


def test_a_text_without_tariff_words_has_no_fit(rows):
    assert TariffIndex(rows, active_synonyms()).fit("854143", ("Фотоэлектрические модули",)) is None


def test_a_label_drops_notes_and_thereof_and_long_texts_end_at_a_word():
    assert (
        short_label(
            "Vehicle parts; suspension systems and parts thereof (including shock-absorbers)"
        )
        == "Vehicle parts; suspension systems and parts"
    )
    label = short_label("Parts; " + "very long words " * 20)
    assert len(label) <= 120
    assert label.endswith("words…")
