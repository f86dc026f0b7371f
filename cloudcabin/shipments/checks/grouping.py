"""Findings grouped by rule, for the check panels: "Declared elements missing — 37 lines".

After an import of hundreds of lines the same rule fires on many of them; a list of each
finding is unreadable, so the panels show one entry per rule with its count, a link to
its first field and the anchors to step through the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from cloudcabin.errors import CATALOGUE, Problem, Severity

# Each group lists at most this many findings by name; the rest are stepped through.
SHOWN_PER_GROUP = 10
_PLACEHOLDER = re.compile(r"\{\w+\}")
_LINE_PATH = re.compile(r"^lines\[\d+\]\.")
_LINE_ANCHOR = re.compile(r"^f-lines-(\d+)-(\w+)$")
# "Line {line}: " in English, "第 {line} 项" and a full-width colon in Chinese: the part
# that names one line.
_LINE_PREFIX = re.compile(r"^[^:\uff1a]*\{line\}[^:\uff1a]*[:\uff1a]\s*")


# The rule in general words, where its message names values beyond the line; the other
# rules' titles come from their catalogue message (see FindingGroup.title).
GROUP_TITLES = {
    "AMOUNT_MISMATCH": _("Amount is not quantity × unit price"),
    "COUNTRY_UNKNOWN": _("Not an ISO 3166 country code"),
    "DEC_CIQ_CHOOSE": _("CIQ code (检验检疫编码) to pick"),
    "DEC_CIQ_MISSING": _("CIQ code (检验检疫编码) missing"),
    "DEC_CIQ_UNKNOWN": _("CIQ code not listed for the tariff code"),
    "DEC_CODE_TS_CHOOSE": _("10-digit commodity code to pick"),
    "DEC_CODE_TS_MISSING": _("10-digit commodity code missing"),
    "DEC_CODE_TS_OUTSIDE": _("10-digit code not under the tariff code"),
    "DEC_ELEMENTS_TOO_LONG": _("Declared elements too long"),
    "DEC_LEGAL_QTY_MISSING": _("Quantity in the legal unit missing"),
    "DEC_LEGAL_QTY_ZERO": _("Quantity in the legal unit is zero"),
    "DEC_LEGAL_UNIT_UNKNOWN": _("No legal unit in the tariff"),
    "DEC_LINE_CODE_UNKNOWN": _("Code not in the customs code table"),
    "DEC_LINE_NUMBER_TOO_LARGE": _("Figure too large for the declaration"),
    "DEC_SECOND_QTY_NOT_IN_TARIFF": _("Second quantity the tariff does not have"),
    "DEC_TOTAL_TOO_LARGE": _("Total too large for the declaration"),
    "DEC_UNIT_NOT_CUSTOMS": _("Unit without a China customs unit"),
    "ENS_ITEM_TOO_LARGE": _("Goods item too large for the EU entry summary"),
    "ENS_LINE_TOO_LONG": _("Longer than the EU entry summary allows"),
    "ENS_PACKAGE_TYPE_UNKNOWN": _("Package type without a UN/ECE type of packages"),
    "GOODS_BLOCKED": _("Goods that may not travel this route"),
    "GOODS_CLAUSE": _("Contract clause required for the goods"),
    "GOODS_LICENCE": _("Licence may be required for the goods"),
    "GOODS_WARN": _("Goods to check before shipping"),
    "HS_DESCRIPTION_MISMATCH": _("Description reads like another HS code"),
    "HS_NOT_6_DIGITS": _("HS code not of 6 digits"),
    "LINE_NO_DUPLICATE": _("Line number used twice"),
    "NATIONAL_CODE_MISMATCH": _("National code does not fit the HS code"),
    "NATIONAL_CODE_UNKNOWN": _("National code not in the China tariff"),
    "NET_GT_GROSS": _("Net mass more than gross mass"),
    "ORIGIN_CRITERION_NOT_MET": _("Origin criterion not met"),
    "ORIGIN_NOT_CHINESE": _("Origin outside China: no certificate of origin"),
    "ORIGIN_PSR_MISSING": _("No RCEP product-specific rule on file"),
    "ORIGIN_PSR_NOT_MET": _("RCEP product-specific rule not met"),
    "PACKAGES_NOT_STOWED": _("Packages not all stowed in containers"),
    "UN_NUMBER_INVALID": _("Not a 4-digit UN number"),
    "UNIT_UNKNOWN": _("Unit without a China customs unit mapped"),
}


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    severity: str
    anchor: str  # the id of the field it is about, "" when no field shows it

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.ERROR


@dataclass
class FindingGroup:
    code: str
    severity: str
    findings: list[Finding] = field(default_factory=list)
    on_lines: bool = True  # every finding is about a goods line

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.ERROR

    @property
    def count(self) -> int:
        return len(self.findings)

    @cached_property
    def anchors(self) -> list[str]:
        # Read four times per group by the panel (over up to every line): once is enough,
        # as a group's findings are all in before anything reads it.
        return list(dict.fromkeys(f.anchor for f in self.findings if f.anchor))

    @property
    def first_anchor(self) -> str:
        anchors = self.anchors
        return anchors[0] if anchors else ""

    @property
    def steps(self) -> str:
        """The anchors to step through, as checks.js reads them: "f-lines-#-net_kg 0-36 40"
        when they are one field of many lines (a 200-line group in 20 bytes, not 6 KB),
        else the anchors themselves."""
        anchors = self.anchors
        matches = [_LINE_ANCHOR.match(anchor) for anchor in anchors]
        fields = {m[2] for m in matches if m}
        if len(anchors) < 2 or None in matches or len(fields) != 1:
            return " ".join(anchors)
        return " ".join([f"f-lines-#-{fields.pop()}", *_ranges([int(m[1]) for m in matches if m])])

    @property
    def shown(self) -> list[Finding]:
        return self.findings[:SHOWN_PER_GROUP]

    @property
    def hidden(self) -> int:
        return max(0, self.count - SHOWN_PER_GROUP)

    @property
    def title(self) -> str:
        """The rule in general words: its title above, else its catalogue message without
        the line it names ("Line 7: the HS code is missing." → "The HS code is missing"),
        "…" standing for any value; a one-finding group keeps its own message."""
        entry = CATALOGUE.get(self.code)
        if self.count == 1 or entry is None:
            return self.findings[0].message
        if self.code in GROUP_TITLES:
            return str(GROUP_TITLES[self.code])
        text = _LINE_PREFIX.sub("", str(entry.message))
        text = _PLACEHOLDER.sub("…", text).strip().rstrip(".。")
        return capfirst(text)


def _ranges(numbers: list[int]) -> list[str]:
    """[0, 1, 2, 5] → ["0-2", "5"], in the order given."""
    ranges: list[list[int]] = []
    for number in numbers:
        if ranges and number == ranges[-1][1] + 1:
            ranges[-1][1] = number
        else:
            ranges.append([number, number])
    return [f"{low}-{high}" if high > low else str(low) for low, high in ranges]


def group_findings(
    problems: list[Problem], anchor: Callable[[str], str] = lambda path: ""
) -> list[FindingGroup]:
    """One group per rule (code and severity), errors first, each in the order found."""
    groups: dict[tuple[str, str], FindingGroup] = {}
    for found in problems:
        severity = str(found.severity)
        group = groups.get((found.code, severity))
        if group is None:  # not made for each of a 200-line shipment's ~1,000 findings
            group = groups[found.code, severity] = FindingGroup(found.code, severity)
        group.findings.append(
            Finding(found.code, found.message, severity, anchor(found.path) if found.path else "")
        )
        group.on_lines = group.on_lines and bool(_LINE_PATH.match(found.path))
    return sorted(groups.values(), key=lambda group: not group.is_error)
