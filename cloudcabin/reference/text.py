"""Text normalisation shared by the loaders (which store it) and the search (which queries it).

Pure functions, no database: the same rule must produce ``search_text`` at load time and
the query tokens at search time.
"""

from __future__ import annotations

import re
import unicodedata

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
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def place_key(text: str) -> str:
    """A place name as stored in ``Location.search_name``: "Xi'an" → "xian"."""
    return " ".join(_NON_WORD.sub(" ", _APOSTROPHES.sub("", fold_ascii(text))).split())


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
    """Lower-case words with plurals stripped and punctuation removed; Chinese kept."""
    folded = unicodedata.normalize("NFKC", text).lower()
    folded = _APOSTROPHES.sub("", folded)
    return " ".join(
        token if has_han(token) else singular(token) for token in _TOKEN.findall(folded)
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
