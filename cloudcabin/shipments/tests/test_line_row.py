"""``{% compact_row %}`` draws a goods line's compact row exactly as the rows loop of
``_line_rows.html`` it replaced did, escaped the same way, in both languages; the rows'
addresses and the stow forms' options."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils.translation import override

from cloudcabin.shipments.models import GoodsLine
from cloudcabin.shipments.views.common import Cells, LineRow, line_row_urls

HOSTILE = "\"><script>alert(1)</script>&amp;'<b>"

# The compact row of the rows loop the tag replaced (before 1 Dec 2026), verbatim.
LOOP = Template(
    """{% load i18n %}{% translate "No." as l_no %}{% translate "quantity" as l_qty %}{% translate "Net / gross kg" as l_kg %}{% translate "packages" as l_pk %}{% translate "amount" as l_am %}{% translate "Origin" as l_or %}{% translate "Stowed" as l_st %}{% if can_write %}{% translate "Edit" as l_open %}{% else %}{% translate "Details" as l_open %}{% endif %}{% for row in rows %}{% if row.editing %}{% else %}{% with v=row.values c=row.cells %}<tr id="line-{{ row.line.pk }}" class="line-row line-view{% if row.flagged %} has-flag{% endif %}" data-index="{{ row.index }}" data-edit="{{ c.edit_url }}"><td id="f-lines-{{ row.index }}" data-label="{{ l_no }}">{{ v.line_no }}</td><td data-label="HS"{% if c.hs_flag %} class="flag"{% endif %}>{{ v.hs_code|default:"—" }} <small>{{ v.national_code }}</small></td><td class="desc">{{ v.description_en }} <span lang="zh-Hans">{{ v.description_zh }}</span></td><td class="num" data-label="{{ l_qty }}">{{ c.quantity }}</td><td class="num{% if c.kg_flag %} flag{% endif %}" data-label="{{ l_kg }}">{{ v.net_kg }} / {{ v.gross_kg }}</td><td class="num{% if c.packages_flag %} flag{% endif %}" data-label="{{ l_pk }}">{{ c.packages }}</td><td class="num{% if c.amount_flag %} flag{% endif %}" data-label="{{ l_am }}">{{ v.amount }}</td><td data-label="{{ l_or }}">{{ v.origin_country }}</td><td class="num" data-label="{{ l_st }}">{{ c.stowed }}</td><td><button type="button" class="button small" data-open-line>{{ l_open }}</button></td></tr>{% endwith %}{% endif %}{% endfor %}"""  # noqa: E501
)
TAG = Template(
    "{% load line_row %}{% line_labels can_write as labels %}{% for row in rows %}"
    "{% compact_row row labels %}{% endfor %}"
)


def _row(index: int, value: str, *, flags: bool) -> LineRow:
    values = {
        name: value
        for name in (
            "line_no",
            "hs_code",
            "national_code",
            "description_en",
            "description_zh",
            "net_kg",
            "gross_kg",
            "amount",
            "origin_country",
        )
    }
    return LineRow(
        index=index,
        line=GoodsLine(pk=40 + index, packages=20),
        values=values,
        cells=Cells(
            quantity=f"600 {value}",
            packages=f"20 {value}",
            stowed="3/20",
            edit_url=f"/shipments/1/lines/{40 + index}/row/?edit=1&x={value}",
            hs_flag=flags,
            kg_flag=flags,
            packages_flag=flags,
            amount_flag=flags,
        ),
        flagged={"hs_code"} if flags else set(),
    )


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("can_write", [True, False])
def test_a_compact_row_is_drawn_as_the_rows_loop_drew_it(language: str, can_write: bool) -> None:
    rows = [
        _row(0, HOSTILE, flags=True),
        _row(1, "854143", flags=False),
        _row(2, "", flags=True),  # an empty HS code shows a dash
        replace(_row(3, "光伏组件 第3批", flags=False), index=3),
    ]
    with override(language):
        context = {"rows": rows, "can_write": can_write}
        drawn = TAG.render(Context(context))
        assert drawn == LOOP.render(Context(context))
    assert "<script>" not in drawn
    assert drawn.count("<tr ") == 4 and "—" in drawn


@pytest.mark.parametrize("shipment_id", [1, 10, 2**62 - 1])
def test_a_line_rows_address_is_the_one_reverse_gives_for_the_line(shipment_id: int) -> None:
    row_url = line_row_urls(shipment_id)
    for line_id in (1, 10, 11, 2**62 - 1):
        assert row_url(line_id) == reverse("shipments:line_row", args=[shipment_id, line_id])


def test_the_stow_forms_options_list_every_line_by_its_number() -> None:
    rows = [_row(index, "x", flags=False) for index in range(3)]
    for index, row in enumerate(rows):
        row.line.line_no = index + 1
    drawn = Template("{% load line_row %}{% line_options rows as o %}[{{ o }}]").render(
        Context({"rows": rows})
    )
    assert drawn == (
        '[<option value="40">1</option><option value="41">2</option><option value="42">3</option>]'
    )
