"""``normalise`` finds the words of ``search_key`` without building it, and skips the
Unicode decomposition for ASCII and Chinese: the same words as the full path, always."""

from __future__ import annotations

import random
import unicodedata

from cloudcabin.reference import text
from cloudcabin.reference.text import fold_ascii, has_han, normalise, search_key, singular

# Apostrophes, ligatures, full-width and circled letters, a combining accent, an
# ideographic space, a compatibility ideograph: what the shortcut must not take.
ALPHABET = "aAbZ09 .,'`-_/ÄłŁßæﬁ①货物機車零件\u2019\uff28\uff45\u0301\u3000\uf900\u00b4\u02bc\t\n"


def full_fold(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value.translate(text._FOLD))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def full_normalise(value: str) -> str:
    return " ".join(
        token if has_han(token) else singular(token)
        for token in text._TOKEN.findall(search_key(value))
    )


def test_ascii_and_chinese_fold_as_with_the_unicode_decomposition():
    characters = [chr(code) for code in (*range(0x80), *range(0x3400, 0xA000))]
    assert [fold_ascii(ch) for ch in characters] == [full_fold(ch) for ch in characters]


def test_random_texts_normalise_as_through_the_search_key():
    chosen = random.Random(22)
    texts = [
        "".join(chosen.choice(ALPHABET) for _ in range(chosen.randint(0, 14)))
        for _ in range(50_000)
    ]
    texts += ["Goods item 17", "货物 17", "Xi'an T-Shirts.", "Łódź BRAKE-PADS"]
    texts += ["\uff21\uff22\uff23 ﬁlms"]
    assert [normalise(value) for value in texts] == [full_normalise(value) for value in texts]
