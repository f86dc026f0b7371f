"""The tracking app's models, one module per concern."""

from cloudcabin.tracking.models.events import (
    Classifier,
    EventType,
    Milestone,
    Source,
    TrackingEvent,
)
from cloudcabin.tracking.models.links import TrackingLink

__all__ = ["Classifier", "EventType", "Milestone", "Source", "TrackingEvent", "TrackingLink"]
