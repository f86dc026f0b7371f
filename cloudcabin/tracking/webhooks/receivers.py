"""The webhook outbox is written for every recorded or retracted event, in its transaction."""

from __future__ import annotations

from cloudcabin.tracking.models import TrackingEvent
from cloudcabin.tracking.services import events_recorded, events_retracted
from cloudcabin.tracking.webhooks.services import on_event_retracted, on_events_recorded

events_recorded.connect(on_events_recorded, sender=TrackingEvent, dispatch_uid="webhooks")
events_retracted.connect(on_event_retracted, sender=TrackingEvent, dispatch_uid="webhooks")
