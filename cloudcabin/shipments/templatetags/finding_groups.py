"""``{{ problems|grouped }}``: findings grouped by rule, for panels whose view passes a
plain list (the documents page's checks); ``{% finding_list groups %}``: the groups' list
as ``shipments/_finding_groups.html`` shows it.

The list is written in Python rather than in the template: a 200-line shipment's panel
has ~23 groups of up to ten links each, and the template's ~400 lookups a panel were
~3 ms of the shipment page's processor time. Each value is escaped by Django's
``conditional_escape``, as the template escaped it, and the words are the template's own
translations; ``shipments/tests/test_finding_list.py`` compares it with the template it
replaced.
"""

from __future__ import annotations

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext

from cloudcabin.errors import Problem
from cloudcabin.shipments.checks.grouping import Finding, FindingGroup, group_findings

register = template.Library()


@register.filter
def grouped(problems: list[Problem]) -> list[FindingGroup]:
    return group_findings(list(problems))


def _e(value: str) -> str:
    return str(conditional_escape(value))


def _link(finding: Finding) -> str:
    if finding.anchor:
        anchor = _e(finding.anchor)
        return f'<a href="#{anchor}" data-anchor="{anchor}">{_e(finding.message)}</a>'
    return _e(finding.message)


def _group(group: FindingGroup, words: dict[str, str]) -> str:
    count = group.count
    head = (
        f'<li class="finding {_e(group.severity)}{" finding-group" if count > 1 else ""}" '
        f'data-code="{_e(group.code)}" data-count="{_e(localize(count))}">\n'
        f'    <span class="badge">{words["error"] if group.is_error else words["warning"]}'
        "</span>\n    "
    )
    if count == 1:
        return f"{head}{_link(group.findings[0])}\n    \n  </li>"
    first = group.first_anchor
    title = (
        f'<a href="#{_e(first)}" data-anchor="{_e(first)}" class="group-title">'
        f"{_e(group.title)}</a>"
        if first
        else f'<span class="group-title">{_e(group.title)}</span>'
    )
    counted = (
        ngettext("%(counter)s line", "%(counter)s lines", count)
        if group.on_lines
        else ngettext("%(counter)s finding", "%(counter)s findings", count)
    ) % {"counter": _e(localize(count))}
    anchors = group.anchors
    step = (
        f'<a class="step" href="#{_e(anchors[1])}" data-step="{_e(group.steps)}" '
        f'data-testid="step-{_e(group.code)}">{words["next"]} <span class="step-at">'
        f"{gettext('1 of %(total)s') % {'total': _e(localize(len(anchors)))}}</span></a>"
        if len(anchors) > 1
        else ""
    )
    shown = "".join(f"<li>{_link(finding)}</li>" for finding in group.shown)
    hidden = (
        '<p class="muted small">'
        + ngettext(
            "… and %(counter)s more: step through them with “Next field”.",
            "… and %(counter)s more: step through them with “Next field”.",
            group.hidden,
        )
        % {"counter": _e(localize(group.hidden))}
        + "</p>"
        if group.hidden
        else ""
    )
    return (
        f"{head}{title}\n"
        f'      <span class="group-count">— {counted}</span>\n'
        f"      {step}\n"
        f'      <details class="group-items"><summary>{words["show"]}</summary>\n'
        f"        <ol>{shown}</ol>\n"
        f"        {hidden}\n"
        "      </details>\n    \n  </li>"
    )


@register.simple_tag
def finding_list(groups: list[FindingGroup]) -> SafeString:
    words = {
        "error": gettext("Error"),
        "warning": gettext("Warning"),
        "next": gettext("Next field"),
        "show": gettext("Show each"),
    }
    items = "".join(_group(group, words) for group in groups)
    return SafeString(f'<ol class="findings">\n  {items}\n</ol>\n')
