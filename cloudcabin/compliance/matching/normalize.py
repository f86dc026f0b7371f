"""Names and identifiers → the keys screening compares.

A name becomes one matching key: Unicode NFKC and case folding, legal forms stripped (in
Chinese and Cyrillic before romanising, in Latin after), Han romanised with pypinyin and
every other script with anyascii, punctuation dropped, a few spelling folds that differ
between transliteration systems (ks/x, iy/y, q/k), and the tokens sorted so that word
order does not count; a second, compact key joins the words in order without spaces, for
names whose word breaks differ (pinyin syllables, "Sino Bright" / "Sinobright"). The
same functions build the index of listed names and the query, so both sides agree.
"""

# ruff: noqa: RUF001  (Cyrillic legal forms share letters with Latin ones, on purpose)

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii
from pypinyin import lazy_pinyin
from rapidfuzz.distance import OSA

# Chinese legal forms, longest first: they end a name and have no spaces around them.
CHINESE_LEGAL_FORMS = (
    "股份有限公司",
    "有限责任公司",
    "有限責任公司",
    "股份公司",
    "有限公司",
    "集团公司",
    "分公司",
    "公司",
)

# Cyrillic legal forms (casefolded): whole phrases first, then abbreviations as tokens.
CYRILLIC_LEGAL_PHRASES = (
    "публичное акционерное общество",
    "открытое акционерное общество",
    "закрытое акционерное общество",
    "непубличное акционерное общество",
    "акционерное общество",
    "общество с ограниченной ответственностью",
    "товарищество с ограниченной ответственностью",
    "жауапкершілігі шектеулі серіктестік",
    "индивидуальный предприниматель",
    "федеральное государственное унитарное предприятие",
    "государственное унитарное предприятие",
)
CYRILLIC_LEGAL_TOKENS = frozenset(
    {"ооо", "оао", "зао", "пао", "ао", "нао", "тоо", "жшс", "ип", "фгуп", "гуп", "муп", "тов", "пп"}
)

# Latin legal forms as tokens after punctuation is dropped ("Co., Ltd." → "co ltd").
LATIN_LEGAL_TOKENS = frozenset(
    {
        "co",
        "company",
        "corp",
        "corporation",
        "inc",
        "incorporated",
        "ltd",
        "limited",
        "llc",
        "llp",
        "lp",
        "plc",
        "gmbh",
        "ag",
        "kg",
        "mbh",
        "ug",
        "jsc",
        "ojsc",
        "cjsc",
        "pjsc",
        "ooo",
        "oao",
        "zao",
        "pao",
        "ao",
        "too",
        "tov",
        "sa",
        "sarl",
        "sas",
        "srl",
        "spa",
        "bv",
        "nv",
        "oy",
        "ab",
        "as",
        "aps",
        "kft",
        "zrt",
        "sro",
        "doo",
        "ou",
        "uab",
        "sia",
        "pte",
        "pty",
        "bhd",
        "sdn",
        "fze",
        "fzco",
        "fzc",
        "dmcc",
        "jv",
    }
)
# Multi-token Latin forms, matched on the token sequence.
LATIN_LEGAL_PHRASES = (
    ("sp", "z", "o", "o"),
    ("s", "a"),
    ("s", "r", "l"),
    ("s", "p", "a"),
    ("b", "v"),
    ("n", "v"),
    ("a", "s"),
    ("co", "kg"),
    ("public", "joint", "stock"),
    ("open", "joint", "stock"),
    ("closed", "joint", "stock"),
    ("joint", "stock"),
    ("limited", "liability"),
    ("limited", "liability", "partnership"),
    ("private", "limited"),
)

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_NOT_WORD = re.compile(r"[^0-9a-z]+")
# Spellings that differ between transliteration systems and typists, folded alike.
_FOLDS = (
    (re.compile(r"ks"), "x"),
    (re.compile(r"(?:iy|ii|yi|ij)\b"), "y"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"(?<=[a-z])ie\b"), "y"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"q"), "k"),
    (re.compile(r"(.)\1"), r"\1"),
)
_IDENTIFIER = re.compile(r"[^0-9A-Z]+")
MAX_NAME_LENGTH = 500


def script_of(text: str) -> str:
    """The ISO 15924 code of the text's main non-Latin script, else Latn."""
    counts: dict[str, int] = {}
    for char in text:
        if not char.isalpha() or char.isascii():
            continue
        code = _script_code(char)
        counts[code] = counts.get(code, 0) + 1
    if not counts:
        return "Latn"
    return max(counts.items(), key=lambda item: item[1])[0]


def _script_code(char: str) -> str:
    name = unicodedata.name(char, "")
    for prefix, code in (
        ("CJK", "Hani"),
        ("CYRILLIC", "Cyrl"),
        ("ARABIC", "Arab"),
        ("HANGUL", "Hang"),
        ("HIRAGANA", "Jpan"),
        ("KATAKANA", "Jpan"),
        ("GREEK", "Grek"),
        ("HEBREW", "Hebr"),
        ("THAI", "Thai"),
        ("GEORGIAN", "Geor"),
        ("ARMENIAN", "Armn"),
        ("DEVANAGARI", "Deva"),
    ):
        if name.startswith(prefix):
            return code
    return "Latn"


def _strip_chinese_forms(text: str) -> str:
    stripped = text.rstrip()
    changed = True
    while changed:
        changed = False
        for form in CHINESE_LEGAL_FORMS:
            if stripped.endswith(form) and len(stripped) > len(form):
                stripped = stripped[: -len(form)].rstrip()
                changed = True
            elif stripped == form:
                return ""
    return stripped


def _strip_cyrillic_forms(text: str) -> str:
    for phrase in CYRILLIC_LEGAL_PHRASES:
        text = text.replace(phrase, " ")
    tokens = re.split(r"[\s\"«»'.,()]+", text)
    return " ".join(token for token in tokens if token and token not in CYRILLIC_LEGAL_TOKENS)


def _romanise(text: str) -> str:
    """Han by pypinyin (one syllable a token), everything else by anyascii."""
    text = _HAN.sub(lambda found: " " + " ".join(lazy_pinyin(found.group())) + " ", text)
    return anyascii(text)


# Long legal-form words are stripped even with one typo or swap ("Corporatin", "Limtied"): a typo
# there would otherwise leave a word the listed name does not have.
_LONG_LEGAL_WORDS = ("corporation", "incorporated", "limited", "company")


def _is_legal_word(token: str) -> bool:
    if token in LATIN_LEGAL_TOKENS:
        return True
    return len(token) >= 6 and any(
        OSA.distance(token, word, score_cutoff=1) <= 1 for word in _LONG_LEGAL_WORDS
    )


def _strip_latin_forms(tokens: list[str]) -> list[str]:
    for phrase in sorted(LATIN_LEGAL_PHRASES, key=len, reverse=True):
        size = len(phrase)
        index = 0
        while index + size <= len(tokens):
            if tuple(tokens[index : index + size]) == phrase:
                del tokens[index : index + size]
            else:
                index += 1
    return [token for token in tokens if not _is_legal_word(token)]


def _fold(token: str) -> str:
    for pattern, replacement in _FOLDS:
        token = pattern.sub(replacement, token)
    return token


@lru_cache(maxsize=65536)
def name_tokens(text: str) -> tuple[str, ...]:
    """A name's words in order: folded, legal forms stripped, romanised (Han one syllable
    a word). Empty when nothing but legal forms, punctuation or spaces remains."""
    text = unicodedata.normalize("NFKC", text[:MAX_NAME_LENGTH]).casefold()
    if _HAN.search(text):
        text = _strip_chinese_forms(text)
    if _CYRILLIC.search(text):
        text = _strip_cyrillic_forms(text)
    latin = _romanise(text).lower().replace("'", "")
    tokens = _strip_latin_forms([token for token in _NOT_WORD.split(latin) if token])
    return tuple(_fold(token) for token in tokens)


def name_key(text: str) -> str:
    """The matching key of a name: its words sorted, so that word order does not count."""
    return " ".join(sorted(name_tokens(text)))


def compact_key(text: str) -> str:
    """The words in order without spaces: "Xi Jinping" = 习近平 = "xijinping"."""
    return "".join(name_tokens(text))


def identifier_key(value: str) -> str:
    """Upper case, letters and digits only: how an identifier is compared."""
    return _IDENTIFIER.sub("", unicodedata.normalize("NFKC", value).upper())
