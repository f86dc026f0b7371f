"""Train services, their departures and capacity, bookings, the waitlist and their events.

Capacity lives on the departure row as counters (``confirmed_teu``, ``held_teu``) that
only change inside a transaction holding that row's lock (see ``services``); a check
constraint makes the database refuse any write that would overbook, whatever the code.
A partial unique constraint likewise refuses a second active booking of one shipment
on one departure.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.templatetags.tz import do_timezone
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cloudcabin.accounts.models import Organization, TenantEvent
from cloudcabin.accounts.tenancy import TenantQuerySet
from cloudcabin.zones import zone_label

ZERO = Decimal(0)


class TrainService(models.Model):
    """A scheduled train: the same route on the same weekdays, run by a rail operator."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=150)
    name_zh = models.CharField(_("name (Chinese)"), max_length=150, blank=True)
    origin = models.ForeignKey(
        "network.Node", to_field="locode", on_delete=models.PROTECT, related_name="+"
    )
    destination = models.ForeignKey(
        "network.Node", to_field="locode", on_delete=models.PROTECT, related_name="+"
    )
    corridor = models.ForeignKey(
        "network.Corridor", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    operator_name = models.CharField(_("train operator"), max_length=150, blank=True)
    # ISO weekdays, Monday = 1 … Sunday = 7, in the origin station's time zone.
    weekdays = models.JSONField(_("weekdays (1 = Monday)"), default=list)
    departure_time = models.TimeField(_("departure time (station time)"))
    timezone = models.CharField(_("station time zone"), max_length=50, default="Asia/Shanghai")
    transit_days = models.PositiveSmallIntegerField(_("transit days"), default=14)
    capacity_teu = models.DecimalField(_("capacity (TEU)"), max_digits=6, decimal_places=2)
    open_working_days = models.PositiveSmallIntegerField(
        _("booking opens (working days before)"), default=14
    )
    cutoff_working_days = models.PositiveSmallIntegerField(
        _("cut-off (working days before)"), default=3
    )
    yard_deadline_hours = models.PositiveSmallIntegerField(
        _("container at yard (hours before departure)"), default=48
    )
    late_fee_per_teu = models.DecimalField(
        _("late fee per TEU"), max_digits=10, decimal_places=2, default=ZERO
    )
    late_fee_currency = models.CharField(_("late fee currency"), max_length=3, default="USD")
    auto_confirm = models.BooleanField(
        _("confirm at once"),
        default=True,
        help_text=_("Off: requests wait for an agent to confirm or reject them."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("train service")
        verbose_name_plural = _("train services")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def timezone_label(self) -> str:
        return zone_label(self.timezone)


class DepartureStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    DEPARTED = "departed", _("Departed")
    CANCELLED = "cancelled", _("Cancelled")


class Departure(models.Model):
    service = models.ForeignKey(TrainService, on_delete=models.PROTECT, related_name="departures")
    departs_at = models.DateTimeField(_("departs at"))
    opens_at = models.DateTimeField(_("booking opens at"))
    cutoff_at = models.DateTimeField(_("cut-off at"))
    yard_deadline_at = models.DateTimeField(_("container at yard by"))
    capacity_teu = models.DecimalField(_("capacity (TEU)"), max_digits=6, decimal_places=2)
    # Maintained only under the row lock, in the same transaction as the bookings.
    confirmed_teu = models.DecimalField(max_digits=6, decimal_places=2, default=ZERO)
    held_teu = models.DecimalField(max_digits=6, decimal_places=2, default=ZERO)
    # The next waitlist sequence number on this departure: strictly increasing.
    waitlist_counter = models.PositiveBigIntegerField(default=0)
    status = models.CharField(
        max_length=10, choices=DepartureStatus.choices, default=DepartureStatus.OPEN
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["departs_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "departs_at"], name="one_departure_per_time"
            ),
            models.CheckConstraint(
                condition=Q(confirmed_teu__gte=0) & Q(held_teu__gte=0),
                name="departure_counters_not_negative",
            ),
            # The database's last word on capacity; the rules before it are in ``capacity``.
            models.CheckConstraint(
                condition=Q(confirmed_teu__lte=F("capacity_teu") - F("held_teu")),
                name="departure_never_overbooked",
            ),
        ]
        verbose_name = _("departure")
        verbose_name_plural = _("departures")

    def __str__(self) -> str:
        return f"{self.service.code} {self.departs_at:%Y-%m-%d %H:%M} UTC"

    @property
    def remaining_teu(self) -> Decimal:
        """The TEU the departure can still take (``capacity.ROOM`` in a query)."""
        return max(self.capacity_teu - self.confirmed_teu - self.held_teu, ZERO)

    @property
    def departs_local(self) -> datetime:
        """The departure in the origin station's time zone, as schedules are shown."""
        return station_time(self.departs_at, self.service.timezone)

    @property
    def opens_local(self) -> datetime:
        return station_time(self.opens_at, self.service.timezone)

    @property
    def cutoff_local(self) -> datetime:
        """The cut-off in the origin station's zone: shown like the departure, everywhere."""
        return station_time(self.cutoff_at, self.service.timezone)

    @property
    def yard_deadline_local(self) -> datetime:
        return station_time(self.yard_deadline_at, self.service.timezone)

    @property
    def zone_label(self) -> str:
        """The station's zone by name, with its offset on the day of departure."""
        return zone_label(self.service.timezone, self.departs_at)


def station_time(moment: datetime, zone: str) -> datetime:
    """``moment`` in the station's zone, marked so templates print it as is.

    Django's ``date`` filter would otherwise convert an aware datetime back to the
    active time zone (UTC); the ``timezone`` template filter's result carries the flag
    that prevents it.
    """
    shown: datetime = do_timezone(moment, ZoneInfo(zone))
    return shown


def station_text(moment: datetime, zone: str) -> str:
    """``moment`` as text in the station's zone, named: for messages and e-mails."""
    return f"{station_time(moment, zone):%Y-%m-%d %H:%M} {zone}"


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("Waitlisted")
    REFUSED = "refused", _("Refused")
    CANCELLED = "cancelled", _("Cancelled")
    REJECTED = "rejected", _("Rejected")
    HELD = "held", _("Held by an agent")
    # The train left with the booking's containers: nothing about it can change now.
    DEPARTED = "departed", _("Departed")


ACTIVE_STATUSES = frozenset(
    {BookingStatus.REQUESTED, BookingStatus.CONFIRMED, BookingStatus.WAITLISTED, BookingStatus.HELD}
)

# Bookings whose containers have a place on the train: counted in ``confirmed_teu``,
# listed on the manifest, dated in the documents.
ON_TRAIN_STATUSES = frozenset({BookingStatus.CONFIRMED, BookingStatus.DEPARTED})


def booking_reference(pk: int) -> str:
    """BK-000106: what a booking is called, from its id alone."""
    return f"BK-{pk:06d}"


class Booking(models.Model):
    """Slots on one departure for one shipment's containers, or an agent's hold for a client."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    shipment = models.ForeignKey(
        "shipments.Shipment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bookings",
    )
    departure = models.ForeignKey(Departure, on_delete=models.PROTECT, related_name="bookings")
    # [{"size_type": "45G1", "count": 2, "teu": "2.00"}]: teu is per container.
    containers = models.JSONField(default=list)
    teu = models.DecimalField(max_digits=6, decimal_places=2)
    status = models.CharField(max_length=10, choices=BookingStatus.choices)
    waitlist_seq = models.PositiveBigIntegerField(null=True, blank=True)
    is_late = models.BooleanField(_("late booking"), default=False)
    late_fee = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    late_fee_currency = models.CharField(max_length=3, blank=True)
    consignment_note_number = models.CharField(
        _("consignment note (CIM/SMGS) number"), max_length=40, blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["departure", "status", "waitlist_seq"])]
        constraints = [
            # Parallel requests without an Idempotency-Key once booked the same boxes
            # many times over; whatever the code does, the database keeps one.
            models.UniqueConstraint(
                fields=["shipment", "departure"],
                condition=Q(status__in=sorted(ACTIVE_STATUSES)),
                name="one_active_booking_per_shipment",
            )
        ]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return booking_reference(self.pk) if self.pk else "BK-new"

    @property
    def container_count(self) -> int:
        return sum(int(item["count"]) for item in self.containers)


class BookingEventKind(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("Waitlisted")
    PROMOTED = "promoted", _("Promoted from the waitlist")
    REFUSED = "refused", _("Refused")
    CANCELLED = "cancelled", _("Cancelled")
    REDUCED = "reduced", _("Containers cancelled")
    REJECTED = "rejected", _("Rejected")
    MOVED = "moved", _("Moved to another departure")
    HELD = "held", _("Capacity held")
    HOLD_USED = "hold_used", _("Held capacity used")
    UPDATED = "updated", _("Updated")
    REMINDED = "reminded", _("Cut-off reminder sent")
    DEPARTURE_CLOSED = "departure_closed", _("Train closed for booking")
    DEPARTED = "departed", _("Train departed")
    TRAIN_CANCELLED = "train_cancelled", _("Train cancelled")


class BookingEvent(TenantEvent):
    """The audit trail of a booking: who, when, what, before and after."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="events")
    departure = models.ForeignKey(Departure, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=BookingEventKind.choices)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    class Meta(TenantEvent.Meta):
        ordering = ["created_at", "id"]
        verbose_name = _("booking event")
        verbose_name_plural = _("booking events")

    def __str__(self) -> str:
        return f"{self.kind} {self.booking_id}"

    @property
    def status_before_label(self) -> str:
        return _status_label(self.before.get("status"))

    @property
    def status_after_label(self) -> str:
        return _status_label(self.after.get("status"))


def _status_label(value: object) -> str:
    """The status in the reader's language (an unknown old value is shown as stored)."""
    if isinstance(value, str) and value in BookingStatus.values:
        return str(BookingStatus(value).label)
    return str(value or "")


class DepartureEventKind(models.TextChoices):
    GENERATED = "generated", _("Generated")
    UPDATED = "updated", _("Updated")


class DepartureEvent(models.Model):
    """Changes an agent makes to a departure (capacity, status, dates)."""

    departure = models.ForeignKey(Departure, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=DepartureEventKind.choices)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("departure event")
        verbose_name_plural = _("departure events")

    def __str__(self) -> str:
        return f"{self.kind} {self.departure_id}"


class IdempotencyKey(models.Model):
    """The first answer to a POST sent with an ``Idempotency-Key``, replayed on retries."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    operation = models.CharField(max_length=60)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    objects = TenantQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "key"], name="one_idempotency_key")
        ]
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")

    def __str__(self) -> str:
        return f"{self.organization_id}:{self.key}"
