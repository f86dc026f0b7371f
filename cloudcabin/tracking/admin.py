"""Back office: operators edit the milestone table and EDIFACT partner profiles; events are
read-only (retract, never edit)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from cloudcabin.tracking.models import (
    ContainerEta,
    EdifactProfile,
    Milestone,
    TrackingEvent,
    WebhookDelivery,
)


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin[Milestone]):
    list_display = (
        "sequence",
        "key",
        "name_en",
        "name_zh",
        "event_type",
        "dcsa_code",
        "rec24_code",
        "public",
    )
    list_editable = ("name_en", "name_zh", "public")
    ordering = ("sequence",)


@admin.register(TrackingEvent)
class TrackingEventAdmin(admin.ModelAdmin[TrackingEvent]):
    list_display = (
        "event_time",
        "milestone",
        "classifier",
        "container",
        "booking",
        "locode",
        "source",
        "retracted_at",
    )
    list_filter = ("classifier", "source", "milestone")
    search_fields = ("container__number", "source_ref", "train_number")
    list_select_related = ("milestone", "container", "booking")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(EdifactProfile)
class EdifactProfileAdmin(admin.ModelAdmin[EdifactProfile]):
    list_display = ("__str__", "organization", "sender_id", "recipient_id", "version", "active")
    list_filter = ("version", "active")
    search_fields = ("partner_name", "sender_id", "recipient_id")
    raw_id_fields = ("organization", "partner")
    list_select_related = ("organization", "partner")
    readonly_fields = ("last_control_reference",)


@admin.register(ContainerEta)
class ContainerEtaAdmin(admin.ModelAdmin[ContainerEta]):
    """Computed from events: read-only (a wrong estimate is fixed by fixing its events)."""

    list_display = (
        "container",
        "target",
        "milestone",
        "locode",
        "p10",
        "p50",
        "p90",
        "observations",
        "method",
        "computed_at",
    )
    list_filter = ("target", "method")
    search_fields = ("container__number",)
    list_select_related = ("container", "milestone")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin[WebhookDelivery]):
    """The delivery log of every organization; filtered by "Failed", the dead letters (their
    owners replay them from the webhook's page once the receiver is fixed)."""

    list_display = (
        "message_id",
        "event_type",
        "endpoint",
        "organization",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
        "last_attempt_at",
        "next_attempt_at",
    )
    list_filter = ("status", "event_type")
    search_fields = ("id", "endpoint__url")
    list_select_related = ("endpoint", "organization")
    ordering = ("-created_at",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
