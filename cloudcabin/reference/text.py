"""Text normalisation shared by the loaders (which store it) and the search (which queries it).

Pure functions, no database: the same rule must produce ``search_text`` at load time and
the query tokens at search time.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Letters that Unicode does not decompose into a base letter plus a mark.
_FOLD = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "þ": "th",
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "\u0131": "i",  # dotless i
    }
)
_APOSTROPHES = re.compile("['`\u2018\u2019\u00b4\u02bc]")
_NON_WORD = re.compile(r"[^0-9a-z\u3400-\u9fff]+")
_HAN = re.compile(r"[\u3400-\u9fff]")
_TOKEN = re.compile(r"[\u3400-\u9fff]+|[0-9a-z]+")
# ASCII and the CJK ideographs have no decomposition, no combining marks and no case to
# fold but ASCII's: such text (most goods descriptions) only needs lower-casing.
_PLAIN = re.compile(r"[\x00-\x7f\u3400-\u9fff]*")

STOP_WORDS = frozenset(
    {
        *("a", "an", "and", "as", "at", "by", "c", "e", "eg", "etc", "for", "from", "g", "i"),
        *("in", "incl", "excl", "including", "excluding", "its", "kind", "n", "nes", "nec"),
        *("not", "of", "on", "or", "other", "others", "such", "than", "the", "their"),
        *("thereof", "to", "whether", "with", "without"),
    }
)


def fold_ascii(text: str) -> str:
    """Lower-case, diacritics removed: "Łódź" → "lodz"."""
    if _PLAIN.fullmatch(text):
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def search_key(text: str) -> str:
    """The one normalisation of every place and HS search, stored and queried alike.

    NFKD with the marks stripped, case folded, apostrophes dropped and every other
    punctuation a space: "Xi'an" (any apostrophe), "XI'AN" and "Xian" → "xian"; "Łódź" → "lodz";
    "T-shirts." → "t shirts"; Chinese is kept ("西安"). Places compare keys without
    their spaces too (``compact``), so "xi an" finds Xi'an.
    """
    return " ".join(_NON_WORD.sub(" ", _APOSTROPHES.sub("", fold_ascii(text))).split())


def compact(key: str) -> str:
    """A key without its spaces: "xi an" → "xian"."""
    return key.replace(" ", "")


def location_search_name(names: Iterable[str]) -> str:
    """``Location.search_name``: the keys of a place's names (UN/LOCODE spellings, the
    Chinese name, its pinyin), " / " between them, each once."""
    keys = [search_key(name) for name in names]
    return " / ".join(dict.fromkeys(key for key in keys if key))


def singular(word: str) -> str:
    """Naive English plural stripping; good enough to match "cells" with "cell"."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None


def normalise(text: str) -> str:
    """``search_key`` as HS words: plurals stripped, Chinese runs kept whole."""
    # The words of search_key(text), without building it: its spaces and punctuation
    # only separate what _TOKEN finds. A token is all Chinese or all [0-9a-z].
    return " ".join(
        token if token[0] >= "\u3400" else singular(token)
        for token in _TOKEN.findall(_APOSTROPHES.sub("", fold_ascii(text)))
    )


def tokens(normalised: str) -> list[str]:
    """Query tokens of a normalised text, stop words dropped (unless nothing else is left)."""
    found = normalised.split()
    kept = [token for token in found if token not in STOP_WORDS]
    return kept or found


def bigrams(han: str) -> list[str]:
    """Overlapping two-character pieces of a Chinese run, for partial matching."""
    if len(han) < 3:
        return [han]
    return [han[i : i + 2] for i in range(len(han) - 1)]
