"""Screening a party against the current lists: names and identifiers → scored candidates.

Score (0.00–1.00) of a listed name for the query name, both reduced to their matching
keys (``normalize.name_key``: folded, legal forms stripped, romanised, tokens sorted):

* the similarity of the two keys (rapidfuzz ``ratio`` on sorted tokens, i.e. a token-sort
  comparison: word order, case, punctuation, legal forms do not count; one typo costs a
  few points), or of the compact keys (words in order, no spaces: pinyin syllables
  against joined pinyin);
* or, when one name's words are all found in the other (rapidfuzz ``token_set_ratio``),
  that similarity scaled down by how much of the longer name the shorter covers
  (``0.7 + 0.3 × shorter / longer``), so that "Moscow" alone never reviews "Moscow
  Industrial Bank";
* a weak alias (OFAC's "a.k.a." in remarks, UN "Low" quality) counts at most 0.90.

An identifier (USCC, INN, OGRN, BIN, LEI, IMO, passport …) equal to a listed one is strong
evidence: 1.00 when the name also scores 0.70 or more, else 0.95. A query country that is
none of the entry's known countries lowers a name-only score by 0.05.

Bands (watchman's documented policy): ≥ 0.95 hold, 0.85–0.94 review, 0.70–0.84 note;
below 0.70 is not a candidate.
"""

from __future__ import annotations

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
    results = []
    for query in queries:
        key = name_key(query.name)
        scores = _name_scores(index, key, compact_key(query.name)) if key else {}
        results.append(_candidates(index, query, scores))
    return results


def _name_scores(index: NameIndex, key: str, compact: str) -> dict[int, float]:
    """Name position → similarity (0–1) of every listed name scoring ≥ 0.70."""
    found: dict[int, float] = {}
    cutoff = float(NOTE) * 100
    for choices, wanted in ((index.keys, key), (index.compacts, compact)):
        hits = process.extract(wanted, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None)
        for _text, score, position in hits:
            found[position] = max(found.get(position, 0.0), score / 100)
    for position in _token_neighbours(index, key):
        contained = _contained_score(key, index.keys[position])
        if contained > found.get(position, 0.0):
            found[position] = contained
    return found


def _token_neighbours(index: NameIndex, key: str) -> set[int]:
    neighbours: set[int] = set()
    for token in set(key.split()):
        if token not in STOPWORDS:
            neighbours.update(index.tokens.get(token, ()))
    return neighbours


def _contained_score(query: str, listed: str) -> float:
    similarity = fuzz.token_set_ratio(query, listed) / 100
    if similarity < float(NOTE):
        return 0.0
    shorter, longer = sorted((len(query.replace(" ", "")), len(listed.replace(" ", ""))))
    return similarity * (0.7 + 0.3 * shorter / max(longer, 1))


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
