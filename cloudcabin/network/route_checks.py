"""Checks that domains above the network make on route options for the goods quoted.

Compliance (goods that may not travel a route) sits above the network, which never
imports it. It registers a check here when its app is ready; the quote page asks
``marks_for`` and marks each option with what the check found, and with the countries
whose avoidance would resolve it (the quote form's "avoid transit through").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

HS_CODE = re.compile(r"[0-9]{4,10}")


def clean_hs_codes(typed: Iterable[str]) -> list[str]:
    """Each typed code as its digits, once: "8542.31" and "8542 31" → "854231", full-width
    digits read as the digits they are. ValueError names the first that is no HS code."""
    codes: list[str] = []
    for text in typed:
        code = re.sub(r"[\s.]", "", unicodedata.normalize("NFKC", text))
        if code and not HS_CODE.fullmatch(code):
            raise ValueError(text)
        if code and code not in codes:
            codes.append(code)
    return codes


@dataclass(frozen=True)
class RouteMark:
    blocking: bool  # the goods may not travel this route
    title: str  # what was found, e.g. "HS 8542.31: may not travel this route"
    detail: str  # why, in the reader's language
    reference: str  # the legal reference
    source_url: str
    avoid: tuple[str, ...] = ()  # transit countries whose avoidance resolves it


# (HS codes, route options as stored, the day) → the marks of each option, in order.
RouteCheck = Callable[[Sequence[str], Sequence[dict[str, Any]], date], list[list[RouteMark]]]

_CHECKS: list[RouteCheck] = []


def register_route_check(check: RouteCheck) -> RouteCheck:
    """Add ``check`` (once) to what ``marks_for`` asks; usable as a decorator."""
    if check not in _CHECKS:
        _CHECKS.append(check)
    return check


def marks_for(
    hs_codes: Sequence[str], options: Sequence[dict[str, Any]], on_date: date
) -> list[list[RouteMark]]:
    """Every registered check's marks on each option (no codes: no marks)."""
    marks: list[list[RouteMark]] = [[] for _option in options]
    if not hs_codes:
        return marks
    for check in _CHECKS:
        for found, more in zip(marks, check(hs_codes, options, on_date), strict=True):
            found.extend(more)
    return marks
