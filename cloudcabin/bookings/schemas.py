"""API shapes for bookings, and the JSON-safe dicts the API (and idempotent replays) return."""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from ninja import Field, Schema
from pydantic import WithJsonSchema

from cloudcabin.api.schemas import Input
from cloudcabin.bookings import waitlist
from cloudcabin.bookings.models import Booking, BookingEvent, Departure, TrainService
from cloudcabin.fields import CONTAINER_COUNT_MAX

# A wall-clock time in the service's own time zone. JSON Schema's "time" format is RFC
# 3339's, which demands a UTC offset: documenting it so would promise what is not sent.
LocalTime = Annotated[
    time,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$",
            "description": "Local time (HH:MM:SS) in the service's `timezone`.",
        }
    ),
]


class ServiceOut(Schema):
    id: int
    code: str
    name: str
    origin: str
    destination: str
    operator_name: str
    weekdays: list[int]
    departure_time: LocalTime
    timezone: str
    transit_days: int
    capacity_teu: Decimal
    open_working_days: int
    cutoff_working_days: int
    yard_deadline_hours: int
    late_fee_per_teu: Decimal
    late_fee_currency: str
    auto_confirm: bool


class DepartureOut(Schema):
    id: int
    service: str
    origin: str
    destination: str
    departs_at: datetime
    departs_local: str
    opens_at: datetime
    cutoff_at: datetime
    yard_deadline_at: datetime
    capacity_teu: Decimal
    confirmed_teu: Decimal
    held_teu: Decimal
    remaining_teu: Decimal
    status: str


class ContainerLineIn(Input):
    size_type: str = Field(..., max_length=4)
    count: int = Field(..., ge=1, le=CONTAINER_COUNT_MAX)


class ContainerLineOut(Schema):
    size_type: str
    count: int
    teu: Decimal


class BookingIn(Input):
    shipment_id: int
    departure_id: int
    containers: list[ContainerLineIn] | None = None
    waitlist: bool = True
    note: str = Field("", max_length=300)


class BookingOut(Schema):
    id: int
    reference: str
    organization_id: int
    shipment_id: int | None
    departure: DepartureOut
    containers: list[ContainerLineOut]
    teu: Decimal
    status: str
    waitlist_position: int | None
    is_late: bool
    late_fee: Decimal | None
    late_fee_currency: str
    consignment_note_number: str
    created_at: datetime
    alternatives: list[DepartureOut] = []


class CancelIn(Input):
    containers: dict[str, Annotated[int, Field(ge=0, le=CONTAINER_COUNT_MAX)]] | None = None


class HoldIn(Input):
    organization_id: int
    departure_id: int
    teu: Decimal = Field(..., gt=0, max_digits=6, decimal_places=2)
    note: str = Field("", max_length=300)


class RejectIn(Input):
    reason: str = ""


class MoveIn(Input):
    departure_id: int


class BookingPatch(Input):
    consignment_note_number: str


class DeparturePatch(Input):
    capacity_teu: Decimal | None = Field(None, ge=0, max_digits=6, decimal_places=2)
    status: str | None = None


class GenerateIn(Input):
    weeks: int = 8


class BookingEventOut(Schema):
    kind: str
    actor: str | None
    created_at: datetime
    before: dict[str, Any]
    after: dict[str, Any]


def service_out(service: TrainService) -> dict[str, Any]:
    return {
        field: getattr(service, field)
        for field in ServiceOut.model_fields
        if field not in {"origin", "destination"}
    } | {"origin": service.origin_id, "destination": service.destination_id}


def departure_out(departure: Departure) -> dict[str, Any]:
    """JSON-safe: strings for decimals and times, so it can be stored as the first answer."""
    service = departure.service
    local = departure.departs_at.astimezone(ZoneInfo(service.timezone))
    return {
        "id": departure.pk,
        "service": service.code,
        "origin": service.origin_id,
        "destination": service.destination_id,
        "departs_at": departure.departs_at.isoformat(),
        "departs_local": local.isoformat(),
        "opens_at": departure.opens_at.isoformat(),
        "cutoff_at": departure.cutoff_at.isoformat(),
        "yard_deadline_at": departure.yard_deadline_at.isoformat(),
        "capacity_teu": str(departure.capacity_teu),
        "confirmed_teu": str(departure.confirmed_teu),
        "held_teu": str(departure.held_teu),
        "remaining_teu": str(departure.remaining_teu),
        "status": departure.status,
    }


def booking_out(booking: Booking, alternatives: list[Departure] | None = None) -> dict[str, Any]:
    return {
        "id": booking.pk,
        "reference": booking.reference,
        "organization_id": booking.organization_id,
        "shipment_id": booking.shipment_id,
        "departure": departure_out(booking.departure),
        "containers": booking.containers,
        "teu": str(booking.teu),
        "status": booking.status,
        "waitlist_position": waitlist.position(booking),
        "is_late": booking.is_late,
        "late_fee": None if booking.late_fee is None else str(booking.late_fee),
        "late_fee_currency": booking.late_fee_currency,
        "consignment_note_number": booking.consignment_note_number,
        "created_at": booking.created_at.isoformat(),
        "alternatives": [departure_out(d) for d in alternatives or []],
    }


def event_out(event: BookingEvent) -> dict[str, Any]:
    return {
        "kind": event.kind,
        "actor": event.actor.email if event.actor else None,
        "created_at": event.created_at,
        "before": event.before,
        "after": event.after,
    }
