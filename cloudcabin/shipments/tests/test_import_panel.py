"""A 200-line import leaves one banner, and the check panel groups its findings by rule."""

from __future__ import annotations

import io
import re
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cloudcabin.errors import Problem, Severity
from cloudcabin.reference.tests.conftest import reference_data, reference_subset_dir  # noqa: F401
from cloudcabin.shipments.checks.grouping import SHOWN_PER_GROUP, group_findings
from cloudcabin.shipments.models import GoodsLine, Shipment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]

HEADER = [
    "序号 No.",
    "商品编码 HS Code",
    "品名 Description",
    "英文品名 English Description",
    "数量 Qty",
    "单位 Unit",
    "件数 CTNS",
    "净重 N.W.(KG)",
    "毛重 G.W.(KG)",
    "单价 Unit Price",
    "总价 Amount",
    "原产国 Origin",
]


def two_hundred_lines():
    """200 goods lines in four containers: a subtotal after each of the first three
    hundred-line blocks would be odd, so: subtotals after lines 70 and 140, the total last."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["装箱单 PACKING LIST"])
    sheet.append(HEADER)
    for number in range(1, 201):
        sheet.append(
            [number, "8708301000", "汽车刹车片", "Brake pads", 10, "SETS", 1, 9, 10, 2, 20, "中国"]
        )
        if number in (70, 140):
            sheet.append([None, None, "小计 SUBTOTAL", None, 700, None, 70, 630, 700, None, 1400])
    sheet.append([None, None, "合计 TOTAL", None, 2000, None, 200, 1800, 2000, None, 4000])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_200_line_import_leaves_one_banner_and_findings_grouped_by_rule(
    owner: Client, shipment: Shipment, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("装箱单.xlsx", two_hundred_lines())
    url = owner.post(reverse("shipments:import", args=[shipment.pk]), {"file": upload})["Location"]
    page = owner.get(url)
    assert page.context["skipped"].totals == [(73, "小计 SUBTOTAL"), (144, "小计 SUBTOTAL"),
                                              (205, "合计 TOTAL")]  # fmt: skip
    assert 'data-testid="import-total-rows"' in page.content.decode()
    mapping = {key: value for key, value in page.context["form"].initial.items() if value}
    response = owner.post(url, mapping | {"action": "import"}, follow=True)

    assert GoodsLine.objects.filter(shipment=shipment).count() == 200
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1
    assert messages[0].startswith("Imported 200 lines. 3 total rows skipped (rows 73, 144, 205).")
    body = response.content.decode()
    panel = body[body.index('id="check-panel"') : body.index('id="totals"')]
    # No declared elements in the file: one entry for the 200 lines that lack them,
    # counted, linked to the first line's field, and stepping on to the second.
    group = re.search(r'<li class="finding error finding-group" data-code="DEC_ELEMENTS_MISSING"'
                      r' data-count="200">.*?</details>', panel, re.S)  # fmt: skip
    assert group is not None
    entry = group.group(0)
    assert "The declared elements (规格型号) are missing" in entry
    assert "— 200 lines" in entry
    assert 'href="#f-lines-0-declared_elements" data-anchor="f-lines-0-declared_elements"' in entry
    assert 'class="step" href="#f-lines-1-declared_elements"' in entry
    # The step goes through every line, written as a range of lines.
    assert 'data-step="f-lines-#-declared_elements 0-199"' in entry
    assert entry.count("<li>") == SHOWN_PER_GROUP
    assert "… and 190 more" in entry
    # Every finding of a rule is in its one entry: far fewer entries than findings.
    entries = re.findall(r'<li class="finding (?:error|warning)', panel)
    codes = re.findall(r'data-code="(\w+)"', panel)
    assert len(entries) == len(codes) == len(set(codes)) < 20
    assert "data-errors-only" in panel


def test_a_rule_found_once_keeps_its_own_message_and_link(owner: Client, shipment: Shipment):
    body = owner.get(reverse("shipments:detail", args=[shipment.pk])).content.decode()
    panel = body[body.index('id="check-panel"') : body.index('id="totals"')]
    for code in re.findall(r'data-code="(\w+)" data-count="1"', panel):
        assert "finding-group" not in panel.split(f'data-code="{code}"')[0].rsplit("<li", 1)[1]


def problem_at(code: str, path: str, message: str, severity=Severity.ERROR) -> Problem:
    return Problem(code=code, severity=severity, path=path, message=message)


def test_groups_put_errors_first_and_name_the_rule_without_its_line():
    problems = [
        problem_at("HS_DESCRIPTION_MISMATCH", "lines[0].description_en", "Line 1: …",
                   Severity.WARNING),
        problem_at("HS_MISSING", "lines[1].hs_code", "Line 2: the HS code is missing."),
        problem_at("HS_MISSING", "lines[4].hs_code", "Line 5: the HS code is missing."),
        problem_at("INCOTERM_MISSING", "incoterm", "Choose an Incoterms 2020 rule."),
    ]  # fmt: skip
    groups = group_findings(problems, lambda path: "f-" + path)
    assert [(g.code, g.count, g.on_lines) for g in groups] == [
        ("HS_MISSING", 2, True),
        ("INCOTERM_MISSING", 1, False),
        ("HS_DESCRIPTION_MISMATCH", 1, True),
    ]
    assert groups[0].title == "The HS code is missing"
    assert groups[0].anchors == ["f-lines[1].hs_code", "f-lines[4].hs_code"]
    assert groups[0].steps == "f-lines[1].hs_code f-lines[4].hs_code"
    assert groups[1].title == "Choose an Incoterms 2020 rule."


def test_a_group_title_in_chinese_drops_the_line_number_too():
    from django.utils import translation

    problems = [problem_at("HS_MISSING", f"lines[{i}].hs_code", "…") for i in range(3)]
    with translation.override("zh-hans"):
        title = group_findings(problems)[0].title
    assert title == "缺少 HS 编码"  # from the line-numbered Chinese message


def test_the_lines_a_group_steps_through_are_written_as_ranges():
    problems = [problem_at("NET_GT_GROSS", f"lines[{i}].net_kg", "…") for i in (0, 1, 2, 5, 7, 8)]
    group = group_findings(problems, lambda path: "f-" + path.replace("[", "-").replace("].", "-"))[
        0
    ]
    assert group.steps == "f-lines-#-net_kg 0-2 5 7-8"


def test_a_rule_whose_message_names_values_has_a_title_of_its_own():
    problems = [
        problem_at("PACKAGES_NOT_STOWED", f"lines[{i}].packages", f"Line {i + 1}: 0 of 5 …")
        for i in range(3)
    ]
    assert group_findings(problems)[0].title == "Packages not all stowed in containers"
