"""Pure ranking for HS and place search: no database, so it can be tested on plain tuples.

The selectors narrow candidates with a cheap database filter; these functions decide
the order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cloudcabin.reference.text import bigrams, compact, has_han, normalise, search_key, tokens

# --- HS ------------------------------------------------------------------------------

# Weight of a match in each line of HsCode.search_text: own description, national
# (CN 8-digit) names under the code, parent's description.
FIELD_WEIGHTS = (3.0, 2.0, 1.0)
PHRASE_BONUS = 2.0
LEVEL_BONUS = {6: 1.0, 4: 0.3, 2: 0.0}


@dataclass(frozen=True)
class Synonym:
    term: str
    expansion: str


# A synonym is an operator's word that the everyday term means that tariff wording: a
# reading through it outweighs the literal one ("brake pads" → the vehicle brakes of
# 8708.30 before the unmounted linings of 6813.81).
SYNONYM_WEIGHT = 1.5


@dataclass(frozen=True)
class QueryVariant:
    """One reading of the query: as typed, or with synonyms replaced by tariff wording."""

    phrase: str
    tokens: tuple[str, ...]
    weight: float = 1.0


def query_variants(query: str, synonyms: Iterable[Synonym]) -> list[QueryVariant]:
    """The query as typed plus one variant per synonym found in it, plus all applied."""
    base = normalise(query)
    padded = f" {base} "
    replacements: list[tuple[str, str]] = []
    for synonym in sorted(synonyms, key=lambda s: len(s.term), reverse=True):
        term = normalise(synonym.term)
        if not term or any(term in longer for longer, _ in replacements):
            continue
        found = term in base if has_han(term) else f" {term} " in padded
        if found:
            replacements.append((term, normalise(synonym.expansion)))

    def replaced(text: str, term: str, expansion: str) -> str:
        # Chinese is not split into words: the tariff wording stands apart from the rest
        # ("汽车零件" → "机动车辆 零件"), so each part is matched on its own.
        return text.replace(term, f" {expansion} " if has_han(term) else expansion)

    phrases = [(base, 1.0)]
    for term, expansion in replacements:
        phrases.append((replaced(base, term, expansion), SYNONYM_WEIGHT))
    if len(replacements) > 1:
        combined = base
        for term, expansion in replacements:
            combined = replaced(combined, term, expansion)
        phrases.append((combined, SYNONYM_WEIGHT))
    seen: dict[str, QueryVariant] = {}
    for phrase, weight in phrases:
        phrase = " ".join(phrase.split())
        if phrase and phrase not in seen:
            seen[phrase] = QueryVariant(phrase=phrase, tokens=tuple(tokens(phrase)), weight=weight)
    return list(seen.values())


def filter_terms(variants: Sequence[QueryVariant], *, partial: bool = False) -> set[str]:
    """Substrings of which a candidate's search_text must contain at least one.

    Whole tokens first; ``partial`` adds the two-character pieces of Chinese tokens,
    for when whole tokens find too little (Chinese is not segmented into words).
    """
    terms: set[str] = set()
    for index, variant in enumerate(variants):
        for token in variant.tokens:
            if not has_han(token):
                if len(token) >= 2:
                    terms.add(token)
            elif partial and index == 0:
                terms.update(bigrams(token))
            else:
                # Synonym expansions are tariff wording: whole tokens are enough.
                terms.add(token)
    return terms


def _token_match(token: str, field: str, words: frozenset[str]) -> float:
    """1 for a whole-word (or, in Chinese, substring) match; partial credit otherwise."""
    if has_han(token):
        if token in field:
            return 1.0
        pieces = bigrams(token)
        return 0.7 * sum(piece in field for piece in pieces) / len(pieces)
    if token in words:
        return 1.0
    if len(token) >= 4 and f" {token}" in f" {field}":
        return 0.5
    return 0.0


def score_hs(search_text: str, level: int, variants: Sequence[QueryVariant]) -> float:
    """How well one HS code's search_text answers the query; 0 means not at all."""
    fields = ([*search_text.split("\n"), "", ""])[:3]
    words = [frozenset(field.split()) for field in fields]
    best = 0.0
    for variant in variants:
        if not variant.tokens:
            continue
        total = 0.0
        matched = 0
        direct = False  # matched in own text or national names, not only in the parent
        for token in variant.tokens:
            token_score = 0.0
            for index, field in enumerate(fields):
                hit = _token_match(token, field, words[index])
                if hit:
                    token_score += FIELD_WEIGHTS[index] * hit
                    direct = direct or index < 2
            if token_score:
                matched += 1
                total += token_score
        if not direct:
            continue
        if len(variant.tokens) > 1 or has_han(variant.phrase):
            for index, field in enumerate(fields):
                if variant.phrase in field:
                    total += PHRASE_BONUS * FIELD_WEIGHTS[index]
        coverage = matched / len(variant.tokens)
        best = max(best, total * coverage * coverage * variant.weight)
    if best == 0.0:
        return 0.0
    return best + LEVEL_BONUS.get(level, 0.0)


def rank_hs(
    rows: Iterable[tuple[str, int, str]], variants: Sequence[QueryVariant], limit: int
) -> list[tuple[str, float]]:
    """``rows`` are (code, level, search_text); returns the best (code, score), best first."""
    scored = [
        (code, score)
        for code, level, text in rows
        if (score := score_hs(text, level, variants)) > 0
    ]
    scored.sort(key=lambda item: (-item[1], item[0]))
    return scored[:limit]


# --- places ----------------------------------------------------------------------------

LOCODE_QUERY = re.compile(r"[a-z]{2} ?[a-z2-9]{1,3}")
TRANSPORT_FUNCTIONS = frozenset("12345678")

EXACT_CODE, EXACT_NAME, EXACT_CODE_TYPED_AS_NAME = 60, 50, 45
NAME_PREFIX, CODE_PREFIX, WORD_PREFIX, CONTAINS = 40, 35, 30, 20


@dataclass(frozen=True)
class PlaceRow:
    locode: str
    search_name: str
    function: str
    status: str


def locode_query(query: str) -> str | None:
    """ "DEDUI", "de dui", "DE-DUI" → "DEDUI"; None if the text cannot be (part of) a code."""
    compact = re.sub(r"[\s\-]+", " ", query.strip().lower())
    if not LOCODE_QUERY.fullmatch(compact):
        return None
    return compact.replace(" ", "").upper()


def looks_like_a_code(query: str) -> bool:
    """ "DEDUI", "DE DUI", "de dui" read as codes; "Brest" is a name that is also a code."""
    text = query.strip()
    return text.isupper() or " " in text or "-" in text


def place_score(
    row: PlaceRow, key: str, code: str | None, *, code_first: bool = True
) -> tuple[int, int, int]:
    """Sort key parts (higher is better): match kind, transport functions, official."""
    names = row.search_name.split(" / ")
    # Spaces never decide a match: "xi an" is "xian", "frankfurtammain" is "frankfurt am main".
    joined, squeezed = compact(key), [compact(name) for name in names]
    if code and row.locode == code and code_first:
        kind = EXACT_CODE
    elif key in names or joined in squeezed:
        kind = EXACT_NAME
    elif code and row.locode == code:
        kind = EXACT_CODE_TYPED_AS_NAME
    elif any(name.startswith(joined) for name in squeezed):
        kind = NAME_PREFIX
    elif code and row.locode.startswith(code):
        kind = CODE_PREFIX
    elif any(f" {key}" in f" {name}" for name in names):
        kind = WORD_PREFIX
    elif joined and joined in compact(row.search_name):
        kind = CONTAINS
    else:
        kind = 0
    functions = sum(1 for char in set(row.function) if char in TRANSPORT_FUNCTIONS)
    # UN/LOCODE status codes starting with A are approved entries.
    official = 1 if row.status.startswith("A") else 0
    return kind, functions, official


def rank_places(rows: Iterable[PlaceRow], query: str, limit: int) -> list[str]:
    """Order candidate places for ``query``; returns UN/LOCODEs, best first."""
    key = search_key(query)
    code = locode_query(query)
    code_first = looks_like_a_code(query)
    scored = []
    for row in rows:
        kind, functions, official = place_score(row, key, code, code_first=code_first)
        if kind:
            scored.append(((-kind, -functions, -official, len(row.search_name), row.locode), row))
    scored.sort(key=lambda item: item[0])
    return [row.locode for _, row in scored[:limit]]
