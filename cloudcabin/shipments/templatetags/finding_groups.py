"""``{{ problems|grouped }}``: findings grouped by rule, for panels whose view passes a
plain list (the documents page's checks)."""

from __future__ import annotations

from django import template

from cloudcabin.errors import Problem
from cloudcabin.shipments.checks.grouping import FindingGroup, group_findings

register = template.Library()


@register.filter
def grouped(problems: list[Problem]) -> list[FindingGroup]:
    return group_findings(list(problems))
