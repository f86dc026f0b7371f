"""The tariff index's pruned scoring gives exactly the scores and readings of the earlier
one, kept here as the reference (``Reference``: its group-by-group search, verbatim), on a
few hundred English and Chinese descriptions cut from the loaded tariff texts."""

from __future__ import annotations

import random
import re
from collections import Counter
from itertools import chain, groupby

import pytest

from cloudcabin.reference.models import HsCode, HsLevel
from cloudcabin.reference.ranking import FIELD_WEIGHTS, PHRASE_BONUS, QueryVariant
from cloudcabin.reference.selectors import active_synonyms
from cloudcabin.reference.tariff_fit import HsFit, Reading, _shared_digits
from cloudcabin.reference.tariff_index import (
    CONTENDER_SHARE,
    ROUNDING,
    SUBHEADING_BONUS,
    TariffIndex,
    _TokenHits,
)
from cloudcabin.reference.text import has_han

pytestmark = pytest.mark.usefixtures("reference_data")

SEPARATOR = "\x00"
HAN_RUN = re.compile(r"[\u3400-\u9fff]+")
FLOOR = 4.5  # the HS sanity check's


class Reference(TariffIndex):
    """The index as it scored before the pruning by set operations."""

    def old_score(self, index: int, variant: QueryVariant, hits: list[_TokenHits]) -> float:
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
            return 0.0
        if (len(hits) > 1 or has_han(variant.phrase)) and variant.phrase in self.texts[index]:
            for number, field in enumerate(self.fields[index]):
                if variant.phrase in field:
                    total += PHRASE_BONUS * FIELD_WEIGHTS[number]
        coverage = matched / len(hits)
        return total * coverage * coverage * variant.weight

    def old_score_of(self, index: int, variants: list[QueryVariant]) -> float:
        best = 0.0
        for variant in variants:
            hits = [self._hits(token) for token in variant.tokens]
            best = max(best, self.old_score(index, variant, hits))
        return best + SUBHEADING_BONUS if best > 0 else 0.0

    def old_best_scores(
        self, variants: list[QueryVariant], share: float, floor: float
    ) -> dict[int, float]:
        found: dict[int, float] = {}
        best = 0.0
        for variant in variants:
            hits = [self._hits(token) for token in variant.tokens]
            size = len(hits)
            matched = Counter(chain.from_iterable(hit.scores for hit in hits))
            direct = frozenset().union(*(hit.direct for hit in hits))
            tops = sorted((hit.top for hit in hits), reverse=True)
            with_phrase = size > 1 or has_han(variant.phrase)
            phrase_bonus = PHRASE_BONUS * sum(FIELD_WEIGHTS) if with_phrase else 0.0
            phrase_bonus *= variant.weight
            threshold = max(floor, share * best) - ROUNDING
            ranked = sorted(direct, key=matched.__getitem__, reverse=True)
            for count, group in groupby(ranked, key=matched.__getitem__):
                coverage = (count / size) ** 2
                plain = sum(tops[:count]) * coverage * variant.weight + SUBHEADING_BONUS
                if plain + phrase_bonus * coverage < threshold:
                    break
                members = list(group)
                if plain < threshold:
                    if not with_phrase or variant.phrase not in SEPARATOR.join(
                        map(self.texts.__getitem__, members)
                    ):
                        continue
                    members = [i for i in members if variant.phrase in self.texts[i]]
                for index in members:
                    score = self.old_score(index, variant, hits)
                    if score > 0:
                        score += SUBHEADING_BONUS
                        if score > found.get(index, 0.0):
                            found[index] = score
                            if score > best:
                                best = score
                                threshold = max(floor, share * best) - ROUNDING
        threshold = max(floor, share * best)
        return {index: score for index, score in found.items() if score >= threshold}

    def old_scores(self, text: str) -> dict[str, float]:
        found = self.old_best_scores(self._variants(text), share=0.0, floor=0.0)
        return {self.codes[index]: score for index, score in found.items()}

    def old_fit(self, hs6: str, texts: tuple[str, ...], floor: float = 0.0) -> HsFit | None:
        variants = [found for found in map(self._variants, texts) if found]
        parts = max(len(variants), 1)
        candidates: set[int] = set()
        for text_variants in variants:
            candidates.update(
                self.old_best_scores(text_variants, CONTENDER_SHARE / parts, floor / parts)
            )
        combined = {
            index: sum(self.old_score_of(index, text_variants) for text_variants in variants)
            for index in candidates
        }
        if not combined or max(combined.values()) < floor:
            return None
        best = max(combined.values())
        own = self.position.get(hs6)
        readings = [
            Reading(self.codes[index], score, self.labels[index])
            for index, score in combined.items()
            if score >= CONTENDER_SHARE * best
        ]
        readings.sort(key=lambda r: (-_shared_digits(r.code, hs6), -r.score, r.code))
        return HsFit(
            own_score=(
                sum(self.old_score_of(own, text_variants) for text_variants in variants)
                if own is not None
                else 0.0
            ),
            best_score=best,
            readings=tuple(readings),
        )


FIXED = [
    ("Suspension control arms for passenger cars", "乘用车悬架控制臂"),
    ("Brake pads", "刹车片"),
    ("Goods item 17", "货物 17"),
    ("Goods item 1234", "货物 1234"),
    ("Monocrystalline photovoltaic modules, 550 W", "单晶硅光伏组件 550W"),
    ("Laptop computers, 14 inch", "笔记本电脑"),
    ("cotton t-shirts", "棉制T恤衫"),
    ("Wrist-watches, quartz", "石英手表"),
    ("Auto parts", "汽车零件"),
    ("horse", "马"),
    ("Parts of machines of heading 84.71", "零件"),
    ("Фотоэлектрические модули", ""),
]


def descriptions(rows: list[tuple[str, str, str]], count: int) -> list[tuple[str, tuple[str, ...]]]:
    """(code, texts) pairs: runs of words and of Chinese characters from the tariff texts,
    some under their own code, some under another one, some with a number added."""
    chosen = random.Random(14)  # a fixed sample
    found = [("870899", tuple(text for text in texts if text)) for texts in FIXED]
    for code, description, search_text in chosen.sample(rows, count):
        words = description.split()
        size = chosen.randint(1, min(6, len(words)))
        start = chosen.randint(0, len(words) - size)
        english = " ".join(words[start : start + size])
        runs = HAN_RUN.findall(search_text)
        chinese = ""
        if runs:
            run = chosen.choice(runs)
            first = chosen.randint(0, max(0, len(run) - 2))
            chinese = run[first : first + chosen.randint(1, 6)]
        if chosen.random() < 0.2:
            english, chinese = f"{english} {chosen.randint(1, 999)}", f"{chinese} 型号"
        texts = tuple(text for text in (english, chinese) if text and chosen.random() < 0.85)
        owner = code if chosen.random() < 0.6 else chosen.choice(rows)[0]
        found.append((owner, texts or (english,)))
    return found


@pytest.fixture
def cases(db: None) -> tuple[TariffIndex, Reference, list[tuple[str, tuple[str, ...]]]]:
    subheadings = HsCode.objects.filter(level=HsLevel.SUBHEADING).order_by("code")
    rows = list(subheadings.values_list("code", "description", "search_text"))
    synonyms = active_synonyms()
    return TariffIndex(rows, synonyms), Reference(rows, synonyms), descriptions(rows, 300)


def test_every_description_fits_as_with_the_reference_scoring(cases):
    index, reference, described = cases
    compared = 0
    for hs6, texts in described:
        for floor in (0.0, FLOOR):
            assert index.fit(hs6, texts, floor=floor) == reference.old_fit(hs6, texts, floor)
            compared += 1
    assert compared == 2 * len(described) >= 600


def test_every_text_scores_every_subheading_as_with_the_reference_scoring(cases):
    index, reference, described = cases
    texts = {text for _, pair in described for text in pair}
    assert len(texts) > 300
    assert any(has_han(text) for text in texts)
    for text in sorted(texts):
        assert index.scores(text) == reference.old_scores(text)


def test_the_sample_holds_fits_with_several_readings_and_fits_under_the_floor(cases):
    index, _, described = cases
    fits = [index.fit(hs6, texts) for hs6, texts in described]
    assert sum(fit is not None and len(fit.readings) > 1 for fit in fits) > 10
    assert sum(fit is not None and fit.best_score < FLOOR for fit in fits) > 10
    assert sum(fit is not None and fit.best_score >= FLOOR for fit in fits) > 10


def test_descriptions_differing_only_in_numbers_fit_as_with_the_reference_scoring(cases):
    # Texts whose extra words the tariff does not hold share their scoring in the index
    # (the line numbers of a packing list, model numbers); some numbers are tariff words.
    index, reference, described = cases
    rows = [(hs6, texts) for hs6, texts in described[len(FIXED) :] if len(texts) == 2][:40]
    compared = 0
    for number in chain(range(1, 1200, 7), (1000, 1234, 2000, 12345)):
        pairs = [("870899", (f"Goods item {number}", f"货物 {number}"))]
        pairs += [
            (hs6, (f"{english} {number}", f"{chinese} {number}型"))
            for hs6, (english, chinese) in rows[number % 5 :: 5]
        ]
        for hs6, texts in pairs:
            assert index.fit(hs6, texts, floor=FLOOR) == reference.old_fit(hs6, texts, FLOOR)
            compared += 1
    assert compared > 1000


def test_descriptions_read_alike_under_one_code_share_one_fit(cases):
    # The fit is kept per code and texts read alike: the second line's fit is the first's.
    index, reference, _ = cases
    first = index.fit("870899", ("Goods item 48213", "货物 48213"), floor=FLOOR)
    second = index.fit("870899", ("Goods item 48217", "货物 48217"), floor=FLOOR)
    assert first is not None and second is first
    assert second == reference.old_fit("870899", ("Goods item 48217", "货物 48217"), FLOOR)
    other_code = index.fit("850440", ("Goods item 48217", "货物 48217"), floor=FLOOR)
    assert other_code == reference.old_fit("850440", ("Goods item 48217", "货物 48217"), FLOOR)
