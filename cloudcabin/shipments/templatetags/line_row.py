"""``{% line_labels can_write as labels %}`` and ``{% compact_row row labels %}``: a goods
line's compact, read-only row of the shipment page's lines table.

Written in Python rather than in the rows loop: the table draws every line (200 lines,
~25 values a row), and Django's template lookups and escaping of those ~5,000 values were
~17 ms of the page's processor time. Values are escaped with the standard library's
``html.escape``, which is what ``django.utils.html.escape`` does (without its lazy-string
wrapper, the cost here); the labels are the template's own translations, trusted as the
template trusted them. ``shipments/tests/test_line_row.py`` compares it with the template
it replaced.
"""

from __future__ import annotations

from html import escape

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from cloudcabin.shipments.views.common import LineRow

register = template.Library()


@register.simple_tag
def line_labels(can_write: bool) -> dict[str, str]:
    """The compact rows' cell labels, translated once for the table."""
    return {
        "no": gettext("No."),
        "qty": gettext("quantity"),
        "kg": gettext("Net / gross kg"),
        "pk": gettext("packages"),
        "am": gettext("amount"),
        "or": gettext("Origin"),
        "st": gettext("Stowed"),
        "open": gettext("Edit") if can_write else gettext("Details"),
    }


def _flag(on: bool) -> str:
    return " flag" if on else ""


@register.simple_tag
def compact_row(row: LineRow, labels: dict[str, str]) -> SafeString:
    v, c, index = row.values, row.cells, row.index
    hs_class = ' class="flag"' if c.hs_flag else ""
    return SafeString(
        f'<tr id="line-{row.line.pk}" class="line-row line-view'
        f'{" has-flag" if row.flagged else ""}" data-index="{index}" '
        f'data-edit="{escape(c.edit_url)}">'
        f'<td id="f-lines-{index}" data-label="{labels["no"]}">{escape(v["line_no"])}</td>'
        f'<td data-label="HS"{hs_class}>'
        f"{escape(v['hs_code']) or '—'} <small>{escape(v['national_code'])}</small></td>"
        f'<td class="desc">{escape(v["description_en"])} '
        f'<span lang="zh-Hans">{escape(v["description_zh"])}</span></td>'
        f'<td class="num" data-label="{labels["qty"]}">{escape(c.quantity)}</td>'
        f'<td class="num{_flag(c.kg_flag)}" data-label="{labels["kg"]}">'
        f"{escape(v['net_kg'])} / {escape(v['gross_kg'])}</td>"
        f'<td class="num{_flag(c.packages_flag)}" data-label="{labels["pk"]}">'
        f"{escape(c.packages)}</td>"
        f'<td class="num{_flag(c.amount_flag)}" data-label="{labels["am"]}">'
        f"{escape(v['amount'])}</td>"
        f'<td data-label="{labels["or"]}">{escape(v["origin_country"])}</td>'
        f'<td class="num" data-label="{labels["st"]}">{escape(c.stowed)}</td>'
        f'<td><button type="button" class="button small" data-open-line>{labels["open"]}'
        "</button></td></tr>"
    )


@register.simple_tag
def line_options(rows: list[LineRow]) -> SafeString:
    """The stow forms' ``<option>`` of every line (its id, shown by its number): made once
    with ``{% line_options rows as line_options %}`` and printed in each container's form,
    not drawn again per container (400 options for 200 lines and 2 containers)."""
    return format_html_join(
        "", '<option value="{}">{}</option>', ((row.line.pk, row.line.line_no) for row in rows)
    )
