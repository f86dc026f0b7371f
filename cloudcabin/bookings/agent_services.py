"""Writes only an operator's agents make: holds, decisions on requests, moves, notes,
and the cut-off reminders. Same locking rules as ``services``: lock, decide, write, event."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.bookings import capacity, notifications, selectors, waitlist
from cloudcabin.bookings.events import booking_state, record_event
from cloudcabin.bookings.models import (
    Booking,
    BookingEventKind,
    BookingStatus,
    Departure,
    DepartureStatus,
)
from cloudcabin.bookings.services import (
    CLOSED_FOR_GOOD,
    apply_late_fee,
    check_not_booked,
    check_route,
    check_window,
    lock_booking,
    lock_departures,
    refuse_if_held,
    save_counters,
)
from cloudcabin.errors import ProblemError
from cloudcabin.fields import require_valid_columns
from cloudcabin.shipments.models import Shipment

# --- agents --------------------------------------------------------------------------


@transaction.atomic
def hold_capacity(
    *, actor: Actor, organization_id: int, departure_id: int, teu: Decimal, note: str = ""
) -> Booking:
    """An agent sets TEU aside for a client; the client's bookings draw on it first."""
    selectors.require_agent(actor)
    if not selectors.clients_of(actor).filter(pk=organization_id).exists():
        raise Http404
    if teu <= 0:
        raise ProblemError.of("INVALID", path="teu", detail=_("More than 0."))
    departure = lock_departures(departure_id)[departure_id]
    if departure.status in CLOSED_FOR_GOOD:
        raise ProblemError.of("DEPARTURE_NOT_BOOKABLE", status=departure.get_status_display())
    capacity.require_room(departure, teu, path="teu")
    hold = Booking.objects.create(
        organization_id=organization_id,
        departure=departure,
        teu=teu,
        status=BookingStatus.HELD,
        created_by=actor.user,
        note=note,
    )
    departure.held_teu += teu
    save_counters(departure)
    record_event(actor=actor, booking=hold, kind=BookingEventKind.HELD)
    return hold


@transaction.atomic
def confirm_booking(*, actor: Actor, booking_id: int) -> Booking:
    """An agent confirms a request, or a waitlisted booking out of turn, if it fits."""
    selectors.require_agent(actor)
    booking, departure = lock_booking(actor, booking_id)
    if booking.status not in {BookingStatus.REQUESTED, BookingStatus.WAITLISTED}:
        raise ProblemError.of("BOOKING_NOT_ACTIVE", status=booking.get_status_display())
    if booking.shipment is not None:
        refuse_if_held(booking.shipment)
    capacity.require_fit(departure, booking)
    before = booking_state(booking)
    capacity.count_in(departure, booking, actor)
    booking.updated_at = timezone.now()
    booking.save(update_fields=["status", "updated_at"])
    save_counters(departure)
    record_event(actor=actor, booking=booking, kind=BookingEventKind.CONFIRMED, before=before)
    notifications.notify(booking, BookingEventKind.CONFIRMED)
    return booking


@transaction.atomic
def reject_booking(*, actor: Actor, booking_id: int, reason: str = "") -> Booking:
    selectors.require_agent(actor)
    booking, departure = lock_booking(actor, booking_id)
    if booking.status not in {
        BookingStatus.REQUESTED,
        BookingStatus.WAITLISTED,
        BookingStatus.CONFIRMED,
    }:
        raise ProblemError.of("BOOKING_NOT_ACTIVE", status=booking.get_status_display())
    before = booking_state(booking)
    if booking.status == BookingStatus.CONFIRMED:
        departure.confirmed_teu -= booking.teu
    booking.status = BookingStatus.REJECTED
    booking.updated_at = timezone.now()
    booking.save(update_fields=["status", "updated_at"])
    save_counters(departure)
    record_event(
        actor=actor, booking=booking, kind=BookingEventKind.REJECTED, before=before, reason=reason
    )
    notifications.notify(booking, BookingEventKind.REJECTED)
    waitlist.promote(departure=departure, actor=actor)
    return booking


@transaction.atomic
def move_booking(
    *, actor: Actor, booking_id: int, departure_id: int, now: datetime | None = None
) -> Booking:
    """An agent moves a booking to another departure of the same route, where it must fit."""
    selectors.require_agent(actor)
    now = now or timezone.now()
    booking = selectors.bookings_visible_to(actor).filter(pk=booking_id).first()
    if booking is None:
        raise Http404
    locked = lock_departures(booking.departure_id, departure_id)
    source, target = locked[booking.departure_id], locked[departure_id]
    booking.refresh_from_db()
    if booking.departure_id != source.pk or source.pk == target.pk:
        raise ProblemError.of("CONFLICT", detail=_("Choose another departure."))
    if booking.shipment_id is None or booking.status not in {
        BookingStatus.REQUESTED,
        BookingStatus.WAITLISTED,
        BookingStatus.CONFIRMED,
    }:
        raise ProblemError.of("BOOKING_NOT_ACTIVE", status=booking.get_status_display())
    service = target.service
    shipment = Shipment.objects.get(pk=booking.shipment_id)
    check_route(service, shipment)
    refuse_if_held(shipment)  # the move confirms it on the target
    late = check_window(target, agent=True, now=now)
    check_not_booked(booking.shipment_id, target)
    capacity.require_fit(target, booking)
    before = booking_state(booking)
    if booking.status == BookingStatus.CONFIRMED:
        source.confirmed_teu -= booking.teu
    booking.departure = target
    booking.waitlist_seq = None
    booking.is_late, booking.late_fee, booking.late_fee_currency = False, None, ""
    if late:
        apply_late_fee(booking, service)
    booking.updated_at = now
    booking.save()
    capacity.count_in(target, booking, actor)
    booking.save(update_fields=["status"])
    save_counters(source)
    save_counters(target)
    record_event(
        actor=actor, booking=booking, kind=BookingEventKind.MOVED, before=before, source=source.pk
    )
    notifications.notify(booking, BookingEventKind.MOVED)
    waitlist.promote(departure=source, actor=actor)
    return booking


@transaction.atomic
def update_booking(*, actor: Actor, booking_id: int, consignment_note_number: str) -> Booking:
    """An agent records the CIM/SMGS consignment note number for the manifest."""
    selectors.require_agent(actor)
    booking, _departure = lock_booking(actor, booking_id)
    before = {"consignment_note_number": booking.consignment_note_number}
    booking.consignment_note_number = consignment_note_number.strip().upper()
    require_valid_columns(Booking, {"consignment_note_number": booking.consignment_note_number})
    booking.save(update_fields=["consignment_note_number", "updated_at"])
    record_event(
        actor=actor,
        booking=booking,
        kind=BookingEventKind.UPDATED,
        before=before,
        consignment_note_number=booking.consignment_note_number,
    )
    return booking


def send_cutoff_reminders(*, now: datetime | None = None, within_hours: int = 48) -> int:
    """E-mail shippers whose bookings are on a departure closing soon; once per departure."""
    now = now or timezone.now()
    due = Departure.objects.filter(
        status=DepartureStatus.OPEN,
        reminder_sent_at__isnull=True,
        cutoff_at__gt=now,
        cutoff_at__lte=now + timedelta(hours=within_hours),
    ).values_list("pk", flat=True)
    sent = 0
    for departure_id in list(due):
        with transaction.atomic():
            departure = lock_departures(departure_id)[departure_id]
            if departure.reminder_sent_at is not None:
                continue
            for booking in Booking.objects.filter(
                departure=departure,
                shipment__isnull=False,
                status__in=[BookingStatus.CONFIRMED, BookingStatus.WAITLISTED],
            ):
                record_event(actor=None, booking=booking, kind=BookingEventKind.REMINDED)
                notifications.notify(booking, BookingEventKind.REMINDED)
                sent += 1
            departure.reminder_sent_at = now
            departure.save(update_fields=["reminder_sent_at"])
    return sent
