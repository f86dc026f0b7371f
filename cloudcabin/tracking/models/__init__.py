"""The tracking app's models, one module per concern."""

from cloudcabin.tracking.models.events import (
    Classifier,
    EventType,
    Milestone,
    Source,
    TrackingEvent,
)

__all__ = ["Classifier", "EventType", "Milestone", "Source", "TrackingEvent"]
