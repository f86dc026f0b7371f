"""Evaluating the goods rules on a route: plain data in, findings out (no queries here).

A route is its ordered countries: the export country (where the goods leave), the transit
countries in the order crossed, the destination. The origin of the goods is per line. A
rule's predicate must hold in full; a transit condition on a route that is not planned
cannot be decided, and is reported as such instead of being guessed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from django.utils.translation import get_language

from cloudcabin.compliance.models.goods import GoodsEffect, GoodsRule, expand_countries
from cloudcabin.errors import Problem, problem

HS_CODE = re.compile(r"^[0-9]{4,10}$")
# The catalogue code of each effect: a block holds the shipment, the rest are notes.
CODE_OF_EFFECT = {
    GoodsEffect.BLOCK: "GOODS_BLOCKED",
    GoodsEffect.LICENCE: "GOODS_LICENCE",
    GoodsEffect.CLAUSE: "GOODS_CLAUSE",
    GoodsEffect.WARN: "GOODS_WARN",
}
# The order findings are listed in: what stops the goods first.
EFFECT_ORDER = [GoodsEffect.BLOCK, GoodsEffect.LICENCE, GoodsEffect.CLAUSE, GoodsEffect.WARN]


def compact_hs(text: str) -> str:
    """ "8542.31" / "8542 31 00" → "854231" / "85423100"; full-width digits (as typed
    with a Chinese input method) are read as the digits they are."""
    return re.sub(r"[\s.]", "", unicodedata.normalize("NFKC", text or ""))


def dotted(code: str) -> str:
    """ "854231" → "8542.31", as the tariff prints codes."""
    if len(code) <= 4:
        return code
    return ".".join([code[:4], *(code[i : i + 2] for i in range(4, len(code), 2))])


@dataclass(frozen=True)
class GoodsItem:
    """One goods line: its HS (or national) code and the country the goods originate in."""

    hs_code: str
    origin_country: str = ""
    line_no: int | None = None
    path: str = ""


@dataclass(frozen=True)
class RouteCountries:
    export_country: str
    transit: tuple[str, ...]
    destination: str
    planned: bool = True  # False: the transit countries are not known

    @classmethod
    def of(cls, countries: Sequence[str], *, planned: bool = True) -> RouteCountries:
        """From the ordered list export → … → destination (one country: a domestic move)."""
        if not countries:
            return cls("", (), "", planned)
        return cls(countries[0], tuple(countries[1:-1]), countries[-1], planned)

    @property
    def countries(self) -> list[str]:
        return [c for c in (self.export_country, *self.transit, self.destination) if c]


@dataclass(frozen=True)
class GoodsFinding:
    rule_key: str
    effect: str
    hs_code: str
    line_no: int | None
    path: str
    regime: str
    legal_ref: str
    source_url: str
    summary: str
    # The transit countries that make the rule apply: avoiding them resolves it.
    countries: tuple[str, ...] = ()

    def problem(self) -> Problem:
        return problem(
            CODE_OF_EFFECT[GoodsEffect(self.effect)],
            path=self.path,
            line=self.line_no if self.line_no is not None else "—",
            hs=dotted(self.hs_code),
            summary=self.summary,
            legal_ref=self.legal_ref,
            source=self.source_url,
        )

    def as_dict(self) -> dict[str, Any]:
        found = self.problem()
        return {
            **found.as_dict(),
            "effect": self.effect,
            "hs_code": self.hs_code,
            "line": self.line_no,
            "rule": self.rule_key,
            "regime": self.regime,
            "legal_ref": self.legal_ref,
            "source_url": self.source_url,
            "summary": self.summary,
            "countries": list(self.countries),
        }


class Verdict(Enum):
    APPLIES = "applies"
    DOES_NOT = "does not apply"
    UNDECIDED = "undecided"  # needs the transit countries of an unplanned route


def code_matches(prefix: str, code: str) -> bool:
    """Whether a rule keyed by ``prefix`` covers ``code``. A rule more precise than the
    code (a CN 8-digit rule, a 6-digit line) may cover it: counted, to be checked."""
    return code.startswith(prefix) or (len(code) >= 6 and prefix.startswith(code))


def verdict(
    rule: GoodsRule, item: GoodsItem, route: RouteCountries
) -> tuple[Verdict, tuple[str, ...]]:
    """Whether the rule's predicate holds, and the transit countries that make it hold."""
    triggers: tuple[str, ...] = ()
    undecided = False
    for key, condition in (rule.predicate or {}).items():
        for operator, values in condition.items():
            countries = expand_countries(values)
            if key == "transit":
                if not route.planned:
                    undecided = True
                    continue
                hit = tuple(dict.fromkeys(c for c in route.transit if c in countries))
                if (operator == "any") != bool(hit):
                    return Verdict.DOES_NOT, ()
                triggers += hit
                continue
            value = {
                "origin": item.origin_country,
                "export_country": route.export_country,
                "destination": route.destination,
            }[key]
            inside = bool(value) and value in countries
            if (operator == "in") != inside:
                return Verdict.DOES_NOT, ()
    return (Verdict.UNDECIDED if undecided else Verdict.APPLIES), triggers


def summary_of(rule: GoodsRule) -> str:
    language = (get_language() or "en").lower()
    return rule.summary_zh if language.startswith("zh") and rule.summary_zh else rule.summary_en


def evaluate(
    rules: Iterable[GoodsRule], items: Sequence[GoodsItem], route: RouteCountries
) -> tuple[list[GoodsFinding], bool]:
    """The findings of ``rules`` on ``items`` along ``route``, most severe first, and
    whether some rule could not be decided for want of a planned route."""
    findings: list[GoodsFinding] = []
    undecided = False
    rules = list(rules)
    # The rules a code is matched against, once per distinct code: a 200-line invoice
    # mostly repeats a few codes, and the rules number in the hundreds.
    matching: dict[str, list[GoodsRule]] = {}
    # A rule's verdict on a line depends on the line only through its origin country.
    verdicts: dict[tuple[int, str], tuple[Verdict, tuple[str, ...]]] = {}
    for item in items:
        code = compact_hs(item.hs_code)
        if not code:
            continue
        if code not in matching:
            matching[code] = [rule for rule in rules if code_matches(rule.hs_prefix, code)]
        for rule in matching[code]:
            key = (id(rule), item.origin_country)
            if key not in verdicts:
                verdicts[key] = verdict(rule, item, route)
            applies, triggers = verdicts[key]
            if applies is Verdict.UNDECIDED:
                undecided = True
            elif applies is Verdict.APPLIES:
                findings.append(
                    GoodsFinding(
                        rule_key=rule.key,
                        effect=rule.effect,
                        hs_code=code,
                        line_no=item.line_no,
                        path=item.path,
                        regime=rule.regime,
                        legal_ref=rule.legal_ref,
                        source_url=rule.source_url,
                        summary=summary_of(rule),
                        countries=triggers,
                    )
                )
    findings.sort(key=lambda f: EFFECT_ORDER.index(GoodsEffect(f.effect)))
    return findings, undecided
