"""Notifications: which milestones each person wants to hear about, and what they were told.

A ``NotificationPreference`` row is a person's own choice for one milestone; without a row
the defaults of ``tracking.notifications`` apply (so a milestone the operators add later is
chosen for nobody until they want it, unless it is a default). A ``Notification`` is one
milestone reached by one shipment, told to one person once, whatever the number of
containers that reached it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cloudcabin.accounts.models import Organization
from cloudcabin.accounts.tenancy import TenantQuerySet
from cloudcabin.tracking.models.events import Milestone, TrackingEvent


class NotificationPreference(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="+")
    wanted = models.BooleanField(_("notify me"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "milestone"], name="one_preference_per_milestone"
            )
        ]
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user_id} {self.milestone_id} {self.wanted}"


class Notification(models.Model):
    # The organization through which the person follows the shipment (theirs, which owns
    # the shipment or has it shared): the list shows the acting organization's.
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tracking_notifications"
    )
    shipment = models.ForeignKey(
        "shipments.Shipment", on_delete=models.CASCADE, related_name="tracking_notifications"
    )
    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="+")
    # The first event that reached the milestone (one per container may follow: not told).
    event = models.ForeignKey(TrackingEvent, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "shipment", "milestone"], name="one_notification_per_milestone"
            )
        ]
        indexes = [models.Index(fields=["user", "organization", "read_at"])]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.shipment_id} {self.milestone_id} → {self.user_id}"
