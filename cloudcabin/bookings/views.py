"""Pages: a shipper books and cancels; an agent watches capacity and decides."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.accounts.views import member_required
from cloudcabin.api.idempotency import run_idempotent
from cloudcabin.bookings import (
    agent_services,
    charts,
    estimates,
    exports,
    schedules,
    selectors,
    services,
    waitlist,
)
from cloudcabin.bookings.forms import BookForm, CancelForm, DepartureForm, HoldForm
from cloudcabin.bookings.manifest import build_manifest
from cloudcabin.bookings.models import BookingStatus
from cloudcabin.errors import ProblemError
from cloudcabin.shipments import selectors as shipment_selectors
from cloudcabin.tracking.selectors import timeline_of
from cloudcabin.xlsx import XLSX_CONTENT_TYPE

View = Callable[..., HttpResponse]


def agent_required(view: View) -> View:
    """Signed in as an agent of the operator; anyone else gets a 404."""

    @member_required
    @wraps(view)
    def wrapper(request: HttpRequest, actor: Actor, *args: Any, **kwargs: Any) -> HttpResponse:
        selectors.require_agent(actor)
        return view(request, actor, *args, **kwargs)

    return wrapper


def _refused(request: HttpRequest, exc: ProblemError) -> None:
    for found in exc.problems:
        messages.error(request, found.message)


# --- shipper -------------------------------------------------------------------------


@member_required
def booking_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    bookings = list(selectors.bookings_of(actor).exclude(status=BookingStatus.HELD)[:200])
    shipments = shipment_selectors.shipments_of(actor.organization)[:200]
    return render(
        request,
        "bookings/list.html",
        {"bookings": bookings, "shipments": shipments, "is_agent": selectors.is_agent(actor)},
    )


@member_required
def shipment_departures(request: HttpRequest, actor: Actor, shipment_id: int) -> HttpResponse:
    """The departures serving the shipment's route, with the TEU left on each, and booking."""
    shipment = shipment_selectors.get_shipment(actor.organization, shipment_id)
    departures = selectors.departures_for_shipment(shipment)
    sizes = selectors.container_counts(shipment)
    rows = [
        (
            departure,
            BookForm(size_types=sizes, initial={"departure_id": departure.pk}),
            estimates.shipment_estimate(departure, sizes),
        )
        for departure in departures
    ]
    return render(
        request,
        "bookings/shipment.html",
        {
            "shipment": shipment,
            "rows": rows,
            "problems": shipment_selectors.blocking_problems(shipment),
            "bookings": selectors.bookings_of(actor, shipment=shipment),
            "can_write": actor.can_write,
            "has_containers": bool(sizes),
        },
    )


@require_POST
@member_required
def book(request: HttpRequest, actor: Actor, shipment_id: int) -> HttpResponse:
    shipment = shipment_selectors.get_shipment(actor.organization, shipment_id)
    form = BookForm(request.POST, size_types=selectors.container_counts(shipment))
    back = redirect("bookings:shipment", shipment_id=shipment.pk)
    if not form.is_valid():
        messages.error(request, _("Check the container counts."))
        return back
    data = form.cleaned_data

    def action() -> tuple[int, Any]:
        result = services.book_slots(
            actor=actor,
            shipment_id=shipment.pk,
            departure_id=data["departure_id"],
            containers=form.containers(),
            waitlist_if_full=data["waitlist"],
        )
        held = [p.message for p in result.held]
        return 201, {"id": result.booking.pk, "status": result.booking.status, "held": held}

    try:
        _status, body = run_idempotent(
            actor=actor,
            key=data["idempotency_key"],
            operation="book",
            payload={"shipment": shipment.pk, **data},
            action=action,
        )
    except ProblemError as exc:
        _refused(request, exc)
        return back
    status = BookingStatus(body["status"]).label
    messages.success(request, _("Booking %(status)s.") % {"status": status})
    for held in body.get("held", []):
        messages.warning(request, held)
    return redirect("bookings:detail", booking_id=body["id"])


@member_required
def booking_detail(request: HttpRequest, actor: Actor, booking_id: int) -> HttpResponse:
    booking = selectors.get_booking(actor, booking_id)
    booked = {item["size_type"]: int(item["count"]) for item in booking.containers}
    refusal = services.cancel_refusal(booking, booking.departure)
    return render(
        request,
        "bookings/detail.html",
        {
            "booking": booking,
            "departure": booking.departure,
            "estimate": estimates.estimate(booking),
            "position": waitlist.position(booking),
            "events": selectors.events_of(booking),
            "timeline": (
                timeline_of(
                    booking.shipment,
                    booking=booking,
                    with_retracted=booking.organization_id == actor.organization.pk,
                )
                if booking.shipment is not None
                else None
            ),
            "show_withdrawn": booking.organization_id == actor.organization.pk,
            "cancel_form": CancelForm(booked=booked),
            "can_cancel": actor.can_write and refusal is None,
            # Why an active-looking booking cannot be cancelled (the train has left).
            "departed_note": (
                refusal.problems[0].message
                if refusal is not None and refusal.problems[0].code == "BOOKING_DEPARTED"
                else ""
            ),
            "alternatives": (
                selectors.departures_with_room(
                    service=booking.departure.service,
                    teu=booking.teu,
                    exclude=booking.departure_id,
                )
                if booking.status == BookingStatus.REFUSED
                else []
            ),
        },
    )


@require_POST
@member_required
def cancel(request: HttpRequest, actor: Actor, booking_id: int) -> HttpResponse:
    booking = selectors.get_booking(actor, booking_id)
    booked = {item["size_type"]: int(item["count"]) for item in booking.containers}
    form = CancelForm(request.POST, booked=booked)
    if form.is_valid():
        try:
            services.cancel_booking(
                actor=actor, booking_id=booking.pk, containers=form.containers()
            )
            messages.success(request, _("Cancelled."))
        except ProblemError as exc:
            _refused(request, exc)
    return redirect("bookings:detail", booking_id=booking.pk)


# --- agents --------------------------------------------------------------------------


@agent_required
def board(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Capacity of every service over four weeks, by direction: filled, held and free TEU
    per departure, and the requests to decide."""
    all_services = list(selectors.services())
    chosen = next((s for s in all_services if str(s.pk) == request.GET.get("service")), None)
    try:
        first = date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        first = timezone.localdate()
    first = selectors.week_start(first)
    groups = selectors.capacity_boards(
        first_week=first, service_id=chosen.pk if chosen is not None else None
    )
    largest = charts.largest_capacity(groups)
    return render(
        request,
        "bookings/board.html",
        {
            "services": all_services,
            "service": chosen,
            "groups": [
                (direction, charts.service_charts(boards, largest)) for direction, boards in groups
            ],
            "bar_width": charts.BAR_WIDTH,
            "bar_height": charts.BAR_HEIGHT,
            "first": first,
            "last": first + timedelta(days=27),
            "previous": first - timedelta(weeks=4),
            "next": first + timedelta(weeks=4),
            "requests": selectors.pending_requests(actor)[:100],
        },
    )


@require_POST
@agent_required
def generate(request: HttpRequest, actor: Actor, service_id: int) -> HttpResponse:
    service = selectors.train_service(service_id)
    created = schedules.generate_departures(service=service, weeks=8, actor=actor)
    messages.success(request, _("%(count)s departures added.") % {"count": len(created)})
    return redirect(f"{reverse('bookings:board')}?service={service.pk}")


@agent_required
def departure_detail(request: HttpRequest, actor: Actor, departure_id: int) -> HttpResponse:
    departure = selectors.get_departure(departure_id)
    clients = [(o.pk, o.name_en) for o in selectors.clients_of(actor)]
    others = selectors.departures_for_route(
        departure.service.origin_id, departure.service.destination_id
    ).exclude(pk=departure.pk)
    return render(
        request,
        "bookings/departure.html",
        {
            "departure": departure,
            "bookings": selectors.bookings_on(departure, actor),
            "whole_train": actor.sees_every_organization,
            "departure_form": DepartureForm(
                initial={"capacity_teu": departure.capacity_teu, "status": departure.status}
            ),
            "hold_form": HoldForm(clients=clients),
            "others": list(others[:12]),
        },
    )


@require_POST
@agent_required
def departure_update(request: HttpRequest, actor: Actor, departure_id: int) -> HttpResponse:
    form = DepartureForm(request.POST)
    if form.is_valid():
        try:
            schedules.update_departure(
                actor=actor,
                departure_id=selectors.get_departure(departure_id).pk,
                capacity_teu=form.cleaned_data["capacity_teu"],
                status=form.cleaned_data["status"],
            )
            messages.success(request, _("Departure saved."))
        except ProblemError as exc:
            _refused(request, exc)
    return redirect("bookings:departure", departure_id=departure_id)


@require_POST
@agent_required
def hold(request: HttpRequest, actor: Actor, departure_id: int) -> HttpResponse:
    clients = [(o.pk, o.name_en) for o in selectors.clients_of(actor)]
    form = HoldForm(request.POST, clients=clients)
    if form.is_valid():
        try:
            agent_services.hold_capacity(
                actor=actor,
                organization_id=form.cleaned_data["organization"],
                departure_id=departure_id,
                teu=form.cleaned_data["teu"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("Capacity held."))
        except ProblemError as exc:
            _refused(request, exc)
    return redirect("bookings:departure", departure_id=departure_id)


@require_POST
@agent_required
def decide(request: HttpRequest, actor: Actor, booking_id: int, decision: str) -> HttpResponse:
    """Confirm, reject, move or annotate one booking, then go back where the agent was."""
    booking = selectors.get_booking(actor, booking_id)
    try:
        if decision == "confirm":
            agent_services.confirm_booking(actor=actor, booking_id=booking.pk)
        elif decision == "reject":
            agent_services.reject_booking(
                actor=actor, booking_id=booking.pk, reason=request.POST.get("reason", "")
            )
        elif decision == "move":
            agent_services.move_booking(
                actor=actor,
                booking_id=booking.pk,
                departure_id=int(request.POST.get("departure_id", "0") or 0),
            )
        elif decision == "note":
            agent_services.update_booking(
                actor=actor,
                booking_id=booking.pk,
                consignment_note_number=request.POST.get("consignment_note_number", "")[:40],
            )
        else:
            raise Http404
        messages.success(request, _("Saved."))
    except ProblemError as exc:
        _refused(request, exc)
    next_url = request.POST.get("next", "")
    if next_url.startswith("/bookings/"):
        return redirect(next_url)
    return redirect("bookings:departure", departure_id=booking.departure_id)


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@agent_required
def manifest_download(
    request: HttpRequest, actor: Actor, departure_id: int, extension: str
) -> HttpResponse:
    if extension not in {"xml", "xlsx"}:
        raise Http404
    manifest = build_manifest(selectors.get_departure(departure_id), actor=actor)
    try:
        if extension == "xml":
            return _download(
                exports.manifest_xml(manifest), "application/xml", exports.filename(manifest, "xml")
            )
        return _download(
            exports.manifest_xlsx(manifest),
            XLSX_CONTENT_TYPE,
            exports.filename(manifest, "xlsx"),
        )
    except ProblemError as exc:
        _refused(request, exc)
        return redirect("bookings:manifest", departure_id=departure_id)


@agent_required
def manifest_page(request: HttpRequest, actor: Actor, departure_id: int) -> HttpResponse:
    manifest = build_manifest(selectors.get_departure(departure_id), actor=actor)
    return render(request, "bookings/manifest.html", {"manifest": manifest})
