"""Every recorded or retracted event refreshes its containers' estimates: a task per batch,
queued in the events' transaction (``tracking.tasks.refresh_etas``)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from cloudcabin.tracking.eta.services import Box
from cloudcabin.tracking.models import TrackingEvent
from cloudcabin.tracking.services import events_recorded, events_retracted
from cloudcabin.tracking.tasks import queue_eta_refresh


@receiver(events_recorded, sender=TrackingEvent, dispatch_uid="eta_on_events_recorded")
def refresh_on_recorded(sender: Any, events: list[TrackingEvent], **kwargs: Any) -> None:
    queue_eta_refresh(box for event in events if (box := Box.of(event)) is not None)


@receiver(events_retracted, sender=TrackingEvent, dispatch_uid="eta_on_event_retracted")
def refresh_on_retracted(sender: Any, event: TrackingEvent, **kwargs: Any) -> None:
    box = Box.of(event)
    if box is not None:
        queue_eta_refresh([box])
