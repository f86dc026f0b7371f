"""Denied-party matching: ``screen(PartyQuery(...))`` → candidates over the current lists."""

from __future__ import annotations

from cloudcabin.compliance.matching.engine import (
    HOLD,
    NOTE,
    REVIEW,
    Candidate,
    PartyQuery,
    band_of,
    name_similarity,
    screen,
    screen_many,
)
from cloudcabin.compliance.matching.normalize import identifier_key, name_key

__all__ = [
    "HOLD",
    "NOTE",
    "REVIEW",
    "Candidate",
    "PartyQuery",
    "band_of",
    "identifier_key",
    "name_key",
    "name_similarity",
    "screen",
    "screen_many",
]
