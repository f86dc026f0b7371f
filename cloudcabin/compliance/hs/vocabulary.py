"""The suggester's word lists, read once per process from ``compliance/data/hs/``.

- ``product-terms.csv``: everyday and marketplace words ("fashion jewelry", "hoodie",
  "power bank") → the tariff's own wording ("imitation jewellery", "jerseys pullovers",
  "lithium-ion accumulators"). General vocabulary written against the HS 2022 texts, the
  same idea as the reference app's search synonyms (which the tariff index applies too).
- ``materials.csv``: material words → a material family, the tariff's words for it and
  the catch-all subheading for articles of that material n.e.s. (plastics → 3926.90),
  because the HS classifies most manufactured articles by what they are made of.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol, TypeVar

from cloudcabin.reference.text import has_han, normalise

DATA = Path(__file__).resolve().parent.parent / "data" / "hs"


@dataclass(frozen=True)
class Term:
    term: str  # normalised
    expansion: str


@dataclass(frozen=True)
class Material:
    term: str  # normalised
    family: str
    family_zh: str
    catch_all: str
    tariff_words: str


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def key(text: str) -> str:
    """The matching form of a term or text: ``normalise`` (Latin folded, Chinese kept),
    with the text in other scripts (Thai…), which ``normalise`` drops, kept case-folded."""
    kept = normalise(text)
    other = "".join(ch if ch.isalpha() and not ch.isascii() else " " for ch in text)
    other = " ".join(word for word in other.casefold().split() if not has_han(word))
    if other and not normalise(other):
        return f"{kept} {other}".strip()
    return kept


@cache
def product_terms() -> tuple[Term, ...]:
    """Longest first, so that "fashion jewelry" wins over "jewelry"."""
    terms = {key(row["term"]): row["expansion"] for row in _rows("product-terms.csv")}
    ordered = sorted(terms.items(), key=lambda item: -len(item[0]))
    return tuple(Term(term, expansion) for term, expansion in ordered if term)


@cache
def materials() -> tuple[Material, ...]:
    found = [
        Material(
            key(row["term"]),
            row["material"],
            row["material_zh"],
            row["catch_all"],
            row["tariff_words"],
        )
        for row in _rows("materials.csv")
    ]
    return tuple(sorted((m for m in found if m.term), key=lambda m: -len(m.term)))


class _Entry(Protocol):
    @property
    def term(self) -> str: ...


E = TypeVar("E", bound=_Entry)


def _spans(term: str, text: str) -> list[tuple[int, int]]:
    """Where ``term`` stands in ``text``: as whole words, or anywhere for Chinese and Thai
    (which are not split into words)."""
    spans = []
    needle, haystack = (term, text) if not term.isascii() else (f" {term} ", f" {text} ")
    start = haystack.find(needle)
    while start >= 0:
        spans.append((start, start + len(needle)))
        start = haystack.find(needle, start + 1)
    return spans


def matches(normalised: str, entries: tuple[E, ...]) -> list[E]:
    """Entries whose term occurs as whole words, longest first, none inside a longer one."""
    taken: list[tuple[int, int]] = []
    found: list[E] = []
    for entry in entries:
        spans = [
            span
            for span in _spans(entry.term, normalised)
            if not any(a <= span[0] and span[1] <= b for a, b in taken)
        ]
        if spans:
            taken.extend(spans)
            found.append(entry)
    return found
