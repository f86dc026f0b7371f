"""Back office: agents keep train services and departures here; bookings are read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from cloudcabin.accounts.selectors import actor_for_user
from cloudcabin.bookings import schedules
from cloudcabin.bookings.models import (
    Booking,
    BookingEvent,
    Departure,
    DepartureEvent,
    IdempotencyKey,
    TrainService,
)
from cloudcabin.errors import ProblemError


@admin.register(TrainService)
class TrainServiceAdmin(admin.ModelAdmin[TrainService]):
    list_display = (
        "code",
        "name",
        "origin",
        "destination",
        "weekdays",
        "capacity_teu",
        "is_active",
    )
    list_filter = ("is_active",)
    search_fields = ("code", "name", "operator_name")
    list_select_related = ("origin", "destination")
    raw_id_fields = ("origin", "destination", "corridor")
    actions = ["generate_eight_weeks"]

    @admin.action(description="Generate departures for the next 8 weeks")
    def generate_eight_weeks(self, request: HttpRequest, queryset: QuerySet[TrainService]) -> None:
        created = sum(len(schedules.generate_departures(service=s, weeks=8)) for s in queryset)
        self.message_user(request, f"{created} departures created.")


@admin.register(Departure)
class DepartureAdmin(admin.ModelAdmin[Departure]):
    list_display = (
        "service",
        "departs_at",
        "cutoff_at",
        "capacity_teu",
        "confirmed_teu",
        "held_teu",
        "status",
    )
    list_filter = ("status", "service")
    list_select_related = ("service",)
    raw_id_fields = ("service",)
    date_hierarchy = "departs_at"
    # Counters change only under the row lock, through the booking services.
    readonly_fields = ("confirmed_teu", "held_teu", "waitlist_counter", "reminder_sent_at")

    def save_model(self, request: HttpRequest, obj: Departure, form: Any, change: bool) -> None:
        if not change:
            super().save_model(request, obj, form, change)
            return
        actor = actor_for_user(request.user)  # type: ignore[arg-type]
        changed = set(form.changed_data)
        other = changed - {"capacity_teu", "status"}
        if other:
            fields = {name: getattr(obj, name) for name in other}
            Departure.objects.filter(pk=obj.pk).update(**fields)
        if actor is None or not changed & {"capacity_teu", "status"}:
            return
        try:
            schedules.update_departure(
                actor=actor, departure_id=obj.pk, capacity_teu=obj.capacity_teu, status=obj.status
            )
        except ProblemError as exc:
            self.message_user(request, exc.problems[0].message, level=messages.ERROR)


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin[Booking]):
    list_display = ("__str__", "organization", "shipment", "departure", "teu", "status", "is_late")
    list_filter = ("status", "is_late")
    list_select_related = ("organization", "shipment", "departure__service")
    raw_id_fields = ("organization", "shipment", "departure", "created_by")
    search_fields = ("shipment__reference", "organization__name_en", "consignment_note_number")
    readonly_fields = [f.name for f in Booking._meta.fields if f.name != "consignment_note_number"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(BookingEvent)
class BookingEventAdmin(admin.ModelAdmin[BookingEvent]):
    list_display = ("created_at", "booking", "kind", "actor")
    list_filter = ("kind",)
    list_select_related = ("booking", "actor")
    raw_id_fields = ("organization", "booking", "departure", "actor")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DepartureEvent)
class DepartureEventAdmin(admin.ModelAdmin[DepartureEvent]):
    list_display = ("created_at", "departure", "kind", "actor")
    list_select_related = ("departure__service", "actor")
    raw_id_fields = ("departure", "actor")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(IdempotencyKey)
class IdempotencyKeyAdmin(admin.ModelAdmin[IdempotencyKey]):
    list_display = ("created_at", "organization", "key", "operation", "status_code")
    raw_id_fields = ("organization",)
    search_fields = ("key",)
