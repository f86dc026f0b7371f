"""API: an IFTSTA interchange in (the body is the EDIFACT text), one out for a booking."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema

from cloudcabin.api.auth import actor_of
from cloudcabin.api.schemas import ErrorsOut
from cloudcabin.errors import ProblemError
from cloudcabin.tracking.edifact import services
from cloudcabin.tracking.edifact.reader import decode
from cloudcabin.tracking.services import booking_id_of

router = Router()

EDIFACT_TYPES = ("text/plain", "application/edifact")
EDIFACT_CONTENT_TYPE = "application/edifact; charset=utf-8"


class IftstaReceivedOut(Schema):
    created: int
    duplicates: int


@router.post(
    "/iftsta",
    url_name="tracking_iftsta",
    response={
        200: IftstaReceivedOut,
        403: ErrorsOut,
        409: ErrorsOut,
        415: ErrorsOut,
        422: ErrorsOut,
    },
    openapi_extra={
        "description": (
            "Send an EDIFACT IFTSTA interchange (CNI-led layout, directories D.96B to D.13B) "
            "as the request body, with `Content-Type: text/plain` or `application/edifact`. "
            "Every status is recorded, or none: a refusal names the segment in `path`, "
            "e.g. `segment 12 (DTM)`. Statuses already recorded count as duplicates."
        )
    },
)
def receive_iftsta(request: HttpRequest) -> dict[str, int]:
    actor = actor_of(request)
    actor.require_write()  # a read-only key learns nothing about the body it sent
    media_type = (request.content_type or "").lower()
    if media_type not in EDIFACT_TYPES:
        raise ProblemError.of("TRACKING_IFTSTA_CONTENT_TYPE", types=", ".join(EDIFACT_TYPES))
    recorded = services.receive_iftsta(actor, decode(request.body))
    return {"created": len(recorded.created), "duplicates": recorded.duplicates}


@router.get(
    "/iftsta",
    url_name="tracking_iftsta",
    response={404: ErrorsOut, 409: ErrorsOut},
    openapi_extra={
        "responses": {
            200: {
                "description": "The booking's events as one IFTSTA interchange for the partner",
                "content": {"application/edifact": {}},
            }
        }
    },
)
def iftsta_for_booking(request: HttpRequest, booking: str, profile: int) -> HttpResponse:
    """The booking's events as the partner's profile wants them (each call takes the
    profile's next interchange control reference)."""
    written = services.iftsta_for_booking(
        actor_of(request), booking_reference=booking, profile_id=profile
    )
    response = HttpResponse(written.text.encode("utf-8"), content_type=EDIFACT_CONTENT_TYPE)
    name = f"BK-{booking_id_of(booking) or 0:06d}-{profile}.edi"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
