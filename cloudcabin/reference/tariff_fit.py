"""What a goods description's fit to the tariff says: the subheadings it reads like, in
the order a message names them, each with a short label (``tariff_index`` scores them)."""

from __future__ import annotations

import re
from dataclasses import dataclass

LABEL_LENGTH = 120
PARENTHESES = re.compile(r"\s*\([^)]*\)")
THEREOF = re.compile(r"\s+thereof\b")


@dataclass(frozen=True)
class Reading:
    """A subheading the description reads like, with a short label for messages."""

    code: str
    score: float
    label: str


@dataclass(frozen=True)
class HsFit:
    """How a goods description fits the tariff.

    ``readings`` are the subheadings within ``tariff_index.CONTENDER_SHARE`` of the best
    score, those sharing the most leading digits with the line's own code first (a clerk
    who got the heading right wants the subheading in it), then by score and code.
    """

    own_score: float
    best_score: float
    readings: tuple[Reading, ...]

    @classmethod
    def of(cls, hs6: str, own_score: float, best_score: float, readings: list[Reading]) -> HsFit:
        """The fit to the code ``hs6``, its readings put in order."""
        readings.sort(key=lambda r: (-_shared_digits(r.code, hs6), -r.score, r.code))
        return cls(own_score=own_score, best_score=best_score, readings=tuple(readings))


def short_label(description: str) -> str:
    """A subheading's description for a message: no notes, no "thereof", 120 characters at most.

    "Vehicle parts; suspension systems and parts thereof (including shock-absorbers)"
    → "Vehicle parts; suspension systems and parts".
    """
    text = THEREOF.sub("", PARENTHESES.sub("", description)).strip().rstrip(",.")
    if len(text) <= LABEL_LENGTH:
        return text
    return text[: LABEL_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;") + "…"


def _shared_digits(code: str, other: str) -> int:
    shared = 0
    for mine, theirs in zip(code, other, strict=False):
        if mine != theirs:
            break
        shared += 1
    return shared
