"""Lexical ranking of HS 2022 subheadings for a goods description.

It reuses the product's one tariff search (``reference.tariff_index.TariffIndex``: the HS
2022 texts, China's English and Chinese 8-digit names, the heading's text, the operator's
search synonyms; built once per process and rebuilt when the reference data changes) and
adds what a suggester needs on top:

- the description read in parts (``query.read``): each part's scores are divided by its
  best, so a long title full of marketing words cannot drown the category or item type;
- marketplace words read in the tariff's wording (``vocabulary.product_terms``);
- the material: candidates whose text names the material rise, and the catch-all
  subheading for articles of that material (plastics → 3926.90) joins the candidates;
- the heading: subheadings of a heading that several readings point to rise together.

Pure: no database, so it can be tested on a small index.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from cloudcabin.compliance.hs.query import ReadQuery
from cloudcabin.compliance.hs.vocabulary import Material, key, matches, materials, product_terms
from cloudcabin.reference.tariff_index import TariffIndex
from cloudcabin.reference.text import normalise

# A part read through the product vocabulary counts as much again as the part as typed.
EXPANSION_WEIGHT = 1.0
# "other than cotton", "excluding plastics": up to the next clause, not what it is made of.
EXCEPT = re.compile(r"\b(?:other than|excluding|not)\b[^;,]*", re.IGNORECASE)
# Share of a text's letters the vocabulary's terms must cover for it to be read through
# them, and the weight then left to the text as typed.
READ_WHOLE = 0.6
RAW_WEIGHT_WHEN_READ = 0.3
# A candidate whose text names the material gains up to this share of its score.
MATERIAL_BOOST = 0.6
# The material's catch-all subheading enters at this share of the best score.
CATCH_ALL_SHARE = 0.5
# Share of a heading's best-subheading total that each subheading under it gains.
HEADING_WEIGHT = 0.6


@dataclass
class Ranked:
    code: str
    score: float
    words: set[str] = field(default_factory=set)  # parts of the description that matched
    material: Material | None = None  # the material that raised or proposed it
    catch_all: bool = False


def _normalised_scores(index: TariffIndex, text: str) -> dict[str, float]:
    scores = index.scores(text)
    if not scores:
        return {}
    best = max(scores.values())
    return {code: value / best for code, value in scores.items()}


@lru_cache(maxsize=20_000)
def _material_words(label: str) -> frozenset[str]:
    """The words of a subheading's label that say what it is made of: "of textile
    materials other than cotton" names textile, not cotton."""
    return frozenset(normalise(EXCEPT.sub("", label)).split())


def found_materials(query: ReadQuery) -> list[Material]:
    """The materials the attributes name, or else the ones the whole text names."""
    return matches(query.materials_text, materials()) or matches(query.normalised, materials())


def _with_catch_all(ordered: list[Ranked], limit: int) -> list[Ranked]:
    """The first ``limit``, keeping a place for the best material catch-all: when the words
    match nothing specific, "other articles of <material>" is often the answer."""
    top = ordered[:limit]
    if any(ranked.catch_all for ranked in top):
        return top
    catch_all = next((ranked for ranked in ordered if ranked.catch_all), None)
    if catch_all is None or limit < 2:
        return top
    return [*top[: limit - 1], catch_all]


def rank(index: TariffIndex, query: ReadQuery, limit: int = 5) -> list[Ranked]:
    """The best ``limit`` subheadings, best first; scores relative (the best is 1 or less)."""
    found: dict[str, Ranked] = {}
    possible = 0.0
    for part in query.parts:
        text_key = key(part.text)
        terms = matches(text_key, product_terms())
        # A text the vocabulary reads almost whole (a phrase in Vietnamese, "lace wig") is
        # better read through it: its words as typed match little or by chance.
        covered = sum(len(term.term) for term in terms) / max(len(text_key.replace(" ", "")), 1)
        readings = [(part.text, RAW_WEIGHT_WHEN_READ if covered >= READ_WHOLE else 1.0)]
        if terms:
            readings.append((" ".join(term.expansion for term in terms), EXPANSION_WEIGHT))
        for text, weight in readings:
            scores = _normalised_scores(index, text)
            if not scores:
                continue
            possible += part.weight * weight
            for code, value in scores.items():
                ranked = found.setdefault(code, Ranked(code, 0.0))
                ranked.score += part.weight * weight * value
                if value >= 0.5:
                    ranked.words.add(part.text)
    if not found:
        return []
    best = max(ranked.score for ranked in found.values())
    for material in found_materials(query):
        wanted = set(normalise(material.tariff_words).split())
        for code, ranked in found.items():
            named = len(wanted & _material_words(index.labels[index.position[code]]))
            if named:
                ranked.score *= 1 + MATERIAL_BOOST * named / len(wanted)
                ranked.material = ranked.material or material
        if material.catch_all in index.position:
            ranked = found.setdefault(material.catch_all, Ranked(material.catch_all, 0.0))
            ranked.score += CATCH_ALL_SHARE * best
            ranked.material = ranked.material or material
            ranked.catch_all = True
    # The five are the best readings as scored; their order then weighs in how many
    # readings point to each one's heading (the heading most of them agree on comes first).
    ordered = sorted(found.values(), key=lambda ranked: (-ranked.score, ranked.code))
    ordered = _with_catch_all(ordered, limit)
    headings: dict[str, list[float]] = defaultdict(list)
    for ranked in found.values():
        headings[ranked.code[:4]].append(ranked.score)
    heading_total = {code: sum(sorted(scores)[-3:]) for code, scores in headings.items()}
    top_heading = max(heading_total.values())
    best = ordered[0].score
    for ranked in ordered:
        ranked.score += HEADING_WEIGHT * best * heading_total[ranked.code[:4]] / top_heading
    ordered.sort(key=lambda ranked: (-ranked.score, ranked.code))
    scale = max(possible * (1 + MATERIAL_BOOST + HEADING_WEIGHT), ordered[0].score)
    for ranked in ordered:
        ranked.score = ranked.score / scale
    return ordered
