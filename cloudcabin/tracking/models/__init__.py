"""The tracking app's models, one module per concern."""

from cloudcabin.tracking.models.edifact import EdifactLayout, EdifactProfile, IftstaVersion
from cloudcabin.tracking.models.eta import ContainerEta, EtaMethod, EtaTarget
from cloudcabin.tracking.models.events import (
    Classifier,
    EventType,
    Milestone,
    Source,
    TrackingEvent,
)
from cloudcabin.tracking.models.links import TrackingLink

__all__ = [
    "Classifier",
    "ContainerEta",
    "EdifactLayout",
    "EdifactProfile",
    "EtaMethod",
    "EtaTarget",
    "EventType",
    "IftstaVersion",
    "Milestone",
    "Source",
    "TrackingEvent",
    "TrackingLink",
]
