"""Schemas shared by every API module."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from cloudcabin.fields import first_text_problem


class Input(Schema):
    """The base of every request schema: each text field passes ``cloudcabin.fields``' rule
    (no control characters; none of the bidirectional ones in names, references, codes).

    A refusal's error type is the catalogue code, so the API answers it as that Problem.
    Responses are not checked: what is stored was checked when it was written, and an
    answer must never fail on it.
    """

    @field_validator("*", mode="after")
    @classmethod
    def _text_is_printable(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(info.context, dict) and "response_status" in info.context:
            return value
        found = first_text_problem(value, info.field_name or "")
        if found is not None:
            raise PydanticCustomError(found.code, found.message)
        return value


class ProblemOut(Schema):
    code: str
    severity: str
    path: str
    message: str


class ErrorsOut(Schema):
    errors: list[ProblemOut]


class StaleOut(ErrorsOut):
    """A 409 answer; after STALE_VERSION ``current`` is the record as stored now."""

    current: dict[str, object] | None = None
