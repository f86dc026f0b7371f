"""What a webhook says: the Standard Webhooks envelope ``{type, timestamp, data}`` around
our event rendered as a DCSA Track & Trace 2.x event (no goods, values or parties)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.utils import timezone

from cloudcabin.tracking.models import TrackingEvent

TYPE_CODE_FIELD = {
    "EQUIPMENT": "equipmentEventTypeCode",
    "TRANSPORT": "transportEventTypeCode",
    "SHIPMENT": "shipmentEventTypeCode",
}
# Our facility types → DCSA facilityTypeCode.
FACILITY_CODES = {
    "INLAND_TERMINAL": "INTE",
    "BORDER": "BOCR",
    "DEPOT": "DEPO",
    "CUSTOMER_LOCATION": "CLOC",
}


def _time(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment is not None else None


def render_event(event: TrackingEvent) -> dict[str, Any]:
    """The event as DCSA 2.x JSON, plus our milestone under ``cloudcabin``.

    Reads only the related rows ``record_events`` attached to the event (booking,
    shipment, container, milestone), so a batch is rendered without a query per row.
    """
    milestone = event.milestone
    shipment = event.shipment
    references = [
        {"documentReferenceType": "BKG", "documentReferenceValue": event.booking.reference}
    ]
    if shipment.consignment_note_number:
        references.append(
            {
                "documentReferenceType": "TRD",
                "documentReferenceValue": shipment.consignment_note_number,
            }
        )
    transport_call: dict[str, Any] = {"modeOfTransport": "RAIL"}
    if event.locode:
        transport_call["UNLocationCode"] = event.locode
    if milestone.facility_type in FACILITY_CODES:
        transport_call["facilityTypeCode"] = FACILITY_CODES[milestone.facility_type]
    if event.train_number:
        transport_call["carrierVoyageNumber"] = event.train_number
    data: dict[str, Any] = {
        "eventID": str(event.id),
        "eventType": event.event_type,
        "eventClassifierCode": event.classifier,
        "eventDateTime": _time(event.event_time),
        "eventCreatedDateTime": _time(event.created_at),
        "eventUpdatedDateTime": _time(event.retracted_at or event.created_at),
        TYPE_CODE_FIELD.get(event.event_type, "eventTypeCode"): event.code,
        "documentReferences": references,
        "transportCall": transport_call,
    }
    if event.container is not None:
        data["equipmentReference"] = event.container.number
        data["ISOEquipmentCode"] = event.container.size_type
    if milestone.empty_indicator:
        data["emptyIndicatorCode"] = milestone.empty_indicator
    if milestone.transport_phase:
        data["transportPhaseCode"] = milestone.transport_phase
    if event.delay_reason:
        data["delayReasonCode"] = event.delay_reason
    data["cloudcabin"] = {
        "milestone": milestone.key,
        "rec24StatusCode": event.rec24_code,
        "shipmentReference": shipment.reference,
        "wagonNumber": event.wagon_number,
        "retracted": event.is_retracted,
        "retractedDateTime": _time(event.retracted_at),
        "retractionReason": event.retraction_reason,
    }
    return data


def envelope(event_type: str, data: dict[str, Any], *, at: datetime | None = None) -> str:
    """The body as sent and signed: compact JSON, UTF-8."""
    body = {"type": event_type, "timestamp": _time(at or timezone.now()), "data": data}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))
