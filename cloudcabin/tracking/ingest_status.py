"""Departure status and events follow each other (issue 13, point 2).

- A train marked departed by the agent (``bookings.departure_status`` sends
  ``departure_departed``): every container of its departed bookings gets an ACT
  ``departed_origin`` event (source DEPARTURE), unless one was already recorded for it.
- An ACT ``departed_origin`` event, however it arrives: its confirmed booking becomes
  departed through the bookings app's own move, so the shipper can no longer cancel.

Wired in ``TrackingConfig.ready()``; the bookings app does not import this one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.dispatch import receiver
from django.utils import timezone

from cloudcabin.accounts.models import Role
from cloudcabin.accounts.tenancy import Actor
from cloudcabin.bookings import departure_status
from cloudcabin.bookings.models import Booking, Departure
from cloudcabin.shipments.models import Container
from cloudcabin.tracking.models import Classifier, Source, TrackingEvent
from cloudcabin.tracking.services import EventInput, events_recorded, record_events

DEPARTED = "departed_origin"


@receiver(departure_status.departure_departed, dispatch_uid="tracking.train_departed")
def record_train_departure(
    sender: Any,
    departure: Departure,
    bookings: list[Booking],
    actor: Actor | None,
    **kwargs: Any,
) -> None:
    train_actor = _whole_train(actor)
    if train_actor is None or not bookings:
        return
    already: set[tuple[int, int | None]] = set(
        TrackingEvent.objects.filter(
            booking__in=bookings,
            milestone_id=DEPARTED,
            classifier=Classifier.ACTUAL,
            retracted_at__isnull=True,
        ).values_list("booking_id", "container_id")
    )
    numbers: dict[int, list[tuple[int, str]]] = {}
    shipment_ids = {b.shipment_id for b in bookings if b.shipment_id}
    for container_id, shipment_id, number in Container.objects.filter(
        shipment_id__in=shipment_ids
    ).values_list("pk", "shipment_id", "number"):
        numbers.setdefault(shipment_id, []).append((container_id, number))
    now = timezone.now()
    rows = []
    for booking in bookings:
        if booking.shipment_id is None:
            continue
        boxes = numbers.get(booking.shipment_id, [])
        for container_id, number in boxes:
            if (booking.pk, container_id) in already:
                continue
            rows.append(_departed(departure, booking, now, number))
        if not boxes and (booking.pk, None) not in already:
            rows.append(_departed(departure, booking, now, ""))
    if rows:
        record_events(train_actor, rows, source=Source.DEPARTURE)


def _departed(departure: Departure, booking: Booking, now: datetime, number: str) -> EventInput:
    return EventInput(
        booking=booking.reference,
        milestone=DEPARTED,
        # When the agent says it left: the timetable's time may be hours off either way.
        event_time=now,
        container=number,
        locode=departure.service.origin_id,
        train_number=departure.service.code,
        source_ref=f"departure-{departure.pk}/{booking.reference}/{number or '-'}",
    )


def _whole_train(actor: Actor | None) -> Actor | None:
    """The operator's word that the train left is about every booking on it, whichever
    customers the agent serves: recorded with the scope of the operator's dispatcher."""
    if actor is None or not actor.is_operator_staff:
        return None
    # Built anew: a request's actor is a lazy object, not the dataclass itself.
    return Actor(
        organization=actor.organization, role=Role.DISPATCHER, can_write=True, user=actor.user
    )


@receiver(events_recorded, dispatch_uid="tracking.bookings_departed")
def depart_bookings_of_departed_boxes(
    sender: Any, events: list[TrackingEvent], actor: Actor, **kwargs: Any
) -> None:
    booking_ids = {
        event.booking_id
        for event in events
        if event.milestone_id == DEPARTED and event.classifier == Classifier.ACTUAL
    }
    if booking_ids:
        departure_status.depart_bookings(booking_ids=booking_ids, actor=actor)
