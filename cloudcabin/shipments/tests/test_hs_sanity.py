"""HS code sanity: national codes in the China tariff, descriptions that fit their code.

Facts come from the reference subset (chapters 01, 61, 84, 85, 87, 91) through
``reference_facts``, as on a page; the rules themselves stay pure.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cloudcabin.reference.models import SearchSynonym
from cloudcabin.reference.tariff_fit import HsFit, Reading
from cloudcabin.reference.tests.conftest import reference_data, reference_subset_dir  # noqa: F401
from cloudcabin.shipments.checks.context import ShipmentView
from cloudcabin.shipments.checks.rules import run_rules
from cloudcabin.shipments.selectors import reference_facts, tariff_index
from cloudcabin.shipments.tests.factories import FACTS, a_clean_view, a_line

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]


def checked(view: ShipmentView):
    return run_rules(view, reference_facts(view))


def with_line(**fields: Any) -> ShipmentView:
    """A clean view with one line; no containers, and no crossings outside the subset."""
    view = a_clean_view()
    view.lines = [a_line(**fields)]
    view.containers, view.stowage = [], []
    view.shipment.border_crossings = ["KZDOS", "PLMAA"]
    return view


def mismatches(view: ShipmentView):
    return [p for p in checked(view) if p.code == "HS_DESCRIPTION_MISMATCH"]


# --- national codes ------------------------------------------------------------------------


@pytest.mark.parametrize("national_code", ["87089998", "8708999810"])
def test_a_national_code_not_in_the_china_tariff_is_an_error_naming_the_line(national_code):
    view = with_line(
        line_no=2,
        description_en="Brake discs for motor vehicles",
        description_zh="汽车制动盘",
        hs_code="870830",
        national_code=national_code.replace("870899", "870830"),
    )
    [found] = [p for p in checked(view) if p.code == "NATIONAL_CODE_UNKNOWN"]
    assert (found.severity, found.path) == ("error", "lines[0].national_code")
    assert found.message == "Line 2: 8708.30.98 is not in the China tariff."


@pytest.mark.parametrize("national_code", ["85414300", "8541430000"])
def test_a_national_code_in_the_tariff_passes_with_8_or_10_digits(national_code):
    assert checked(with_line(national_code=national_code)) == []


def test_a_national_code_outside_its_subheading_is_a_mismatch_not_also_unknown():
    codes = [p.code for p in checked(with_line(national_code="87089999"))]
    assert codes == ["NATIONAL_CODE_MISMATCH"]


# --- descriptions and codes ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("description_en", "description_zh"),
    [
        ("Control arms for passenger cars", ""),
        ("Suspension control arms", ""),
        ("Suspension control arms for passenger cars", "乘用车悬架控制臂"),  # the demo's line
    ],
)
def test_control_arms_coded_8708_99_are_warned_to_read_like_8708_80(description_en, description_zh):
    view = with_line(
        line_no=3,
        description_en=description_en,
        description_zh=description_zh,
        hs_code="870899",
        national_code="87089999",
    )
    [found] = mismatches(view)
    assert (found.severity, found.path) == ("warning", "lines[0].hs_code")
    assert found.message == (
        f"Line 3: “{description_en}” reads like 8708.80 "
        "(Vehicle parts; suspension systems and parts), not 8708.99; check the code."
    )
    assert [p.code for p in checked(view)] == ["HS_DESCRIPTION_MISMATCH"]


def test_a_chinese_only_description_is_checked_too():
    view = with_line(description_en="", description_zh="控制臂", hs_code="870899", national_code="")
    [found] = mismatches(view)
    assert found.message == (
        "Line 1: “控制臂” reads like 8708.80 (Vehicle parts; suspension systems and parts), "
        "not 8708.99; check the code."
    )


def test_a_suggestion_in_the_lines_own_heading_wins_a_tie():
    # "Brake parts" reads as well like 8607.21 (railway brakes) in the full tariff.
    [found] = mismatches(with_line(description_en="Brake parts", hs_code="870899"))
    assert (
        "reads like 8708.30 (Vehicle parts; brakes, servo-brakes and parts), not 8708.99"
        in found.message
    )


@pytest.mark.parametrize(
    ("description_en", "description_zh", "hs_code"),
    [
        ("Photovoltaic modules", "光伏组件", "854143"),
        ("Monocrystalline photovoltaic modules, 550 W", "单晶硅光伏组件 550W", "854143"),
        ("Monocrystalline photovoltaic modules 550 W", "单晶硅光伏组件", "854143"),
        ("Solar modules", "", "854143"),
        ("Solar cells", "太阳能电池", "854142"),
        ("Laptop computers, 14 inch", "笔记本电脑 14英寸", "847130"),
        ("Laptop computers", "", "847130"),
        ("Docking stations", "", "847160"),
        ("Brake discs for motor vehicles", "汽车制动盘", "870830"),
        ("Brake pads for cars", "刹车片", "870830"),
        ("Brake parts", "制动器零件", "870830"),
        ("Suspension control arms for passenger cars", "乘用车悬架控制臂", "870880"),
        ("Auto parts", "汽车配件", "870899"),
        ("Cotton T-shirts, knitted", "棉制针织T恤衫", "610910"),
        ("Фотоэлектрические модули", "", "854143"),  # no English or Chinese words: no opinion
    ],
)
def test_the_demo_and_test_goods_read_like_their_own_codes(description_en, description_zh, hs_code):
    view = with_line(
        description_en=description_en,
        description_zh=description_zh,
        hs_code=hs_code,
        national_code="",
    )
    assert mismatches(view) == []


def test_descriptions_are_scored_without_a_query_per_line():
    def queries(lines: int) -> int:
        view = a_clean_view()
        view.lines = [
            a_line(n, description_en=f"Brake discs type {n}", hs_code="870830", national_code="")
            for n in range(1, lines + 1)
        ]
        with CaptureQueriesContext(connection) as captured:
            reference_facts(view)
        return len(captured)

    queries(1)  # builds the index once
    assert queries(1) == queries(50)


def test_the_index_is_built_again_when_the_synonyms_change():
    first = tariff_index()
    assert tariff_index() is first
    synonym = SearchSynonym.objects.get(term="控制臂")
    synonym.is_active = False
    synonym.save()
    assert tariff_index() is not first
    view = with_line(description_en="", description_zh="控制臂", hs_code="870899", national_code="")
    assert mismatches(view) == []


# --- the rule's thresholds, on made-up fits --------------------------------------------------


def fits(own_score: float, best_score: float, *codes: str) -> tuple[ShipmentView, HsFit]:
    """A clean view whose one line (854143) has the given fit; its findings go to FACTS."""
    return a_clean_view(), HsFit(
        own_score=own_score,
        best_score=best_score,
        readings=tuple(Reading(code, best_score, "label") for code in codes),
    )


@pytest.mark.parametrize(
    ("own_score", "best_score", "codes", "flagged"),
    [
        (1.0, 4.5, ("854142",), True),
        (1.0, 4.4, ("854142",), False),  # too weak a reading
        (3.0, 8.4, ("854142",), True),
        (3.0, 8.3, ("854142",), False),  # not 2.8 times the own code's score
        (0.0, 9.0, ("854142", "854143"), False),  # the own code is as good a reading
        (0.0, 9.0, ("854142", "847130"), True),  # the own heading's reading is suggested
        (0.0, 9.0, ("847130", "870899"), False),  # two other headings: no better code
        (0.0, 9.0, ("870829", "870899"), True),  # one other heading
    ],
)
def test_a_warning_needs_a_strong_clearly_better_unambiguous_reading(
    own_score, best_score, codes, flagged
):
    view, fit = fits(own_score, best_score, *codes)
    line = view.lines[0]
    key = (line.hs_code, line.description_en, line.description_zh)
    found = run_rules(view, dataclasses.replace(FACTS, hs_fits={key: fit}))
    assert [p.code for p in found] == (["HS_DESCRIPTION_MISMATCH"] if flagged else [])
    if flagged:
        assert f"reads like {codes[0][:4]}.{codes[0][4:]} (label), not 8541.43" in found[0].message
