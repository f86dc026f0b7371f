"""Findings grouped by rule, for the check panels: "Declared elements missing — 37 lines".

After an import of hundreds of lines the same rule fires on many of them; a list of each
finding is unreadable, so the panels show one entry per rule with its count, a link to
its first field and the anchors to step through the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.text import capfirst

from cloudcabin.errors import CATALOGUE, Problem, Severity

# Each group lists at most this many findings by name; the rest are stepped through.
SHOWN_PER_GROUP = 20
_PLACEHOLDER = re.compile(r"\{\w+\}")
_LINE_PATH = re.compile(r"^lines\[\d+\]\.")
# "Line {line}: " in English, "第 {line} 项" and a full-width colon in Chinese: the part
# that names one line.
_LINE_PREFIX = re.compile(r"^[^:\uff1a]*\{line\}[^:\uff1a]*[:\uff1a]\s*")


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

    @property
    def anchors(self) -> list[str]:
        return list(dict.fromkeys(f.anchor for f in self.findings if f.anchor))

    @property
    def first_anchor(self) -> str:
        anchors = self.anchors
        return anchors[0] if anchors else ""

    @property
    def shown(self) -> list[Finding]:
        return self.findings[:SHOWN_PER_GROUP]

    @property
    def hidden(self) -> int:
        return max(0, self.count - SHOWN_PER_GROUP)

    @property
    def title(self) -> str:
        """The rule in general words: its catalogue message without the line it names,
        and "…" for each value ("Line 7: the HS code is missing." → "The HS code is
        missing"); a one-finding group keeps its own message."""
        entry = CATALOGUE.get(self.code)
        if self.count == 1 or entry is None:
            return self.findings[0].message
        text = _LINE_PREFIX.sub("", str(entry.message))
        text = _PLACEHOLDER.sub("…", text).strip().rstrip(".。")
        return capfirst(text)


def group_findings(
    problems: list[Problem], anchor: Callable[[str], str] = lambda path: ""
) -> list[FindingGroup]:
    """One group per rule (code and severity), errors first, each in the order found."""
    groups: dict[tuple[str, str], FindingGroup] = {}
    for found in problems:
        severity = str(found.severity)
        group = groups.setdefault((found.code, severity), FindingGroup(found.code, severity))
        group.findings.append(
            Finding(found.code, found.message, severity, anchor(found.path) if found.path else "")
        )
        group.on_lines = group.on_lines and bool(_LINE_PATH.match(found.path))
    return sorted(groups.values(), key=lambda group: not group.is_error)
