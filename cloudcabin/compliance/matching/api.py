"""POST /api/v1/compliance/screen: screen one name (and identifiers) against the lists now."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from cloudcabin.api.schemas import ErrorsOut, Input
from cloudcabin.compliance.matching import PartyQuery, identifier_key, name_key, screen
from cloudcabin.compliance.matching.normalize import MAX_NAME_LENGTH
from cloudcabin.compliance.matching.selectors import cite
from cloudcabin.errors import ProblemError

router = Router()


class ScreenIn(Input):
    name: str = Field("", max_length=MAX_NAME_LENGTH)
    # scheme → number, e.g. {"INN": "7707083893", "USCC": "91610000…"}
    identifiers: dict[str, str] = Field(default_factory=dict, max_length=20)
    country: str = Field("", max_length=2, description="ISO 3166 alpha-2")


class VersionOut(Schema):
    id: int
    list: str
    list_name: str
    published: date | None
    sha256: str


class ScreeningCandidateOut(Schema):
    entity_id: int
    version: VersionOut
    source_id: str
    kind: str
    primary_name: str
    matched_name: str
    score: Decimal
    band: str
    reasons: list[str]
    programmes: list[str]
    legal_refs: list[str]


class ScreenOut(Schema):
    key: str
    candidates: list[ScreeningCandidateOut]


@router.post("/screen", response={200: ScreenOut, 422: ErrorsOut})
def screen_name(request: HttpRequest, payload: ScreenIn) -> dict[str, Any]:
    """Candidates over the current list versions, best first, score ≥ 0.70.

    Bands: ≥ 0.95 hold, 0.85–0.94 review, 0.70–0.84 note. Each candidate cites its list
    version (list, publication date, SHA-256 prefix) and the entry's programmes and legal
    references. A screening aid: a named person decides.
    """
    key = name_key(payload.name)
    identifiers = {
        scheme: value for scheme, value in payload.identifiers.items() if identifier_key(value)
    }
    if not key and not identifiers:
        raise ProblemError.of("SCREENING_QUERY_NAME_EMPTY", path="name")
    found = screen(PartyQuery(name=payload.name, identifiers=identifiers, country=payload.country))
    return {
        "key": key,
        "candidates": [
            {
                **vars(candidate),
                "reasons": list(candidate.reasons),
                "version": {
                    "id": candidate.version_id,
                    "list": candidate.list_source,
                    "list_name": candidate.list_name,
                    "published": candidate.published,
                    "sha256": candidate.sha256,
                },
            }
            for candidate in cite(found)
        ],
    }
