"""Notifications follow every batch of recorded events (in its transaction)."""

from __future__ import annotations

from cloudcabin.tracking.models import TrackingEvent
from cloudcabin.tracking.notifications.services import on_events_recorded
from cloudcabin.tracking.services import events_recorded

events_recorded.connect(on_events_recorded, sender=TrackingEvent, dispatch_uid="notifications")
