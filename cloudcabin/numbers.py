"""How numbers are rounded, written down once.

Amounts and masses are stored with more precision than they are shown; they are
rounded only when compared or rendered, always half-up (the commercial rule, and the
one China customs uses on declarations) unless a rule says otherwise (a printed origin
percentage is cut). Python's ``round()`` and a bare ``quantize()`` round half-even, so
product code rounds only through these functions (a test scans the source for others).
"""

from __future__ import annotations

import math
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
GRAM = Decimal("0.001")
# The declaration's legal quantities (n(19,5)) and unit prices (n(14,4)).
LEGAL_QUANTITY = Decimal("0.00001")
UNIT_PRICE = Decimal("0.0001")
TENTH = Decimal("0.1")
# A line's amount may differ from quantity × unit price by at most this after rounding.
AMOUNT_TOLERANCE = Decimal("0.01")
# Stated totals may differ from the sum of the lines by at most this much mass.
MASS_TOLERANCE_KG = Decimal("0.5")


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def mass(value: Decimal) -> Decimal:
    return value.quantize(GRAM, rounding=ROUND_HALF_UP)


def legal_quantity(value: Decimal) -> Decimal:
    return value.quantize(LEGAL_QUANTITY, rounding=ROUND_HALF_UP)


def unit_price(value: Decimal) -> Decimal:
    return value.quantize(UNIT_PRICE, rounding=ROUND_HALF_UP)


def to_whole(value: Decimal) -> Decimal:
    """Rounded to a whole number (hours of an estimated arrival, kilograms in a message)."""
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def to_places(value: Decimal, places: int) -> Decimal:
    """Rounded to ``places`` decimals: a number read into a column of that precision."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def co2_kg(value: Decimal) -> Decimal:
    """An emission estimate, to a tenth of a kilogram."""
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def percent_cut(value: Decimal) -> Decimal:
    """A percentage as printed on a certificate of origin: cut, never rounded up, to two
    decimals, so that a printed 40.00 % is never really 39.995 %."""
    return value.quantize(CENT, rounding=ROUND_DOWN)


def chart_length(value: Decimal) -> Decimal:
    """A length on a drawn chart, to a tenth of a unit."""
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def map_coordinate(value: float) -> float:
    """A point of a drawn map (float pixels), to a tenth of a pixel."""
    return math.floor(value * 10 + 0.5) / 10


def search_score(value: float) -> float:
    """A search hit's relevance, to two decimals."""
    return math.floor(value * 100 + 0.5) / 100


def number_text(value: object) -> str:
    """Decimals without trailing zeros (``28140.000`` → ``28140``), never in exponent form."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def money_text(value: Decimal | None) -> str:
    """Money with at least two decimals (``96.5000`` → ``96.50``)."""
    if value is None:
        return ""
    whole, _, fraction = number_text(value).partition(".")
    return f"{whole}.{fraction.ljust(2, '0')}"
