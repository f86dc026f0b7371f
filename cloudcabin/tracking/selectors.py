"""Reads of the tracking app."""

from __future__ import annotations

from django.db.models import QuerySet

from cloudcabin.shipments.models import Shipment
from cloudcabin.tracking.models import TrackingEvent


def events_of(shipment: Shipment, *, with_retracted: bool = False) -> QuerySet[TrackingEvent]:
    """The shipment's events in time order (the caller has checked who may see it)."""
    events = TrackingEvent.objects.filter(shipment=shipment).select_related(
        "milestone", "container"
    )
    return events if with_retracted else events.filter(retracted_at__isnull=True)
