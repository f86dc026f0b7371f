"""The tracking app's models, one module per concern."""

from cloudcabin.tracking.models.events import (
    Classifier,
    EventType,
    Milestone,
    Source,
    TrackingEvent,
)
from cloudcabin.tracking.models.notifications import Notification, NotificationPreference
from cloudcabin.tracking.models.webhooks import (
    DeliveryStatus,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEventType,
)

__all__ = [
    "Classifier",
    "DeliveryStatus",
    "EventType",
    "Milestone",
    "Notification",
    "NotificationPreference",
    "Source",
    "TrackingEvent",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEventType",
]
