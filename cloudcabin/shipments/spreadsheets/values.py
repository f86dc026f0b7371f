"""Cell text → typed goods-line values: numbers in any locale, HS codes, units, countries.

Each parser returns the value or raises ``CellError`` with a catalogue code; the
importer turns that into a Problem naming the file's row and column.
"""

# ruff: noqa: RUF001  (Russian unit and country words share letters with Latin ones)

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cloudcabin.numbers import to_places
from cloudcabin.reference.models import Country, CustomsUnit


class CellError(Exception):
    """A cell's text is not a value of its column's kind."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


# --- numbers -------------------------------------------------------------------------

# Spaces of every width and the Swiss apostrophe group digits; they carry no meaning.
_GROUPING = re.compile(r"[\s\u00a0\u202f\u2009']")
_CURRENCY = re.compile(r"^(?:US\$|USD|EUR|CNY|RMB|[$€¥£₽])|(?:USD|EUR|CNY|RMB|[$€¥£₽])$")
_SIMPLE = re.compile(r"^\d+\.\d+$")
_PLAIN = re.compile(r"^(?:\d+(?:\.\d*)?|\.\d+)$")
# "12,5" or "1.234,50" can only be a decimal comma; "12.5" or "1,234.50" only a decimal point.
_COMMA_DECIMAL = re.compile(r"^\d*[.\s]?\d*,(?:\d{1,2}|\d{4,})$|^\d{1,3}(?:\.\d{3})+,\d+$|^0,\d+$")
_POINT_DECIMAL = re.compile(r"^\d*,?\d*\.(?:\d{1,2}|\d{4,})$|^\d{1,3}(?:,\d{3})+\.\d+$|^0\.\d+$")


def _squeeze(text: str) -> str:
    return _GROUPING.sub("", unicodedata.normalize("NFKC", text))


def uses_decimal_comma(texts: Iterable[str]) -> bool:
    """Whether the file writes decimals with a comma, judged from its unambiguous numbers.

    "1,234" is a thousand in an English file and 1.234 in a Russian one; the numbers that
    cannot be misread ("12,5", "1 234,50", "0,125" against "12.5", "1,234.50") decide.
    """
    comma = point = 0
    # Figures repeat down a column: each distinct text is judged once, counted as often.
    for text, times in Counter(texts).items():
        squeezed = _squeeze(text).lstrip("-")
        if _COMMA_DECIMAL.match(squeezed):
            comma += times
        elif _POINT_DECIMAL.match(squeezed):
            point += times
        elif " " in text.strip() and "," in text and "." not in text:
            comma += times  # "1 234,5": spaces group thousands, so the comma is decimal
    return comma > point


def parse_decimal(text: str, *, decimal_comma: bool) -> Decimal:
    """'1,234.50', '1 234,50', '1.234,50', '1234.5', '$ 1,234.50' → Decimal; never negative."""
    if (text.isascii() and text.isdigit()) or (not decimal_comma and _SIMPLE.match(text)):
        return Decimal(text)  # the usual case, e.g. every number cell of a workbook
    squeezed = _CURRENCY.sub("", _squeeze(text).upper())
    negative = squeezed.startswith("-") or (squeezed.startswith("(") and squeezed.endswith(")"))
    digits = squeezed.strip("-()")
    if "," in digits and "." in digits:
        decimal_mark = "," if digits.rfind(",") > digits.rfind(".") else "."
    elif digits.count(",") == 1 and "." not in digits:
        decimal_mark = "," if decimal_comma or not _is_grouped(digits, ",") else "."
    elif digits.count(".") == 1 and "," not in digits:
        decimal_mark = "." if not decimal_comma or not _is_grouped(digits, ".") else ","
    else:
        decimal_mark = "."  # several of one mark: they group thousands
    grouping = "." if decimal_mark == "," else ","
    plain = digits.replace(grouping, "").replace(decimal_mark, ".")
    if not _PLAIN.match(plain):
        raise CellError("IMPORT_NUMBER_INVALID", value=text)
    if negative and Decimal(plain) != 0:
        raise CellError("IMPORT_NUMBER_NEGATIVE", value=text)
    return Decimal(plain)


def _is_grouped(digits: str, mark: str) -> bool:
    """'1,234' reads as a thousands group; '0,234' and '1,23' cannot."""
    head, tail = digits.split(mark)
    return len(tail) == 3 and head not in ("", "0")


def fit_decimal(value: Decimal, text: str, *, max_digits: int, decimal_places: int) -> Decimal:
    """Round to the column's precision (half-up) and refuse what does not fit in it."""
    rounded = to_places(value, decimal_places)
    if rounded.adjusted() >= max_digits - decimal_places:
        raise CellError("IMPORT_NUMBER_TOO_LARGE", value=text, digits=max_digits - decimal_places)
    return rounded


def parse_whole(text: str, *, decimal_comma: bool, maximum: int) -> int:
    try:
        value = parse_decimal(text, decimal_comma=decimal_comma)
    except CellError as exc:
        raise CellError("IMPORT_WHOLE_NUMBER", value=text) from exc
    if value != value.to_integral_value():
        raise CellError("IMPORT_WHOLE_NUMBER", value=text)
    if value > maximum:
        raise CellError("IMPORT_NUMBER_TOO_LARGE", value=text, digits=len(str(maximum)))
    return int(value)


# --- codes ---------------------------------------------------------------------------

_CODE_PUNCTUATION = re.compile(r"[\s.\-_/]")


def split_hs(text: str) -> tuple[str, str]:
    """'8541.43.00' → ('854143', '85414300'); a 6-digit code has no national code."""
    digits = _CODE_PUNCTUATION.sub("", unicodedata.normalize("NFKC", text))
    if not digits.isdigit() or len(digits) not in (6, 8, 10):
        raise CellError("IMPORT_HS_INVALID", value=text)
    return digits[:6], digits if len(digits) > 6 else ""


def national_code(text: str) -> str:
    return _CODE_PUNCTUATION.sub("", unicodedata.normalize("NFKC", text))


def un_number(text: str) -> str:
    """'UN 1263' → '1263'."""
    return re.sub(r"^UN", "", _CODE_PUNCTUATION.sub("", text.upper()))


def _key(text: str) -> str:
    return re.sub(r"[\s.]", "", unicodedata.normalize("NFKC", text).casefold())


# Everyday unit words → UN/ECE Rec. 20; China's customs unit names come from the database.
UNIT_WORDS: dict[str, str] = {
    **dict.fromkeys(("pc", "pcs", "piece", "pieces", "ea", "each", "unit", "units"), "H87"),
    **dict.fromkeys(("шт", "штук", "штука"), "H87"),
    **dict.fromkeys(("kg", "kgs", "kilogram", "kilograms", "кг"), "KGM"),
    **dict.fromkeys(("set", "sets", "компл", "комплект"), "SET"),
    **dict.fromkeys(("pair", "pairs", "prs", "пар", "пара"), "PR"),
    **dict.fromkeys(("m", "meter", "meters", "metre", "metres", "м"), "MTR"),
    **dict.fromkeys(("m2", "sqm", "м2"), "MTK"),
    **dict.fromkeys(("m3", "cbm", "м3"), "MTQ"),
    **dict.fromkeys(("l", "ltr", "litre", "liter", "litres", "liters", "л"), "LTR"),
    **dict.fromkeys(("t", "mt", "ton", "tons", "tonne", "tonnes", "т"), "TNE"),
    **dict.fromkeys(("g", "gram", "grams", "г"), "GRM"),
}

# Packaging words → China customs packaging codes (table in reference/data/cn-customs).
PACKAGE_WORDS: dict[str, str] = {
    **dict.fromkeys(("ctn", "ctns", "carton", "cartons", "纸箱", "картон", "коробка"), "22"),
    **dict.fromkeys(("wc", "woodencase", "woodencases", "木箱", "ящик"), "23"),
    **dict.fromkeys(("bag", "bags", "包", "袋", "мешок", "мешки"), "06"),
    **dict.fromkeys(("bulk", "散装", "навалом"), "00"),
    **dict.fromkeys(("unpacked", "nude", "裸装", "безупаковки"), "01"),
}

# Country names the reference table lacks: Russian ones along the corridor, common short forms.
COUNTRY_WORDS: dict[str, str] = {
    "prc": "CN", "china": "CN", "中国": "CN", "中华人民共和国": "CN", "китай": "CN",
    "madeinchina": "CN", "казахстан": "KZ", "россия": "RU", "russia": "RU",
    "беларусь": "BY", "белоруссия": "BY", "польша": "PL", "германия": "DE",
    "узбекистан": "UZ", "кыргызстан": "KG", "киргизия": "KG", "монголия": "MN",
    "турция": "TR", "грузия": "GE", "азербайджан": "AZ", "вьетнам": "VN",
    "япония": "JP", "корея": "KR", "сша": "US", "usa": "US", "uk": "GB",
    "италия": "IT", "франция": "FR", "нидерланды": "NL", "бельгия": "BE",
    "чехия": "CZ", "венгрия": "HU", "vietnam": "VN", "southkorea": "KR",
}  # fmt: skip


@dataclass(frozen=True)
class Vocabulary:
    """The reference answers the importer needs, fetched once per import."""

    units: dict[str, str]  # key → Rec. 20 code
    countries: dict[str, str]  # key → alpha-2

    @classmethod
    def load(cls) -> Vocabulary:
        units = {_key(word): code for word, code in UNIT_WORDS.items()}
        for code, name_zh, rec20 in CustomsUnit.objects.exclude(unece_rec20="").values_list(
            "code", "name_zh", "unece_rec20"
        ):
            units[_key(name_zh)] = rec20
            units[code] = rec20
            units[_key(rec20)] = rec20
        countries = {_key(word): code for word, code in COUNTRY_WORDS.items()}
        for alpha2, alpha3, name_en, name_zh in Country.objects.values_list(
            "alpha2", "alpha3", "name_en", "name_zh"
        ):
            for word in (alpha2, alpha3, name_en, name_zh):
                if word:
                    countries.setdefault(_key(word), alpha2)
        return cls(units=units, countries=countries)

    def unit(self, text: str) -> str:
        """'pcs' → 'H87', '千克' → 'KGM', '个 PCS' → 'H87'; an unknown code of up to 3 letters
        is kept as typed."""
        found = _bilingual(self.units, text)
        if found:
            return found
        code = text.strip().upper()
        if len(code) <= 3 and code.isalnum():
            return code  # the rules warn about a Rec. 20 code they do not know
        raise CellError("IMPORT_UNIT_INVALID", value=text)

    def country(self, text: str) -> str:
        found = _bilingual(self.countries, text)
        if found:
            return found
        code = text.strip().upper()
        if len(code) == 2 and code.isalpha():
            return code  # the rules report a code that is not ISO 3166
        raise CellError("COUNTRY_UNKNOWN", value=text)


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def _bilingual(table: dict[str, str], text: str) -> str | None:
    """The table's answer for the text, or for a bilingual text ("中国 CHINA", "个/PCS")
    the one answer its Chinese and other parts agree on."""
    found = table.get(_key(text))
    if found or not _CJK.search(text):
        return found
    parts = [*_CJK.findall(text), *_CJK.split(text)]
    answers = {
        table.get(_key(part.strip(" /|()（）"))) for part in parts if part.strip(" /|()（）")
    }
    answers.discard(None)
    return answers.pop() if len(answers) == 1 else None


def package_type(text: str) -> str:
    code = text.strip()
    if code.isdigit() and len(code) <= 2:
        return code.zfill(2)
    found = PACKAGE_WORDS.get(_key(code).replace("(", "").replace(")", ""))
    if found:
        return found
    raise CellError("IMPORT_PACKAGE_TYPE_INVALID", value=text)
