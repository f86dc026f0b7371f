"""Goods restricted on the route: a rule table an operator maintains.

A rule names an HS prefix (chapter to national code; empty for every code), a predicate
over the route's countries (origin of the goods, export country, the ordered transit
countries, destination), an effect (block, licence needed, contract clause, warn), the
legal reference and the source it comes from, and the dates it is valid. The seed rows
come from ``compliance/data/goods`` (``load_goods_rules``); an operator edits, adds or
ends rules in the admin. Rules are reference data shared by every organization.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cloudcabin.reference.models.base import StampingQuerySet
from cloudcabin.reference.selectors import eu_member_states

# Named country groups a predicate may use besides ISO codes. EU: the member states on
# the day (reference's code list). ANNEX_VIII: the partner countries of Annex VIII to
# Reg. (EU) 833/2014, to which Art. 12g's clause does not apply.
COUNTRY_GROUPS: dict[str, Callable[[], frozenset[str]]] = {
    "EU": eu_member_states,
    "ANNEX_VIII": lambda: frozenset({"US", "JP", "GB", "KR", "AU", "CA", "NZ", "NO", "CH"}),
}
# predicate key → the operators it accepts
PREDICATE_KEYS: dict[str, tuple[str, ...]] = {
    "origin": ("in", "not_in"),
    "export_country": ("in", "not_in"),
    "transit": ("any", "none"),
    "destination": ("in", "not_in"),
}


class GoodsEffect(models.TextChoices):
    BLOCK = "block", _("block")
    LICENCE = "licence", _("licence needed")
    CLAUSE = "clause", _("contract clause")
    WARN = "warn", _("warn")


def expand_countries(values: list[str]) -> frozenset[str]:
    """ISO codes and group names → the set of ISO codes."""
    found: set[str] = set()
    for value in values:
        group = COUNTRY_GROUPS.get(value)
        found |= group() if group is not None else {value}
    return frozenset(found)


def predicate_problems(predicate: Any) -> list[str]:
    """What is wrong with a predicate, in words for the admin (empty: it is valid)."""
    if not isinstance(predicate, dict):
        return [gettext("The predicate must be an object.")]
    wrong: list[str] = []
    for key, condition in predicate.items():
        operators = PREDICATE_KEYS.get(key)
        if operators is None:
            wrong.append(gettext("Unknown key “%(key)s”.") % {"key": key})
            continue
        if not isinstance(condition, dict) or not condition:
            condition = {"": None}
        for operator, countries in condition.items():
            if operator not in operators or not (
                isinstance(countries, list)
                and all(
                    isinstance(c, str) and (c in COUNTRY_GROUPS or (len(c) == 2 and c.isupper()))
                    for c in countries
                )
            ):
                wrong.append(
                    gettext(
                        "“%(key)s” takes %(operators)s with a list of ISO country codes or "
                        "the groups EU and ANNEX_VIII."
                    )
                    % {"key": key, "operators": " / ".join(operators)}
                )
    return wrong


class GoodsRuleQuerySet(StampingQuerySet["GoodsRule"]):
    """``update()`` moves ``updated_at``: the processes' copies of the rules
    (``goods.selectors.all_rules``) are keyed on it."""

    def valid_on(self, day: date) -> GoodsRuleQuerySet:
        return self.filter(Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class GoodsRule(models.Model):
    # A stable key: the seed loader updates the row with the same key, never duplicates it.
    key = models.SlugField(_("key"), max_length=80, unique=True)
    hs_prefix = models.CharField(
        _("HS prefix"),
        max_length=10,
        blank=True,
        help_text=_("2 to 10 digits; empty for every code."),
    )
    regime = models.CharField(_("regime"), max_length=120)
    list_ref = models.CharField(_("list"), max_length=120, blank=True)
    predicate = models.JSONField(
        _("route predicate"),
        default=dict,
        blank=True,
        help_text=_(
            'All must hold. Keys: origin, export_country, destination ({"in": [...]} or '
            '{"not_in": [...]}) and transit ({"any": [...]} or {"none": [...]}); values are '
            "ISO codes or the groups EU and ANNEX_VIII."
        ),
    )
    effect = models.CharField(_("effect"), max_length=10, choices=GoodsEffect.choices)
    summary_en = models.TextField(_("summary (English)"))
    summary_zh = models.TextField(_("summary (Chinese)"), blank=True)
    legal_ref = models.CharField(_("legal reference"), max_length=300)
    source_url = models.URLField(_("source"), max_length=500)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    # Where the row came from: a seed file name, or empty when an operator added it.
    seed = models.CharField(_("seed file"), max_length=100, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = GoodsRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("goods rule")
        verbose_name_plural = _("goods rules")
        ordering = ["hs_prefix", "key"]
        indexes = [models.Index(fields=["hs_prefix"], name="goods_rule_hs_prefix")]

    def __str__(self) -> str:
        return f"{self.key} ({self.hs_prefix or '*'} → {self.effect})"

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.hs_prefix and not re.fullmatch(r"[0-9]{2,10}", self.hs_prefix):
            errors["hs_prefix"] = [str(_("2 to 10 digits; empty for every code."))]
        if wrong := predicate_problems(self.predicate):
            errors["predicate"] = wrong
        if self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = [str(_("The end date is before the start date."))]
        if errors:
            raise ValidationError(errors)
