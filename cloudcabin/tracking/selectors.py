"""Reads of the tracking app."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cloudcabin.bookings.models import Booking
from cloudcabin.shipments.models import Container, Shipment
from cloudcabin.tracking.models import Classifier, Milestone, TrackingEvent


def events_of(shipment: Shipment, *, with_retracted: bool = False) -> QuerySet[TrackingEvent]:
    """The shipment's events in time order (the caller has checked who may see it)."""
    events = TrackingEvent.objects.filter(shipment=shipment).select_related(
        "milestone", "container"
    )
    return events if with_retracted else events.filter(retracted_at__isnull=True)


# A shipment's tracking status from the milestone its containers have reached: (status,
# label, the first milestone that reaches it), furthest first.
STATUSES: tuple[tuple[str, Promise, str], ...] = (
    ("delivered", _("Delivered"), "gated_out"),
    ("arrived", _("Arrived"), "arrived_destination"),
    ("in_transit", _("In transit"), "departed_origin"),
    ("at_origin", _("At the origin"), ""),
)


@dataclass(frozen=True)
class TrackingStatus:
    key: str  # "at_origin", "in_transit", "arrived" or "delivered"
    label: str
    milestone: Milestone  # the milestone behind it: the least advanced container's latest
    event_time: datetime


def status_of(shipment: Shipment) -> TrackingStatus | None:
    """Where the shipment is, from its actual (ACT) events: the container furthest behind
    decides, so "delivered" means every box was. None before any actual event."""
    latest: dict[int | None, TrackingEvent] = {}
    for event in (
        TrackingEvent.objects.filter(
            shipment=shipment, classifier=Classifier.ACTUAL, retracted_at__isnull=True
        )
        .select_related("milestone")
        .order_by("event_time")
    ):
        current = latest.get(event.container_id)
        if current is None or event.milestone.sequence >= current.milestone.sequence:
            latest[event.container_id] = event
    if not latest:
        return None
    behind = min(latest.values(), key=lambda e: (e.milestone.sequence, e.event_time))
    thresholds = dict(
        Milestone.objects.filter(key__in=[s[2] for s in STATUSES]).values_list("key", "sequence")
    )
    key, label, _first = next(
        s for s in STATUSES if behind.milestone.sequence >= thresholds.get(s[2], 0)
    )
    return TrackingStatus(key, str(label), behind.milestone, behind.event_time)


@dataclass(frozen=True)
class Box:
    """A container on a departure, for the agent's recording page."""

    booking: Booking
    number: str  # "" for a booking without container numbers yet
    latest: TrackingEvent | None  # its furthest actual milestone


def boxes_on(bookings: Sequence[Booking]) -> list[Box]:
    """Every container of these bookings, with the furthest milestone it has actually reached."""
    latest: dict[tuple[int, int | None], TrackingEvent] = {}
    for event in (
        TrackingEvent.objects.filter(
            booking__in=bookings, classifier=Classifier.ACTUAL, retracted_at__isnull=True
        )
        .select_related("milestone")
        .order_by("event_time")
    ):
        key = (event.booking_id, event.container_id)
        current = latest.get(key)
        if current is None or event.milestone.sequence >= current.milestone.sequence:
            latest[key] = event
    numbers: dict[int, list[tuple[int, str]]] = {}
    for pk, shipment_id, number in Container.objects.filter(
        shipment_id__in={b.shipment_id for b in bookings}
    ).values_list("pk", "shipment_id", "number"):
        numbers.setdefault(shipment_id, []).append((pk, number))
    boxes = []
    for booking in bookings:
        found = numbers.get(booking.shipment_id or 0, [])
        for pk, number in found:
            boxes.append(Box(booking, number, latest.get((booking.pk, pk))))
        if not found:
            boxes.append(Box(booking, "", latest.get((booking.pk, None))))
    return boxes


def reached(boxes: Sequence[Box]) -> dict[str, int]:
    """Milestone key → how many of the boxes have an actual event at it."""
    counts: dict[str, int] = {}
    bookings = {box.booking.pk for box in boxes}
    for key, _booking, _container in (
        TrackingEvent.objects.filter(
            booking_id__in=bookings, classifier=Classifier.ACTUAL, retracted_at__isnull=True
        )
        .order_by()
        .values_list("milestone_id", "booking_id", "container_id")
        .distinct()
    ):
        counts[key] = counts.get(key, 0) + 1
    return counts
