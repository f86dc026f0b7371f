"""Webhooks: an organization's endpoints and the durable outbox of deliveries to them.

A ``WebhookDelivery`` is written in the same transaction as the event it tells about, so
an event is never stored without its deliveries nor a delivery sent for an event that
rolled back. A task (``tracking.tasks.deliver_webhook``) sends it and records how it went;
the row's id is the Standard Webhooks ``webhook-id``, the same on every retry.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cloudcabin.accounts.models import Organization
from cloudcabin.accounts.tenancy import TenantQuerySet
from cloudcabin.tracking.models.events import TrackingEvent


class WebhookEventType(models.TextChoices):
    EVENT_CREATED = "tracking.event.created", _("A tracking event was recorded")
    EVENT_RETRACTED = "tracking.event.retracted", _("A tracking event was retracted")


# Sent by the "send test event" button only; no endpoint subscribes to it.
TEST_EVENT_TYPE = "webhook.test"


class DisabledReason(models.TextChoices):
    GONE = "gone", _("The endpoint answered 410 Gone.")
    FAILING = "failing", _("Every attempt failed for the whole retry schedule.")
    MANUAL = "manual", _("Disabled by a person.")


class WebhookEndpoint(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    url = models.CharField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    event_types = models.JSONField(_("event types"), default=list)
    # The Standard Webhooks signing secret, ``whsec_`` + base64 of 32 random bytes. Kept
    # as such because signing needs it; shown to people once, when created.
    secret = models.CharField(max_length=80)
    active = models.BooleanField(_("active"), default=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=10, choices=DisabledReason.choices, blank=True)
    # Since when every attempt failed (cleared by a success): a delivery giving up while
    # this is set disables the endpoint.
    failing_since = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class WebhookDelivery(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event_type = models.CharField(max_length=40)
    event = models.ForeignKey(
        TrackingEvent, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The exact body sent (and signed) on every attempt.
    payload = models.TextField()
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    # Attempts since it was queued (or replayed): the position in the retry schedule.
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_latency_ms = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["endpoint", "created_at"]),
        ]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")

    def __str__(self) -> str:
        return f"{self.message_id} {self.event_type} {self.status}"

    @property
    def message_id(self) -> str:
        """The ``webhook-id`` header: stable across retries, the receiver's idempotency key."""
        return f"msg_{self.id.hex}"
