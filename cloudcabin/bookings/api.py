"""API: departures with room, booking, cancelling; agents' holds, decisions, moves, manifest.

Every POST accepts an ``Idempotency-Key`` header: a retry with the same key (and the
same body) returns the first answer and never books twice.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from cloudcabin.api.auth import actor_of
from cloudcabin.api.idempotency import IDEMPOTENCY_KEY, answer_once
from cloudcabin.api.schemas import ErrorsOut
from cloudcabin.bookings import agent_services, exports, schedules, selectors, services
from cloudcabin.bookings.manifest import Manifest, build_manifest
from cloudcabin.bookings.schemas import (
    BookingEventOut,
    BookingIn,
    BookingOut,
    BookingPatch,
    CancelIn,
    DepartureOut,
    DeparturePatch,
    GenerateIn,
    HoldIn,
    MoveIn,
    RejectIn,
    ServiceOut,
    booking_out,
    departure_out,
    event_out,
    service_out,
)
from cloudcabin.shipments.selectors import get_shipment
from cloudcabin.xlsx import XLSX_CONTENT_TYPE

router = Router()

WRITE = {400: ErrorsOut, 403: ErrorsOut, 404: ErrorsOut, 409: ErrorsOut, 422: ErrorsOut}
READ = {404: ErrorsOut}


# --- schedules -----------------------------------------------------------------------


@router.get("/services", response=list[ServiceOut])
def list_services(request: HttpRequest) -> list[dict[str, Any]]:
    return [service_out(s) for s in selectors.services().filter(is_active=True)]


@router.post("/services/{service_id}/generate", response={201: list[DepartureOut], **WRITE})
def generate_departures(
    request: HttpRequest, service_id: int, payload: GenerateIn
) -> Status[list[dict[str, Any]]]:
    actor = actor_of(request)
    selectors.require_agent(actor)
    service = selectors.train_service(service_id)
    weeks = max(1, min(payload.weeks, 26))
    created = schedules.generate_departures(service=service, weeks=weeks, actor=actor)
    return Status(201, [departure_out(d) for d in created])


@router.get("/departures", response={200: list[DepartureOut], **READ})
def list_departures(
    request: HttpRequest, shipment_id: int | None = None, origin: str = "", destination: str = ""
) -> list[dict[str, Any]]:
    """Departures open for booking now; for a shipment, those serving its route."""
    actor = actor_of(request)
    if shipment_id is not None:
        found = selectors.departures_for_shipment(get_shipment(actor.organization, shipment_id))
    else:
        query = selectors.bookable_departures()
        if origin:
            query = query.filter(service__origin__locode=origin.upper())
        if destination:
            query = query.filter(service__destination__locode=destination.upper())
        found = list(query[:200])
    return [departure_out(d) for d in found]


@router.get("/departures/{departure_id}", response={200: DepartureOut, **READ})
def get_departure(request: HttpRequest, departure_id: int) -> dict[str, Any]:
    return departure_out(selectors.get_departure(departure_id))


@router.patch("/departures/{departure_id}", response={200: DepartureOut, **WRITE})
def update_departure(
    request: HttpRequest, departure_id: int, payload: DeparturePatch
) -> dict[str, Any]:
    actor = actor_of(request)
    selectors.require_agent(actor)
    selectors.get_departure(departure_id)
    schedules.update_departure(
        actor=actor,
        departure_id=departure_id,
        capacity_teu=payload.capacity_teu,
        status=payload.status,
    )
    return departure_out(selectors.get_departure(departure_id))


@router.get("/departures/{departure_id}/bookings", response={200: list[BookingOut], **READ})
def departure_bookings(request: HttpRequest, departure_id: int) -> list[dict[str, Any]]:
    actor = actor_of(request)
    selectors.require_agent(actor)
    departure = selectors.get_departure(departure_id)
    return [booking_out(b) for b in selectors.bookings_on(departure, actor)]


def _manifest(request: HttpRequest, departure_id: int) -> Manifest:
    actor = actor_of(request)
    selectors.require_agent(actor)
    return build_manifest(selectors.get_departure(departure_id), actor=actor)


@router.get("/departures/{departure_id}/manifest.xlsx", response={404: ErrorsOut})
def manifest_xlsx(request: HttpRequest, departure_id: int) -> HttpResponse:
    """The departure manifest as a spreadsheet (the operator's staff: their customers' rows)."""
    manifest = _manifest(request, departure_id)
    response = HttpResponse(
        exports.manifest_xlsx(manifest),
        content_type=XLSX_CONTENT_TYPE,
    )
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(manifest, "xlsx")}"'
    return response


@router.get("/departures/{departure_id}/manifest.xml", response={404: ErrorsOut})
def manifest_xml(request: HttpRequest, departure_id: int) -> HttpResponse:
    """The departure manifest as XML, valid against departure-manifest.xsd (operator's staff)."""
    manifest = _manifest(request, departure_id)
    response = HttpResponse(exports.manifest_xml(manifest), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(manifest, "xml")}"'
    return response


# --- bookings ------------------------------------------------------------------------


@router.get("", response=list[BookingOut])
def list_bookings(
    request: HttpRequest, shipment_id: int | None = None, status: str = ""
) -> list[dict[str, Any]]:
    found = selectors.bookings_of(actor_of(request))
    if shipment_id is not None:
        found = found.filter(shipment_id=shipment_id)
    if status:
        found = found.filter(status=status)
    return [booking_out(b) for b in found[:200]]


@router.post("", response={201: BookingOut, **WRITE})
def book(
    request: HttpRequest, payload: BookingIn, idempotency_key: str | None = IDEMPOTENCY_KEY
) -> Status[Any]:
    """Confirmed at once if there is room, else waitlisted, or refused with alternatives."""
    actor = actor_of(request)

    def action() -> tuple[int, Any]:
        result = services.book_slots(
            actor=actor,
            shipment_id=payload.shipment_id,
            departure_id=payload.departure_id,
            containers=[c.dict() for c in payload.containers] if payload.containers else None,
            waitlist_if_full=payload.waitlist,
            note=payload.note,
        )
        return 201, booking_out(result.booking, result.alternatives)

    return answer_once(request, idempotency_key, "book", payload.dict(), action)


@router.get("/requests", response={200: list[BookingOut], **READ})
def pending_requests(request: HttpRequest) -> list[dict[str, Any]]:
    """Agents: requests to confirm and waitlisted bookings, by departure."""
    actor = actor_of(request)
    selectors.require_agent(actor)
    return [booking_out(b) for b in selectors.pending_requests(actor)[:500]]


@router.post("/holds", response={201: BookingOut, **WRITE})
def hold(
    request: HttpRequest, payload: HoldIn, idempotency_key: str | None = IDEMPOTENCY_KEY
) -> Status[Any]:
    actor = actor_of(request)

    def action() -> tuple[int, Any]:
        held = agent_services.hold_capacity(
            actor=actor,
            organization_id=payload.organization_id,
            departure_id=payload.departure_id,
            teu=payload.teu,
            note=payload.note,
        )
        return 201, booking_out(held)

    return answer_once(request, idempotency_key, "hold", payload.dict(), action)


@router.get("/{booking_id}", response={200: BookingOut, **READ})
def get_booking(request: HttpRequest, booking_id: int) -> dict[str, Any]:
    return booking_out(selectors.get_booking(actor_of(request), booking_id))


@router.get("/{booking_id}/events", response={200: list[BookingEventOut], **READ})
def booking_events(request: HttpRequest, booking_id: int) -> list[dict[str, Any]]:
    booking = selectors.get_booking(actor_of(request), booking_id)
    return [event_out(e) for e in selectors.events_of(booking)]


@router.patch("/{booking_id}", response={200: BookingOut, **WRITE})
def update_booking(request: HttpRequest, booking_id: int, payload: BookingPatch) -> dict[str, Any]:
    booking = agent_services.update_booking(
        actor=actor_of(request),
        booking_id=booking_id,
        consignment_note_number=payload.consignment_note_number,
    )
    return booking_out(booking)


@router.post("/{booking_id}/cancel", response={200: BookingOut, **WRITE})
def cancel(
    request: HttpRequest,
    booking_id: int,
    payload: CancelIn | None = None,
    idempotency_key: str | None = IDEMPOTENCY_KEY,
) -> Status[Any]:
    """Cancel the booking, or ``{"containers": {"45G1": 1}}`` of it; the waitlist moves up."""
    actor = actor_of(request)
    containers = payload.containers if payload else None

    def action() -> tuple[int, Any]:
        booking = services.cancel_booking(actor=actor, booking_id=booking_id, containers=containers)
        return 200, booking_out(booking)

    return answer_once(request, idempotency_key, f"cancel:{booking_id}", containers, action)


@router.post("/{booking_id}/confirm", response={200: BookingOut, **WRITE})
def confirm(
    request: HttpRequest, booking_id: int, idempotency_key: str | None = IDEMPOTENCY_KEY
) -> Status[Any]:
    actor = actor_of(request)

    def action() -> tuple[int, Any]:
        return 200, booking_out(agent_services.confirm_booking(actor=actor, booking_id=booking_id))

    return answer_once(request, idempotency_key, f"confirm:{booking_id}", None, action)


@router.post("/{booking_id}/reject", response={200: BookingOut, **WRITE})
def reject(
    request: HttpRequest,
    booking_id: int,
    payload: RejectIn,
    idempotency_key: str | None = IDEMPOTENCY_KEY,
) -> Status[Any]:
    actor = actor_of(request)

    def action() -> tuple[int, Any]:
        booking = agent_services.reject_booking(
            actor=actor, booking_id=booking_id, reason=payload.reason
        )
        return 200, booking_out(booking)

    return answer_once(request, idempotency_key, f"reject:{booking_id}", payload.dict(), action)


@router.post("/{booking_id}/move", response={200: BookingOut, **WRITE})
def move(
    request: HttpRequest,
    booking_id: int,
    payload: MoveIn,
    idempotency_key: str | None = IDEMPOTENCY_KEY,
) -> Status[Any]:
    actor = actor_of(request)

    def action() -> tuple[int, Any]:
        booking = agent_services.move_booking(
            actor=actor, booking_id=booking_id, departure_id=payload.departure_id
        )
        return 200, booking_out(booking)

    return answer_once(request, idempotency_key, f"move:{booking_id}", payload.dict(), action)
