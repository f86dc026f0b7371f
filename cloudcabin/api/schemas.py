"""Schemas shared by every API module."""

from __future__ import annotations

from ninja import Schema


class ProblemOut(Schema):
    code: str
    severity: str
    path: str
    message: str


class ErrorsOut(Schema):
    errors: list[ProblemOut]
