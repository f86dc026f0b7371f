"""The tracking app's models, one module per concern."""

from cloudcabin.tracking.models.eta import ContainerEta, EtaMethod, EtaTarget
from cloudcabin.tracking.models.events import (
    Classifier,
    EventType,
    Milestone,
    Source,
    TrackingEvent,
)

__all__ = [
    "Classifier",
    "ContainerEta",
    "EtaMethod",
    "EtaTarget",
    "EventType",
    "Milestone",
    "Source",
    "TrackingEvent",
]
