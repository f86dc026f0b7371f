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
from cloudcabin.tracking.models.notifications import Notification, NotificationPreference
from cloudcabin.tracking.models.webhooks import (
    DeliveryStatus,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEventType,
)

__all__ = [
    "Classifier",
    "ContainerEta",
    "DeliveryStatus",
    "EdifactLayout",
    "EdifactProfile",
    "EtaMethod",
    "EtaTarget",
    "EventType",
    "IftstaVersion",
    "Milestone",
    "Notification",
    "NotificationPreference",
    "Source",
    "TrackingEvent",
    "TrackingLink",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEventType",
]
