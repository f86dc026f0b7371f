"""API: record events in batches (JSON or CSV), read them back DCSA-shaped, retract one.

POST /api/v1/tracking/events              {"events": [...]}  at most 500, all or none
POST /api/v1/tracking/events/csv          the CSV upload's file, same rules
GET  /api/v1/tracking/events?booking=&container=&since=
POST /api/v1/tracking/events/{event_id}/retract
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.db.models import Q
from django.http import HttpRequest
from ninja import File, Router, Status
from ninja.files import UploadedFile

from cloudcabin.accounts.tenancy import TenantQuerySet
from cloudcabin.api.auth import actor_of
from cloudcabin.api.schemas import ErrorsOut
from cloudcabin.tracking import ingest
from cloudcabin.tracking.ingest_schemas import EventBatchIn, EventOut, RecordedOut, RetractIn
from cloudcabin.tracking.models import EventType, TrackingEvent
from cloudcabin.tracking.services import Recorded, booking_id_of, retract_event

router = Router()

WRITE = {400: ErrorsOut, 403: ErrorsOut, 404: ErrorsOut, 409: ErrorsOut, 413: ErrorsOut}
REFUSED = {422: ErrorsOut}
MAX_READ = 1000


@router.post("/events", response={201: RecordedOut, **WRITE, **REFUSED})
def record(request: HttpRequest, payload: EventBatchIn) -> Status[dict[str, Any]]:
    """Record a batch of events; a problem names its event: ``events[3].container``.

    Nothing is stored unless every event is good. An event sent again (same
    ``source_reference``, or without one the same facts) is stored once and counted
    in ``duplicates``.
    """
    recorded = ingest.record_batch(actor_of(request), payload.events)
    return Status(201, _recorded(recorded))


@router.post("/events/csv", response={201: RecordedOut, **WRITE, **REFUSED})
def record_csv(request: HttpRequest, file: File[UploadedFile]) -> Status[dict[str, Any]]:
    """The same events as a CSV file: a header row of the JSON field names (or their
    Chinese names), one event a row. A problem names its row (the header is row 1) and
    column: ``row 5.container``."""
    data = file.read(ingest.MAX_CSV_BYTES + 1)
    recorded = ingest.record_csv(actor_of(request), data)
    return Status(201, _recorded(recorded))


@router.get("/events", response={200: list[EventOut], 404: ErrorsOut})
def list_events(
    request: HttpRequest,
    booking: str = "",
    container: str = "",
    since: datetime | None = None,
    limit: int = 500,
) -> list[dict[str, Any]]:
    """Events of your bookings, oldest first (DCSA Track & Trace 2.x shape). ``since``:
    those recorded or retracted from then on, for polling."""
    events = _events().for_actor(actor_of(request))
    if booking:
        events = events.filter(booking_id=booking_id_of(booking) or 0)
    if container:
        events = events.filter(container__number=container.strip().upper().replace(" ", ""))
    if since is not None:
        events = events.filter(Q(created_at__gte=since) | Q(retracted_at__gte=since))
    chosen = events.order_by("created_at", "event_time", "pk")[: max(1, min(limit, MAX_READ))]
    return [event_out(e) for e in chosen]


@router.post("/events/{event_id}/retract", response={200: EventOut, **WRITE, **REFUSED})
def retract(request: HttpRequest, event_id: UUID, payload: RetractIn) -> dict[str, Any]:
    """Withdraw a wrong event: it stays, marked retracted, with who and why."""
    event = retract_event(actor_of(request), str(event_id), reason=payload.reason)
    return event_out(_events().get(pk=event.pk))


def _events() -> TenantQuerySet[TrackingEvent]:
    return TrackingEvent.objects.select_related(
        "booking", "container", "milestone", "departure__service"
    )


def _recorded(recorded: Recorded) -> dict[str, Any]:
    return {
        "created": len(recorded.created),
        "duplicates": recorded.duplicates,
        "event_ids": [str(e.pk) for e in recorded.created],
    }


def event_out(event: TrackingEvent) -> dict[str, Any]:
    code = {
        EventType.TRANSPORT: "transportEventTypeCode",
        EventType.EQUIPMENT: "equipmentEventTypeCode",
        EventType.SHIPMENT: "shipmentEventTypeCode",
    }
    codes: dict[str, str | None] = dict.fromkeys(code.values())
    codes[code[EventType(event.event_type)]] = event.code
    milestone = event.milestone
    return {
        "eventID": str(event.pk),
        "eventCreatedDateTime": event.created_at,
        "eventType": event.event_type,
        "eventClassifierCode": event.classifier,
        "eventDateTime": event.event_time,
        **codes,
        "equipmentReference": event.container.number if event.container else None,
        "emptyIndicatorCode": milestone.empty_indicator or None,
        "transportPhase": milestone.transport_phase,
        "transportCall": {
            "UNLocationCode": event.locode,
            "facilityTypeCode": milestone.facility_type,
            "modeOfTransport": "RAIL",
            "railService": event.train_number or event.departure.service.code,
            "railCarReference": event.wagon_number,
        },
        "documentReferences": [
            {"documentReferenceType": "BKG", "documentReferenceValue": event.booking.reference}
        ]
        + (
            [{"documentReferenceType": "TRD", "documentReferenceValue": note}]
            if (note := event.booking.consignment_note_number)
            else []
        ),
        "delayReasonCode": event.delay_reason,
        "changeRemark": event.remark,
        "milestone": event.milestone_id,
        "rec24StatusCode": event.rec24_code,
        "source": event.source,
        "sourceReference": event.source_ref,
        "isRetracted": event.is_retracted,
        "retractedDateTime": event.retracted_at,
    }
