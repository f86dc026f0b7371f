"""Tracking events after DCSA Track & Trace 2.x, and the milestones they reach.

A ``Milestone`` is a row of the data table ``tracking/data/milestones.csv`` (operators
edit it in the admin): our rail milestone, its DCSA event type and code, and its UN/ECE
Recommendation 24 status code, so that an IFTSTA message is a lookup, not a translation.

A ``TrackingEvent`` is one DCSA event about one container (or about a booking without
containers): ACT what happened, EST what is expected, PLN what the timetable says. Rows
are never deleted: a retraction keeps the event and says when, who and why.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cloudcabin.accounts.models import Organization
from cloudcabin.accounts.tenancy import TenantQuerySet


class EventType(models.TextChoices):
    SHIPMENT = "SHIPMENT", _("Shipment")
    TRANSPORT = "TRANSPORT", _("Transport")
    EQUIPMENT = "EQUIPMENT", _("Equipment")


class Classifier(models.TextChoices):
    ACTUAL = "ACT", _("Actual")
    ESTIMATED = "EST", _("Estimated")
    PLANNED = "PLN", _("Planned")


class Source(models.TextChoices):
    """How an event reached us; with ``source_ref`` it makes the event's identity."""

    MANUAL = "MANUAL", _("Entered by an agent")
    API = "API", _("API")
    CSV = "CSV", _("CSV upload")
    IFTSTA = "IFTSTA", _("EDIFACT IFTSTA")
    DEPARTURE = "DEPARTURE", _("Departure status")
    DEMO = "DEMO", _("Demo history")


class Milestone(models.Model):
    key = models.SlugField(_("key"), max_length=40, primary_key=True)
    sequence = models.PositiveSmallIntegerField(_("order on the journey"))
    name_en = models.CharField(_("name (English)"), max_length=80)
    name_zh = models.CharField(_("name (Chinese)"), max_length=80)
    event_type = models.CharField(_("DCSA event type"), max_length=10, choices=EventType.choices)
    dcsa_code = models.CharField(_("DCSA event code"), max_length=4)
    rec24_code = models.CharField(_("UN/ECE Rec. 24 status code"), max_length=3)
    facility_type = models.CharField(_("facility type"), max_length=20, blank=True)
    transport_phase = models.CharField(_("transport phase"), max_length=14, blank=True)
    empty_indicator = models.CharField(_("empty or laden"), max_length=5, blank=True)
    # Shown on the consignee's public tracking page.
    public = models.BooleanField(_("public"), default=True)
    note = models.CharField(_("source note"), max_length=200, blank=True)

    class Meta:
        ordering = ["sequence"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the reader's language."""
        language = get_language() or ""
        return self.name_zh if language.startswith("zh") and self.name_zh else self.name_en


class TrackingEvent(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # The shipment's owner: the tenancy chokepoint reaches events through it.
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    shipment = models.ForeignKey(
        "shipments.Shipment", on_delete=models.CASCADE, related_name="tracking_events"
    )
    booking = models.ForeignKey(
        "bookings.Booking", on_delete=models.CASCADE, related_name="tracking_events"
    )
    departure = models.ForeignKey(
        "bookings.Departure", on_delete=models.CASCADE, related_name="tracking_events"
    )
    # Null only for a booking whose shipment has no container numbers yet.
    container = models.ForeignKey(
        "shipments.Container",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tracking_events",
    )
    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="+")
    # Copied from the milestone when recorded, so that an edit of the table later does
    # not rewrite what was reported.
    event_type = models.CharField(max_length=10, choices=EventType.choices)
    code = models.CharField(max_length=4)
    rec24_code = models.CharField(max_length=3)
    classifier = models.CharField(max_length=3, choices=Classifier.choices)
    event_time = models.DateTimeField()
    locode = models.CharField(_("UN/LOCODE"), max_length=5, blank=True)
    train_number = models.CharField(max_length=35, blank=True)
    wagon_number = models.CharField(max_length=12, blank=True)
    delay_reason = models.CharField(max_length=3, blank=True)
    remark = models.CharField(max_length=300, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    source_ref = models.CharField(max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_for = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    retracted_at = models.DateTimeField(null=True, blank=True)
    retracted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    retraction_reason = models.CharField(max_length=300, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["event_time", "created_at"]
        constraints = [
            # Idempotency: the same report from the same source is stored once.
            models.UniqueConstraint(
                fields=["organization", "source", "source_ref"], name="one_event_per_source_ref"
            ),
            models.CheckConstraint(
                condition=Q(classifier__in=["ACT", "EST", "PLN"]), name="event_classifier_known"
            ),
        ]
        indexes = [
            models.Index(fields=["container", "event_time"]),
            models.Index(fields=["shipment", "event_time"]),
            models.Index(fields=["departure", "milestone"]),
        ]
        verbose_name = _("tracking event")
        verbose_name_plural = _("tracking events")

    def __str__(self) -> str:
        return f"{self.milestone_id} {self.classifier} {self.event_time:%Y-%m-%d %H:%M}"

    @property
    def is_retracted(self) -> bool:
        return self.retracted_at is not None
