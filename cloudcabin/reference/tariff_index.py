"""The tariff texts in memory, to say which HS subheadings a goods description reads like.

The search narrows candidates in the database and ranks them with ``ranking.score_hs``;
doing that for every line of a 500-line shipment would be 500 queries. This index holds
the ``search_text`` of every subheading (its HS 2022 description, the China national
names under it in English and Chinese, its heading's description) in inverted lists, and
scores a text against all of them at once with the same normalisation, synonyms and
scores as the search (a test holds ``scores`` equal to ``score_hs``). Pure: built from
rows, no database.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from cloudcabin.reference.ranking import (
    FIELD_WEIGHTS,
    LEVEL_BONUS,
    PHRASE_BONUS,
    QueryVariant,
    Synonym,
    query_variants,
)
from cloudcabin.reference.tariff_fit import HsFit, Reading, short_label
from cloudcabin.reference.text import bigrams, has_han, normalise, tokens

FIELDS = len(FIELD_WEIGHTS)
SUBHEADING_BONUS = LEVEL_BONUS[6]
# Subheadings scoring at least this share of the best are read as equally good answers.
CONTENDER_SHARE = 0.9
# Fits and token lists kept per index; the same descriptions come back on every save.
MAX_CACHED_FITS = 20_000
MAX_CACHED_TOKENS = 20_000
ROUNDING = 1e-9
HAN_RUN = re.compile(r"[\u3400-\u9fff]+")


@dataclass(frozen=True)
class _TokenHits:
    scores: dict[int, float]  # subheading index → the token's weighted score over the fields
    direct: frozenset[int]  # hit in the own description or national names, not only the parent's
    top: float  # the highest of ``scores``
    keys: frozenset[int]  # the subheadings in ``scores``


@dataclass(frozen=True)
class _Variant:
    """A variant of a text with its tokens' hits and the scores given so far."""

    variant: QueryVariant
    hits: list[_TokenHits]
    scored: dict[int, float] = dataclasses.field(default_factory=dict)


# What a variant's scores depend on: its weight, its tokens in order ("" for one found
# nowhere in the tariff) and its phrase (None where no subheading's text holds it, or
# where a single word earns no phrase bonus).
_Signature = tuple[float, tuple[str, ...], str | None]


@dataclass(frozen=True)
class _Text:
    """A text's variants, shared by every text that scores alike (the same signatures),
    with its best scores per (share, floor) once found."""

    variants: list[_Variant]
    best: dict[tuple[float, float], dict[int, float]] = dataclasses.field(default_factory=dict)


# A text pair's best summed score and the subheadings within CONTENDER_SHARE of it.
_Contenders = tuple[float, list[tuple[int, float]]]
NO_HITS = _TokenHits(scores={}, direct=frozenset(), top=0.0, keys=frozenset())


def _in_at_least(sets: list[frozenset[int]], least: int) -> set[int]:
    """The subheadings in at least ``least`` of ``sets``, by set operations."""
    levels: list[set[int]] = [set() for _ in range(least)]  # [k]: in more than k so far
    for keys in sets:
        for k in range(least - 1, 0, -1):
            levels[k] |= levels[k - 1] & keys
        levels[0] |= keys
    return levels[least - 1]


def _post(postings: dict[str, list[int]], keys: Iterable[str], index: int) -> None:
    for key in keys:
        found = postings.get(key)
        if found is None:
            postings[key] = [index]
        else:
            found.append(index)


class TariffIndex:
    """Every subheading's search text, in word, word-prefix and Chinese-piece lists."""

    def __init__(
        self, rows: Iterable[tuple[str, str, str]], synonyms: Sequence[Synonym] = ()
    ) -> None:
        """``rows`` are (code, description, search_text) of HS subheadings."""
        self.codes: list[str] = []
        self.labels: list[str] = []
        self.texts: list[str] = []
        self.fields: list[list[str]] = []
        self.position: dict[str, int] = {}
        self.synonyms = [(normalise(synonym.term), synonym) for synonym in synonyms]
        # Each subheading's index is appended once per word or piece of a field, in order
        # (lists: 17 MB for the full tariff, tuples would save 1.7 MB for 0.1-0.25 s).
        self._postings: list[dict[str, list[int]]] = [{} for _ in range(FIELDS)]
        self._piece_postings: list[dict[str, list[int]]] = [{} for _ in range(FIELDS)]
        for code, description, search_text in rows:
            index = len(self.codes)
            fields = ([*search_text.split("\n"), "", ""])[:FIELDS]
            self.codes.append(code)
            self.labels.append(short_label(description))
            self.texts.append(search_text)
            self.fields.append(fields)
            self.position[code] = index
            for number, text in enumerate(fields):
                _post(self._postings[number], set(text.split()), index)
                # One- and two-character pieces: what score_hs looks for in Chinese.
                runs = HAN_RUN.findall(text)
                if runs:
                    found = set("".join(runs))
                    for run in runs:
                        found.update(map(str.__add__, run, run[1:]))
                    _post(self._piece_postings[number], found, index)
        self._vocabulary = [sorted(field_words) for field_words in self._postings]
        # Every field's words in one list: most words of a description that the tariff
        # does not hold (model numbers) are told apart by one look-up instead of three.
        self._words = sorted(set().union(*self._postings))
        terms = sorted({term for term, _ in self.synonyms if term})
        self._synonym_terms = re.compile("|".join(map(re.escape, terms))) if terms else None
        self._token_hits: dict[str, _TokenHits] = {}
        self._texts: dict[tuple[_Signature, ...], _Text] = {}
        # Keyed by the texts' ids, each entry holding its texts so that no id is reused.
        self._contender_cache: dict[tuple[float, ...], tuple[list[_Text], _Contenders | None]] = {}
        self._fits: dict[tuple[str, ...], HsFit | None] = {}
        self._fits_alike: dict[tuple[object, ...], tuple[list[_Text], HsFit | None]] = {}
        self._word_starts: dict[str, bool] = {}
        self._word_holders: dict[tuple[str, str], frozenset[int]] = {}

    def __len__(self) -> int:
        return len(self.codes)

    # --- one token ----------------------------------------------------------------------

    def _starts_a_word(self, token: str) -> bool:
        """Whether a word of some field is ``token`` or starts with it (cached per token)."""
        found = self._word_starts.get(token)
        if found is None:
            position = bisect.bisect_left(self._words, token)
            found = position < len(self._words) and self._words[position].startswith(token)
            if len(self._word_starts) >= MAX_CACHED_TOKENS:
                self._word_starts.clear()
            self._word_starts[token] = found
        return found

    def _prefixed(self, number: int, token: str) -> set[int]:
        """Subheadings with a word in field ``number`` that starts with ``token``."""
        vocabulary = self._vocabulary[number]
        found: set[int] = set()
        for position in range(bisect.bisect_left(vocabulary, token), len(vocabulary)):
            word = vocabulary[position]
            if not word.startswith(token):
                break
            found.update(self._postings[number][word])
        return found

    def _field_hits(self, number: int, token: str) -> dict[int, float]:
        """``ranking._token_match`` for every subheading's field ``number`` at once."""
        hits: dict[int, float] = {}
        if has_han(token):
            pieces = bigrams(token)
            counts: dict[int, int] = {}
            for piece in pieces:
                for index in self._piece_postings[number].get(piece, ()):
                    counts[index] = counts.get(index, 0) + 1
            for index, count in counts.items():
                whole = count == len(pieces) and token in self.fields[index][number]
                hits[index] = 1.0 if whole else 0.7 * count / len(pieces)
            return hits
        for index in self._postings[number].get(token, ()):
            hits[index] = 1.0
        if len(token) >= 4:
            for index in self._prefixed(number, token):
                hits.setdefault(index, 0.5)
        return hits

    def _hits(self, token: str) -> _TokenHits:
        cached = self._token_hits.get(token)
        if cached is not None:
            return cached
        if not has_han(token) and not self._starts_a_word(token):
            found = NO_HITS  # a whole-word or prefix match needs a word starting so
        else:
            found = self._token_hits_of(token)
        if len(self._token_hits) >= MAX_CACHED_TOKENS:
            self._token_hits.clear()
        self._token_hits[token] = found
        return found

    def _token_hits_of(self, token: str) -> _TokenHits:
        per_field = [self._field_hits(number, token) for number in range(FIELDS)]
        scores: dict[int, float] = {}
        for index in set().union(*per_field):
            score = 0.0
            for number, hits in enumerate(per_field):
                hit = hits.get(index, 0.0)
                if hit:
                    score += FIELD_WEIGHTS[number] * hit
            scores[index] = score
        return _TokenHits(
            scores=scores,
            direct=frozenset().union(*per_field[:2]),
            top=max(scores.values(), default=0.0),
            keys=frozenset(scores),
        )

    # --- one text -----------------------------------------------------------------------

    def _variants(self, text: str) -> list[QueryVariant]:
        # Only synonyms whose term is in the text can apply: the same variants, sooner.
        base = normalise(text)
        synonyms: list[Synonym] = []
        if self._synonym_terms is not None and self._synonym_terms.search(base):
            synonyms = [synonym for term, synonym in self.synonyms if term and term in base]
        if not synonyms:
            # What query_variants gives without synonyms, without normalising twice.
            found = tokens(base)
            return [QueryVariant(phrase=base, tokens=tuple(found))] if found else []
        return [variant for variant in query_variants(text, synonyms) if variant.tokens]

    def _signature(self, variant: QueryVariant) -> _Signature:
        """What the variant's scores depend on: texts that differ only in words the tariff
        does not hold (model numbers, the line's number) have the same signature."""
        tokens = tuple(token if self._hits(token).keys else "" for token in variant.tokens)
        phrase = variant.phrase
        if len(tokens) == 1 and not has_han(phrase):
            return (variant.weight, tokens, None)  # no phrase bonus for a single word
        # A field holding the phrase has a word starting with each word after the first
        # (one look-up each, which most model numbers fail); failing that, _may_hold.
        words = phrase.split(" ")[1:]
        if any(not has_han(word) and not self._starts_a_word(word) for word in words):
            return (variant.weight, tokens, None)
        holders = self._may_hold(phrase)
        if holders is not None and not any(phrase in self.texts[i] for i in holders):
            return (variant.weight, tokens, None)
        return (variant.weight, tokens, phrase)

    def _read(self, text: str) -> _Text:
        """The text's variants with their tokens' hits, shared with the texts read before
        that score alike (tokens without hits add nothing, in any position, and a phrase
        no text holds adds no bonus: the scores, float by float, are the same)."""
        variants = self._variants(text)
        key = tuple(map(self._signature, variants))
        found = self._texts.get(key)
        if found is None:
            if len(self._texts) >= MAX_CACHED_FITS:
                self._texts.clear()
            found = self._texts[key] = _Text(
                [
                    _Variant(variant, [self._hits(token) for token in variant.tokens])
                    for variant in variants
                ]
            )
        return found

    def _best_of(self, text: _Text, share: float, floor: float) -> dict[int, float]:
        key = (share, floor)
        found = text.best.get(key)
        if found is None:
            found = text.best[key] = self._best_scores(text.variants, share, floor)
        return found

    def _score_all(self, read: _Variant, indices: Iterable[int]) -> dict[int, float]:
        """``score_hs`` of one variant for each subheading, without the level bonus; kept
        in ``read.scored`` for the fit."""
        variant, hits, scored = read.variant, read.hits, read.scored
        with_phrase = len(hits) > 1 or has_han(variant.phrase)
        for index in indices:
            if index in scored:
                continue
            total = 0.0
            matched = 0
            direct = False
            for hit in hits:
                score = hit.scores.get(index, 0.0)
                if score:
                    total += score
                    matched += 1
                    direct = direct or index in hit.direct
            if not direct:
                scored[index] = 0.0
                continue
            if with_phrase and variant.phrase in self.texts[index]:
                for number, field in enumerate(self.fields[index]):
                    if variant.phrase in field:
                        total += PHRASE_BONUS * FIELD_WEIGHTS[number]
            coverage = matched / len(hits)
            scored[index] = total * coverage * coverage * variant.weight
        return scored

    def _text_scores(self, variants: list[_Variant], indices: Collection[int]) -> dict[int, float]:
        """A text's score for each subheading: its best variant's, with the level bonus."""
        best = dict.fromkeys(indices, 0.0)
        for read in variants:
            scored = self._score_all(read, indices)
            for index in indices:
                best[index] = max(best[index], scored[index])
        return {
            index: score + SUBHEADING_BONUS if score > 0 else 0.0 for index, score in best.items()
        }

    def _holders(self, kind: str, word: str) -> frozenset[int]:
        """Subheadings with ``word`` as a word ("word"), a word's start ("prefix") or,
        Chinese, anywhere ("han") in the fields; cached per word."""
        key = (kind, word)
        cached = self._word_holders.get(key)
        if cached is not None:
            return cached
        if kind != "han" and not self._starts_a_word(word):
            return frozenset()
        found: set[int] = set()
        for number in range(FIELDS):
            if kind == "word":
                found.update(self._postings[number].get(word, ()))
            elif kind == "prefix":
                found |= self._prefixed(number, word)
            else:
                # Every two-character piece (or the one character) is in a field holding it.
                pieces = [self._piece_postings[number].get(piece, ()) for piece in bigrams(word)]
                found |= set(pieces[0]).intersection(*pieces[1:])
        if len(self._word_holders) >= MAX_CACHED_TOKENS:
            self._word_holders.clear()
        self._word_holders[key] = frozenset(found)
        return self._word_holders[key]

    def _may_hold(self, phrase: str) -> frozenset[int] | None:
        """Subheadings whose fields may hold ``phrase`` (a superset), None if any may.

        Words are single-spaced in a phrase, so a field holding it holds each inner word
        as a whole word, a word starting with the last one, and each Chinese word.
        """
        words = phrase.split(" ")
        found: frozenset[int] | None = None
        for position, word in enumerate(words):
            if has_han(word):
                if not HAN_RUN.fullmatch(word):
                    continue
                holders = self._holders("han", word)
            elif 0 < position < len(words) - 1:
                holders = self._holders("word", word)
            elif position > 0:
                holders = self._holders("prefix", word)
            else:
                continue  # the first word may end a longer one
            found = holders if found is None else found & holders
        return found

    def _best_scores(
        self, variants: list[_Variant], share: float, floor: float
    ) -> dict[int, float]:
        """The subheadings scoring at least ``floor`` and ``share`` of the best, and more.

        A subheading matching m of a variant's n tokens scores at most the m highest
        token scores × (m/n)², plus the phrase bonuses × (m/n)² if the phrase is in its
        text. Only subheadings that can reach the threshold are scored: those matching
        enough tokens, and with fewer, those whose text may hold the phrase. With
        ``share`` and ``floor`` 0, every match is.
        """
        found: dict[int, float] = {}
        best = 0.0
        for read in variants:
            variant, hits = read.variant, read.hits
            size = len(hits)
            tops = sorted((hit.top for hit in hits), reverse=True)
            with_phrase = size > 1 or has_han(variant.phrase)
            phrase_bonus = PHRASE_BONUS * sum(FIELD_WEIGHTS) if with_phrase else 0.0
            phrase_bonus *= variant.weight
            threshold = max(floor, share * best) - ROUNDING
            # The least match counts that can reach the threshold, without and with the
            # phrase (the bounds only rise with the count).
            least_plain = least_any = size + 1
            for count in range(size, 0, -1):
                coverage = (count / size) ** 2
                plain = sum(tops[:count]) * coverage * variant.weight + SUBHEADING_BONUS
                if plain + phrase_bonus * coverage < threshold:
                    break
                least_any = count
                if plain >= threshold:
                    least_plain = count
            if least_any > size:
                continue
            direct = frozenset().union(*(hit.direct for hit in hits))
            candidates = _in_at_least([hit.keys for hit in hits], least_plain) & direct
            if least_any < least_plain:
                holders = self._may_hold(variant.phrase)
                maybe = direct if holders is None else direct & holders
                candidates.update(i for i in maybe if variant.phrase in self.texts[i])
            scored = self._score_all(read, candidates)
            for index in candidates:
                score = scored[index]
                if score > 0:
                    score += SUBHEADING_BONUS
                    if score > found.get(index, 0.0):
                        found[index] = score
                        best = max(best, score)
        threshold = max(floor, share * best)
        return {index: score for index, score in found.items() if score >= threshold}

    def scores(self, text: str) -> dict[str, float]:
        """Every subheading that ``text`` matches, with the score ``score_hs`` gives it."""
        found = self._best_of(self._read(text), share=0.0, floor=0.0)
        return {self.codes[index]: score for index, score in found.items()}

    # --- a goods line -------------------------------------------------------------------

    def _contenders(self, read: list[_Text], floor: float) -> _Contenders | None:
        """The best sum of the texts' scores and the subheadings within
        ``CONTENDER_SHARE`` of it, None under ``floor``; cached per texts read alike."""
        key = (floor, *(id(text) for text in read))
        if key in self._contender_cache:
            return self._contender_cache[key][1]
        # A subheading left out of every text's best scores sums to less than
        # max(floor, share × that text's best) / len over the texts: under the floor or
        # share × the best sum, whichever is higher.
        parts = max(len(read), 1)
        candidates: set[int] = set()
        for text in read:
            candidates.update(self._best_of(text, CONTENDER_SHARE / parts, floor / parts))
        per_text = [self._text_scores(text.variants, candidates) for text in read]
        combined = {index: sum(scores[index] for scores in per_text) for index in candidates}
        found: _Contenders | None = None
        if combined and max(combined.values()) >= floor:
            best = max(combined.values())
            found = (best, [(i, v) for i, v in combined.items() if v >= CONTENDER_SHARE * best])
        if len(self._contender_cache) >= MAX_CACHED_FITS:
            self._contender_cache.clear()
        self._contender_cache[key] = (read, found)
        return found

    def fit(self, hs6: str, texts: tuple[str, ...], floor: float = 0.0) -> HsFit | None:
        """How the description ``texts`` (e.g. English and Chinese) fit the code ``hs6``.

        A subheading's score is the sum of the texts' scores. None when no subheading
        scores ``floor`` or more (or, with ``floor`` 0, when nothing in the texts
        matches the tariff). Cached per (code, texts, floor).
        """
        key = (hs6, str(floor), *texts)
        if key in self._fits:
            return self._fits[key]
        read = [found for found in map(self._read, texts) if found.variants]
        # Texts read alike fit a code alike ("Goods item 1" and "Goods item 2" under one
        # code): keyed by the texts' ids, each entry holding its texts, as _contenders.
        alike = (hs6, floor, *(id(text) for text in read))
        found = self._fits_alike.get(alike)
        if found is None:
            if len(self._fits_alike) >= MAX_CACHED_FITS:
                self._fits_alike.clear()
            found = self._fits_alike[alike] = (read, self._fit(hs6, read, floor))
        if len(self._fits) >= MAX_CACHED_FITS:
            self._fits.clear()
        self._fits[key] = found[1]
        return found[1]

    def _fit(self, hs6: str, read: list[_Text], floor: float) -> HsFit | None:
        contenders = self._contenders(read, floor)
        if contenders is None:
            return None
        own = self.position.get(hs6)
        own_score = 0.0
        if own is not None:
            own_score = sum(self._text_scores(text.variants, (own,))[own] for text in read)
        readings = [
            Reading(self.codes[index], score, self.labels[index]) for index, score in contenders[1]
        ]
        return HsFit.of(hs6, own_score, contenders[0], readings)

    def forget(self) -> None:
        """Drop the cached fits and token lists (benchmarks time a cold start with it)."""
        self._fits.clear()
        self._fits_alike.clear()
        self._word_starts.clear()
        self._token_hits.clear()
        self._texts.clear()
        self._contender_cache.clear()
        self._word_holders.clear()
