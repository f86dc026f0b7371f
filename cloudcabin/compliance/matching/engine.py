"""Screening a party against the current lists: names and identifiers → scored candidates.

Score (0.00–1.00) of a listed name for the query name, both reduced to their matching
keys (``normalize.name_key``: folded, legal forms stripped, romanised, tokens sorted):

* the similarity of the two keys (rapidfuzz ``ratio`` on sorted tokens, i.e. a token-sort
  comparison: word order, case, punctuation, legal forms do not count; one typo costs a
  few points), or of the compact keys (words in order, no spaces: an equal compact key
  always, a similar one when the query is written a syllable a word, as pinyin is);
* or, when one name's words are all found in the other (rapidfuzz ``token_set_ratio``),
  that similarity scaled down by how much of the longer name the shorter covers
  (``0.5 + 0.5 × shorter / longer``), so that "Moscow" alone never reviews "Moscow
  Industrial Bank" nor "Diego" "San Diego";
* a name of fewer than six letters that is not equal scores at most 0.84 (one typo is
  most of a short name: "Sanya" is not "Sana");
* a weak alias (OFAC's "a.k.a." in remarks, UN "Low" quality) counts at most 0.90.

An identifier (USCC, INN, OGRN, BIN, LEI, IMO, passport …) equal to a listed one is strong
evidence: 1.00 when the name also scores 0.70 or more, else 0.95. A query country that is
none of the entry's known countries lowers a name-only score by 0.05.

Bands (watchman's documented policy): ≥ 0.95 hold, 0.85–0.94 review, 0.70–0.84 note;
below 0.70 is not a candidate.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from rapidfuzz import fuzz, process

from cloudcabin.compliance.matching.index import STOPWORDS, NameIndex, current_index
from cloudcabin.compliance.matching.normalize import compact_key, identifier_key, name_key
from cloudcabin.numbers import to_places

HOLD = Decimal("0.95")
REVIEW = Decimal("0.85")
NOTE = Decimal("0.70")
WEAK_ALIAS_CAP = 0.90
SHORT_NAME_CAP = 0.84
COUNTRY_MISMATCH = 0.05
IDENTIFIER_ALONE = 0.95
# identifiers shorter than this (after normalising) are too likely to collide by chance
MIN_IDENTIFIER_LENGTH = 5
MAX_CANDIDATES = 20


@dataclass(frozen=True)
class PartyQuery:
    name: str
    identifiers: Mapping[str, str] = field(default_factory=dict)
    country: str = ""


@dataclass(frozen=True)
class Candidate:
    entity_id: int
    version_id: int
    matched_name: str
    score: Decimal
    band: str  # "hold" | "review" | "note"
    reasons: tuple[str, ...]


def band_of(score: Decimal) -> str:
    if score >= HOLD:
        return "hold"
    if score >= REVIEW:
        return "review"
    return "note"


def screen(query: PartyQuery) -> list[Candidate]:
    """Candidates for one party over the current list versions, best first, score ≥ 0.70."""
    return screen_many([query])[0]


def screen_many(queries: Sequence[PartyQuery]) -> list[list[Candidate]]:
    """``screen`` for many parties at once, over one index."""
    index = current_index()
    # a party named on many shipments is compared with the lists once
    compared: dict[tuple[str, str], dict[int, float]] = {}
    results = []
    for query in queries:
        key, compact = name_key(query.name), compact_key(query.name)
        if (key, compact) not in compared:
            compared[key, compact] = _name_scores(index, key, compact) if key else {}
        results.append(_candidates(index, query, compared[key, compact]))
    return results


def _name_scores(index: NameIndex, key: str, compact: str) -> dict[int, float]:
    """Name position → similarity (0–1) of every listed name scoring ≥ 0.70."""
    found: dict[int, float] = {}
    cutoff = float(NOTE) * 100
    low = bisect_left(index.lengths, math.ceil(len(key) * 7 / 13))
    high = bisect_right(index.lengths, len(key) * 13 // 7)
    hits = process.extract(
        key, index.by_length[low:high], scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
    )
    for listed, score, _offset in hits:
        for position in index.exact[listed]:
            found[position] = _short_name_cap(score / 100, key, index.keys[position])
    for position in index.compact_exact.get(compact, ()):
        found[position] = 1.0
    if _spaced_syllables(key):
        # pinyin syllables one a word ("xi an hang tian") against joined pinyin
        hits = process.extract(
            compact, index.compacts, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
        )
        for _listed, score, position in hits:
            better = _short_name_cap(score / 100, key, index.keys[position])
            found[position] = max(found.get(position, 0.0), better)
    for position in _token_neighbours(index, key):
        contained = _contained_score(key, index.keys[position])
        if contained > found.get(position, 0.0):
            found[position] = contained
    return found


def _spaced_syllables(key: str) -> bool:
    """Most words are one or two letters short of a syllable: a name typed or romanised
    one syllable a word, whose word breaks the compact key ignores."""
    words = key.split()
    return len(words) >= 2 and sum(len(word) <= 4 for word in words) * 2 > len(words)


def _short_name_cap(score: float, key: str, listed: str) -> float:
    """Under six letters one typo is most of a name ("Sanya" / "Sana"): a short name that
    is not equal scores at most a note."""
    if score < 1.0 and min(len(key.replace(" ", "")), len(listed.replace(" ", ""))) < 6:
        return min(score, SHORT_NAME_CAP)
    return score


def name_similarity(first: str, second: str) -> Decimal:
    """The score of one name against another, as ``screen`` scores a listed name."""
    key, listed = name_key(first), name_key(second)
    if not key or not listed:
        return Decimal("0.00")
    score = max(
        _short_name_cap(fuzz.ratio(key, listed) / 100, key, listed),
        _short_name_cap(fuzz.ratio(compact_key(first), compact_key(second)) / 100, key, listed),
        _contained_score(key, listed),
    )
    return to_places(Decimal(str(score)), 2)


def _token_neighbours(index: NameIndex, key: str) -> set[int]:
    neighbours: set[int] = set()
    for token in set(key.split()):
        if token not in STOPWORDS:
            neighbours.update(index.tokens.get(token, ()))
    return neighbours


def _contained_score(query: str, listed: str) -> float:
    shorter, longer = sorted((len(query.replace(" ", "")), len(listed.replace(" ", ""))))
    coverage = shorter / max(longer, 1)
    if 0.5 + 0.5 * coverage < float(NOTE):
        return 0.0
    similarity = fuzz.token_set_ratio(query, listed) / 100
    return _short_name_cap(similarity * (0.5 + 0.5 * coverage), query, listed)


def _candidates(index: NameIndex, query: PartyQuery, scores: dict[int, float]) -> list[Candidate]:
    best: dict[int, tuple[float, int]] = {}  # entity → (name score, name position)
    for position, score in scores.items():
        if index.weak[position]:
            score = min(score, WEAK_ALIAS_CAP)
        entity = index.owners[position]
        if entity not in best or score > best[entity][0]:
            best[entity] = (score, position)
    by_identifier = _identifier_hits(index, query.identifiers)
    country = query.country.strip().upper()
    candidates = []
    for entity in best.keys() | by_identifier.keys():
        name_score, position = best.get(entity, (0.0, -1))
        reasons: list[str] = []
        if position >= 0:
            reasons.append(f"name {index.texts[position]!r} {name_score:.2f}")
        score = name_score
        if entity in by_identifier:
            reasons.extend(by_identifier[entity])
            score = 1.0 if name_score >= float(NOTE) else IDENTIFIER_ALONE
        elif country and index.entity_countries.get(entity):
            if country in index.entity_countries[entity]:
                reasons.append(f"country {country} listed")
            else:
                reasons.append(f"country {country} not listed")
                score -= COUNTRY_MISMATCH
        rounded = to_places(Decimal(str(score)), 2)
        if rounded < NOTE:
            continue
        matched = index.texts[position] if position >= 0 else ""
        candidates.append(
            Candidate(
                entity_id=entity,
                version_id=index.entity_version[entity],
                matched_name=matched,
                score=rounded,
                band=band_of(rounded),
                reasons=tuple(reasons),
            )
        )
    candidates.sort(key=lambda found: (-found.score, found.entity_id))
    return candidates[:MAX_CANDIDATES]


def _identifier_hits(index: NameIndex, identifiers: Mapping[str, str]) -> dict[int, list[str]]:
    hits: dict[int, list[str]] = {}
    for scheme, value in identifiers.items():
        wanted = identifier_key(str(value))
        if len(wanted) < MIN_IDENTIFIER_LENGTH:
            continue
        for entity, listed_scheme, listed_value in index.identifiers.get(wanted, ()):
            hits.setdefault(entity, []).append(
                f"identifier {scheme.upper()} {value} = listed {listed_scheme} {listed_value}"
            )
    return hits
