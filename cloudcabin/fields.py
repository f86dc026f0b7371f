"""What a field accepts: one rule per field, read by the API schemas, the forms and the services.

Text: no C0 or C1 control character anywhere (tab, carriage return and new line only in
multi-line free text); no bidirectional embedding, override or isolate character
(U+202A–U+202E, U+2066–U+2069) in names, references and codes, where it can make
"exe.png" display as "gnp.exe". Free text keeps them, and the rule checks flag them.

Numbers: every count, quantity, mass and amount of the product is zero or more, and fits
its column: decimals their ``max_digits``/``decimal_places``, integers a PostgreSQL
``integer`` (2,147,483,647), the smallest integer column the product uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import cache
from typing import Annotated, Any

import pycountry
from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from pydantic import Field

from cloudcabin.errors import Problem, ProblemError, Severity, problem

INT_MAX = 2**31 - 1
# Containers of one size-type in one booking: more than any train carries (82 TEU).
CONTAINER_COUNT_MAX = 200
COUNTRY = re.compile(r"^[A-Z]{2}$")
_CONTROLS = r"\x00-\x1f\x7f-\x9f"
_BLOCK_CONTROLS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # tab, LF and CR stay
_BIDI = r"\u202a-\u202e\u2066-\u2069"
BIDI = re.compile(f"[{_BIDI}]")


class TextKind(StrEnum):
    CODE = "code"  # names, references, codes: one line, no bidirectional controls
    LINE = "line"  # free text on one line (descriptions, marks): bidirectional controls flagged
    BLOCK = "block"  # free text on several lines (addresses, notes): tab and new line allowed


# Free text, by field name; every other text field is a name, a reference or a code.
TEXT_KINDS: dict[str, TextKind] = {
    "description_en": TextKind.LINE,
    "description_zh": TextKind.LINE,
    "declared_elements": TextKind.LINE,
    "marks": TextKind.LINE,
    "incoterm_place_text": TextKind.LINE,
    "description": TextKind.LINE,
    "address": TextKind.BLOCK,
    "address_latin": TextKind.BLOCK,
    "address_local": TextKind.BLOCK,
    "message": TextKind.BLOCK,
    "note": TextKind.BLOCK,
    "notes": TextKind.BLOCK,
    "reason": TextKind.BLOCK,
}


def text_kind(name: str) -> TextKind:
    return TEXT_KINDS.get(name, TextKind.CODE)


def _codepoint(char: str) -> str:
    return f"U+{ord(char):04X}"


# What each kind refuses: C0 and C1 controls (a block keeps tab, new line and carriage
# return), and in names, references and codes the bidirectional controls too.
REFUSED = {
    TextKind.CODE: re.compile(f"[{_CONTROLS}{_BIDI}]"),
    TextKind.LINE: re.compile(f"[{_CONTROLS}]"),
    TextKind.BLOCK: re.compile(f"[{_BLOCK_CONTROLS}]"),
}
# What the rule checks look for in stored text: the refused characters, and in free text
# the bidirectional controls it keeps but flags.
FLAGGED = {
    TextKind.CODE: REFUSED[TextKind.CODE],
    TextKind.LINE: re.compile(f"[{_CONTROLS}{_BIDI}]"),
    TextKind.BLOCK: re.compile(f"[{_BLOCK_CONTROLS}{_BIDI}]"),
}


def text_fault(value: str, kind: TextKind) -> tuple[str, str] | None:
    """The first character ``kind`` refuses, as (catalogue code, "U+XXXX"), or None."""
    found = REFUSED[kind].search(value)
    if found is None:
        return None
    char = found.group()
    return ("TEXT_BIDI_CONTROL" if BIDI.match(char) else "TEXT_CONTROL_CHARACTER"), _codepoint(char)


def bidi_control_in(value: str) -> str | None:
    """The first bidirectional control character of free text, for the rule checks' warning."""
    found = BIDI.search(value)
    return _codepoint(found.group()) if found else None


def text_problem(value: str, name: str, path: str = "") -> Problem | None:
    fault = text_fault(value, text_kind(name))
    return problem(fault[0], path=path or name, char=fault[1]) if fault else None


def country_problem(value: str, path: str) -> Problem | None:
    """An ISO 3166-1 alpha-2 code, as stored: two capital letters of a known country."""
    if value and not (COUNTRY.match(value) and pycountry.countries.get(alpha_2=value)):
        return problem("COUNTRY_UNKNOWN", path=path, value=value)
    return None


# --- the database columns ----------------------------------------------------------------


def number_problem(column: models.Field[Any, Any], value: Any, path: str) -> Problem | None:
    """Zero or more, and small enough for the column (decimals: digits before and after)."""
    if isinstance(column, models.DecimalField):
        try:
            number = Decimal(value)
        except (InvalidOperation, TypeError, ValueError):
            number = Decimal("NaN")
        places = column.decimal_places or 0
        whole = (column.max_digits or 0) - places
        if (
            not number.is_finite()
            or number < 0
            or number >= Decimal(10) ** whole
            or -int(number.normalize().as_tuple().exponent) > places
        ):
            return problem("NUMBER_OUT_OF_RANGE_DECIMAL", path=path, whole=whole, places=places)
        return None
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= INT_MAX:
        return problem("NUMBER_OUT_OF_RANGE", path=path, minimum=0, maximum=f"{INT_MAX:,}")
    return None


def _texts(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """The strings of a value with their paths: seals[1], licence_documents[0].code."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, f"{path}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, f"{path}.{key}")


def column_problems(model: type[models.Model], values: Mapping[str, Any]) -> list[Problem]:
    """What the model's columns refuse of ``values`` (already normalised by the service).

    The one check every write of a shipment, line, container or party passes, whether it
    came from the API, a page or a service: so the API's response schemas can always read
    back what is stored, and a document never meets a character it cannot write.
    """
    found: list[Problem] = []
    for name, value in values.items():
        try:
            column = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if value is None:
            continue
        fault: Problem | None = None
        if isinstance(column, models.CharField | models.TextField) and isinstance(value, str):
            fault = text_problem(value, name)
            if fault is None and column.max_length and len(value) > column.max_length:
                fault = problem("TOO_LONG", path=name, limit=column.max_length)
            if fault is None and name in ("country", "origin_country"):
                fault = country_problem(value, name)
        elif isinstance(column, models.DecimalField | models.IntegerField):
            fault = number_problem(column, value, name)
        elif isinstance(column, models.JSONField):
            found += [
                p for path, text in _texts(value, name) if (p := text_problem(text, name, path))
            ]
        if fault is not None:
            found.append(fault)
    return found


def require_valid_columns(model: type[models.Model], values: Mapping[str, Any]) -> None:
    found = column_problems(model, values)
    if found:
        raise ProblemError(*found, status=422)


@cache
def _text_columns(model: type[models.Model]) -> list[tuple[str, TextKind]]:
    return [
        (column.name, text_kind(column.name))
        for column in model._meta.concrete_fields
        if isinstance(column, models.CharField | models.TextField | models.JSONField)
    ]


def stored_text_problems(row: models.Model, prefix: str = "") -> Iterator[Problem]:
    """Text already stored that a write would refuse (a row from before these rules, or one
    written around them) as error findings, and bidirectional controls in free text as
    warnings: the rule checks report them, so documents are blocked instead of failing."""
    for name, kind in _text_columns(type(row)):
        value = getattr(row, name)
        if isinstance(value, str) and FLAGGED[kind].search(value) is None:
            continue  # the common case, at the speed of one search
        for path, text in _texts(value, prefix + name):
            if (fault := text_fault(text, kind)) is not None:
                yield problem(fault[0], path=path, char=fault[1])
            elif (char := bidi_control_in(text)) is not None:
                yield problem("TEXT_BIDI_CONTROL", path=path, severity=Severity.WARNING, char=char)


# --- integer fields of the API schemas (decimals carry their column's digits) ------------

Count = Annotated[int, Field(ge=0, le=INT_MAX)]
Serial = Annotated[int, Field(ge=1, le=INT_MAX)]


def first_text_problem(value: Any, name: str) -> Problem | None:
    """The first text fault in a field's value: a string, or the strings of a list or dict."""
    if isinstance(value, str):
        return text_problem(value, name)
    if isinstance(value, list | tuple):
        items: Iterator[Any] = iter(value)
    elif isinstance(value, Mapping):
        items = iter([*value.keys(), *value.values()])
    else:
        return None
    return next((p for item in items if (p := first_text_problem(item, name))), None)


# --- the same rule on every form of the pages --------------------------------------------


class TextRule:
    """A form field's validator: the field's text passes ``first_text_problem``."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, value: Any) -> None:
        found = first_text_problem(value, self.name)
        if found is not None:
            raise ValidationError(found.message, code=found.code)


class PrintableTextForm(forms.BaseForm):
    """The base of every form of the pages: each text field (passwords aside) gets the
    same text rule as the API's schemas and the services, so a page and the API refuse
    the same characters with the same message."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField) and not isinstance(
                field.widget, forms.PasswordInput
            ):
                field.validators.append(TextRule(name))


class IsoDateInput(forms.DateInput):
    """The browser's date picker: its value is always ISO (2026-12-07), whatever the
    language; drawing it in the locale's format ("2026/12/07" in Chinese) left it empty,
    so the form could not be sent. Typed dates in the locale's formats are still parsed
    (the field reads DATE_INPUT_FORMATS, ISO included)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")
