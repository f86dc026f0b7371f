"""The event as the API and the CSV upload take it: DCSA Track & Trace 2.x names, in the
API's snake_case (``carrierBookingReference`` → ``booking_reference``, ``equipmentReference``
→ ``container``, ``eventClassifierCode`` → ``event_classifier``, ``eventDateTime`` →
``event_datetime``, ``UNLocationCode`` → ``un_location_code``), and the DCSA-shaped event
the API answers with."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from cloudcabin.api.schemas import Input
from cloudcabin.tracking.milestones import seed_rows

MAX_BATCH = 500


class EventIn(Input):
    booking_reference: str = Field(
        max_length=20, description="The booking, e.g. BK-000123 (DCSA carrierBookingReference)."
    )
    container: str = Field(
        "",
        max_length=15,
        description=(
            "ISO 6346 container number (DCSA equipmentReference). Empty: the event is about "
            "every container of the booking (a train departs with all of them)."
        ),
    )
    milestone: str = Field(
        max_length=40,
        description=(
            "The milestone, in journey order: "
            + ", ".join(row["key"] for row in seed_rows())
            + ". The DCSA event type and code and the UN/ECE Rec. 24 status code follow "
            "from it."
        ),
    )
    event_classifier: str = Field(
        "ACT",
        max_length=3,
        description="ACT (happened), EST (expected) or PLN (timetable): DCSA eventClassifierCode.",
    )
    event_datetime: str = Field(
        max_length=40,
        json_schema_extra={"format": "date-time"},
        description=(
            "ISO 8601 with its offset, e.g. 2026-12-04T10:00:00+08:00 (DCSA eventDateTime). "
            "An ACT event cannot be in the future."
        ),
    )
    un_location_code: str = Field(
        "", max_length=5, description="UN/LOCODE of the place, e.g. KZDOS (DCSA UNLocationCode)."
    )
    train_number: str = Field("", max_length=35, description="Train (DCSA railService).")
    wagon_number: str = Field("", max_length=12, description="Wagon (DCSA railCarReference).")
    delay_reason: str = Field(
        "", max_length=3, description="SMDG delay reason code (DCSA delayReasonCode)."
    )
    remark: str = Field("", max_length=300, description="Free text (DCSA changeRemark).")
    source_reference: str = Field(
        "",
        max_length=150,
        description=(
            "Your own id of this event: sent again, the event is stored once. Without it, "
            "the same milestone, container, place and time is the same event."
        ),
    )


class EventBatchIn(Input):
    events: list[EventIn] = Field(
        min_length=1,
        description=f"At most {MAX_BATCH} events: all are stored, or none.",
    )


class RecordedOut(Schema):
    created: int = Field(description="Events stored (one per container).")
    duplicates: int = Field(description="Events already stored before, or repeated.")
    event_ids: list[str]


class RetractIn(Input):
    reason: str = Field("", max_length=300)


class DocumentReferenceOut(Schema):
    documentReferenceType: str
    documentReferenceValue: str


class TransportCallOut(Schema):
    UNLocationCode: str
    facilityTypeCode: str
    modeOfTransport: str
    railService: str
    railCarReference: str


class EventOut(Schema):
    """A DCSA Track & Trace 2.x event, with our milestone and its Rec. 24 status code."""

    eventID: str
    eventCreatedDateTime: datetime
    eventType: str
    eventClassifierCode: str
    eventDateTime: datetime
    transportEventTypeCode: str | None
    equipmentEventTypeCode: str | None
    shipmentEventTypeCode: str | None
    equipmentReference: str | None
    emptyIndicatorCode: str | None
    transportPhase: str
    transportCall: TransportCallOut
    documentReferences: list[DocumentReferenceOut]
    delayReasonCode: str
    changeRemark: str
    milestone: str
    rec24StatusCode: str
    source: str
    sourceReference: str
    isRetracted: bool
    retractedDateTime: datetime | None
