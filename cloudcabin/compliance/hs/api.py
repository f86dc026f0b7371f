"""API: GET /api/v1/compliance/hs/suggest?text=&language=, or POST the same as JSON (for a
long description); any signed-in member or API key. Reads only."""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from cloudcabin.api.auth import actor_of
from cloudcabin.api.schemas import ErrorsOut, Input
from cloudcabin.compliance.hs.service import MAX_TEXT, Suggestions, suggest_hs

router = Router()


class SuggestParams(Input):
    text: str = Field(
        "", description=f"The goods description, any language, at most {MAX_TEXT} characters."
    )
    language: str = Field(
        "", description="The description's language tag (en, zh…); detected when empty."
    )


class HsCandidateOut(Schema):
    hs6: str = Field(description="HS 2022 subheading (6 digits).")
    national_code: str = Field(description="China 8-digit commodity code under it, or empty.")
    name_en: str
    name_zh: str
    score: Decimal = Field(description="0.00–1.00; 1.00 = confirmed for this very description.")
    source: str = Field(description="confirmed (your issued packs) or tariff (lexical ranking).")
    reason: str
    in_hs2022: bool = Field(description="False flags a code that is not an HS 2022 subheading.")


class QuestionOut(Schema):
    property: str = Field(description="material, knitted, wearer, part, use or power.")
    question: str


class SuggestionsOut(Schema):
    text: str
    language: str
    candidates: list[HsCandidateOut]
    question: QuestionOut | None = Field(
        description="When the two best differ by a property: the question that decides."
    )


def _answer(found: Suggestions) -> dict[str, object]:
    return {
        "text": found.text,
        "language": found.language,
        "candidates": list(found.candidates),
        "question": (
            {"property": found.question.key, "question": found.question.question}
            if found.question
            else None
        ),
    }


RESPONSES = {200: SuggestionsOut, 400: ErrorsOut, 422: ErrorsOut}


@router.get("/hs/suggest", response=RESPONSES)
def hs_suggest(request: HttpRequest, params: Query[SuggestParams]) -> dict[str, object]:
    """Five HS 2022 candidates (with China 8-digit codes) for a goods description."""
    return _answer(suggest_hs(params.text, params.language, actor_of(request).organization))


@router.post("/hs/suggest", response=RESPONSES)
def hs_suggest_posted(request: HttpRequest, payload: SuggestParams) -> dict[str, object]:
    """The same as GET, the description in a JSON body. Nothing is saved."""
    return _answer(suggest_hs(payload.text, payload.language, actor_of(request).organization))
