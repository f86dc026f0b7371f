"""Writes of the tracking app: every way an event arrives lands in ``record_events``.

The agent's forms, the API batch, the CSV upload and EDIFACT IFTSTA each turn their input
into ``EventInput`` rows and call ``record_events`` once per batch: all the rows are checked
first and every problem is named by its row (``events[3].container``); nothing is stored
unless every row is good. A row repeated (same source and source reference) is stored once.

After storing, the ``events_recorded`` signal is sent inside the same transaction, so that
what follows from an event (the ETA, the webhook outbox, notifications, the booking's
status) commits or rolls back with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.bookings.models import Booking, BookingStatus
from cloudcabin.errors import Problem, ProblemError, problem
from cloudcabin.network.models import Node
from cloudcabin.reference.models import Location
from cloudcabin.shipments.models import Container, Shipment
from cloudcabin.tracking.models import Classifier, Milestone, Source, TrackingEvent

# Sent with ``events`` (the rows just stored, in input order) and ``actor``, inside the
# recording transaction. Receivers must not fail on good input: an exception rolls the
# whole batch back.
events_recorded = Signal()
# Sent with ``event`` and ``actor`` inside the retraction's transaction.
events_retracted = Signal()

TRACKED_STATUSES = frozenset({BookingStatus.CONFIRMED, BookingStatus.DEPARTED})
# Clocks differ: an "actual" event a few minutes ahead of ours is not from the future.
CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class EventInput:
    """One reported event, as every ingest way gives it.

    ``booking`` is the booking reference ("BK-000123", or its number). Without a
    ``container`` the event is about every container of the booking (a train departs
    with all of them).
    """

    booking: str
    milestone: str
    event_time: datetime | None
    classifier: str = Classifier.ACTUAL
    container: str = ""
    locode: str = ""
    train_number: str = ""
    wagon_number: str = ""
    delay_reason: str = ""
    remark: str = ""
    source_ref: str = ""


@dataclass
class Recorded:
    """What a batch did: the new rows, and how many rows were repeats of stored ones."""

    created: list[TrackingEvent] = field(default_factory=list)
    duplicates: int = 0


def booking_id_of(reference: str) -> int | None:
    text = reference.strip().upper().removeprefix("BK-").lstrip("0") or "0"
    return int(text) if text.isdigit() and int(text) > 0 else None


def record_events(
    actor: Actor, inputs: Sequence[EventInput], *, source: str, path: str = "events"
) -> Recorded:
    """Check every row, then store them all (or nothing) and tell the receivers."""
    actor.require_write()
    if not inputs:
        raise ProblemError.of("TRACKING_BATCH_EMPTY", path=path)
    Source(source)  # a programming error, not bad input, when unknown
    with transaction.atomic():
        rows, problems = _resolve(actor, inputs, source=source, path=path)
        if problems:
            raise ProblemError(*problems)
        recorded = _store(rows)
        if recorded.created:
            events_recorded.send(sender=TrackingEvent, events=recorded.created, actor=actor)
    return recorded


def retract_event(actor: Actor, event_id: str, *, reason: str) -> TrackingEvent:
    """Withdraw a wrong event; the row stays, marked, so that history is kept."""
    actor.require_write()
    with transaction.atomic():
        try:
            event = TrackingEvent.objects.for_actor(actor).select_for_update().get(pk=event_id)
        except (TrackingEvent.DoesNotExist, ValueError) as exc:
            raise ProblemError.of("NOT_FOUND") from exc
        if event.is_retracted:
            raise ProblemError.of("TRACKING_EVENT_ALREADY_RETRACTED")
        event.retracted_at = timezone.now()
        event.retracted_by = actor.user
        event.retraction_reason = reason.strip()[:300]
        event.save(update_fields=["retracted_at", "retracted_by", "retraction_reason"])
        events_retracted.send(sender=TrackingEvent, event=event, actor=actor)
    return event


def _resolve(
    actor: Actor, inputs: Sequence[EventInput], *, source: str, path: str
) -> tuple[list[TrackingEvent], list[Problem]]:
    """Turn the rows into unsaved events, with one query per kind of thing looked up."""
    milestones = {m.key: m for m in Milestone.objects.all()}
    ids = {booking_id_of(row.booking) for row in inputs} - {None}
    bookings = {
        b.pk: b
        for b in Booking.objects.for_actor(actor)
        .filter(pk__in=ids, shipment__isnull=False)
        .select_related("shipment", "departure__service")
    }
    containers: dict[int, dict[str, Container]] = {}
    for container in Container.objects.filter(
        shipment_id__in={b.shipment_id for b in bookings.values()}
    ):
        containers.setdefault(container.shipment_id, {})[container.number] = container
    known_places = _known_locodes({row.locode.strip().upper() for row in inputs} - {""})
    elsewhere = _numbers_elsewhere(actor, inputs, containers)
    now = timezone.now()

    rows: list[TrackingEvent] = []
    problems: list[Problem] = []
    for index, row in enumerate(inputs):
        at = f"{path}[{index}]"
        found: list[Problem] = []
        booking = bookings.get(booking_id_of(row.booking) or 0)
        if booking is None:
            found.append(
                problem("TRACKING_BOOKING_UNKNOWN", path=f"{at}.booking", booking=row.booking)
            )
        elif booking.status not in TRACKED_STATUSES:
            found.append(
                problem(
                    "TRACKING_BOOKING_NOT_ACTIVE",
                    path=f"{at}.booking",
                    booking=booking.reference,
                    status=booking.get_status_display(),
                )
            )
        milestone = milestones.get(row.milestone.strip())
        if milestone is None:
            found.append(
                problem(
                    "TRACKING_MILESTONE_UNKNOWN", path=f"{at}.milestone", milestone=row.milestone
                )
            )
        if row.classifier not in Classifier.values:
            found.append(problem("TRACKING_CLASSIFIER_UNKNOWN", path=f"{at}.classifier"))
        if row.event_time is None or timezone.is_naive(row.event_time):
            found.append(problem("TRACKING_TIME_REQUIRED", path=f"{at}.event_time"))
        elif row.classifier == Classifier.ACTUAL and row.event_time > now + CLOCK_SKEW:
            found.append(
                problem(
                    "TRACKING_ACT_IN_FUTURE",
                    path=f"{at}.event_time",
                    time=row.event_time.isoformat(timespec="minutes"),
                )
            )
        locode = row.locode.strip().upper()
        if locode and locode not in known_places:
            found.append(
                problem("TRACKING_LOCATION_UNKNOWN", path=f"{at}.locode", locode=row.locode)
            )
        targets: list[Container | None] = []
        if booking is not None:
            on_booking = containers.get(booking.shipment_id or 0, {})
            number = _number(row.container)
            if number and number not in on_booking:
                found.append(
                    problem(
                        "TRACKING_CONTAINER_NOT_ON_BOOKING"
                        if number in elsewhere
                        else "TRACKING_CONTAINER_UNKNOWN",
                        path=f"{at}.container",
                        container=row.container,
                        booking=booking.reference,
                    )
                )
            chosen = [on_booking[number]] if number in on_booking else on_booking.values()
            targets = list(chosen)
        if found:
            problems.extend(found)
            continue
        assert booking is not None and milestone is not None and row.event_time is not None
        for target in targets or [None]:
            rows.append(_event(actor, row, booking, milestone, target, locode, source))
    return rows, problems


def _number(text: str) -> str:
    return text.strip().upper().replace(" ", "")


def _numbers_elsewhere(
    actor: Actor, inputs: Sequence[EventInput], booked: dict[int, dict[str, Container]]
) -> set[str]:
    """The numbers given that are containers of the actor's, on these bookings or others:
    a number on none of them is unknown rather than on the wrong booking."""
    wanted = {_number(row.container) for row in inputs} - {""}
    on_bookings = {number for boxes in booked.values() for number in boxes}
    strays = wanted - on_bookings
    if not strays:
        return on_bookings
    return on_bookings | set(
        Container.objects.filter(
            shipment__in=Shipment.objects.for_actor(actor), number__in=strays
        ).values_list("number", flat=True)
    )


def _known_locodes(locodes: set[str]) -> set[str]:
    if not locodes:
        return set()
    known = set(Location.objects.filter(locode__in=locodes).values_list("locode", flat=True))
    return known | set(Node.objects.filter(locode__in=locodes).values_list("locode", flat=True))


def _event(
    actor: Actor,
    row: EventInput,
    booking: Booking,
    milestone: Milestone,
    container: Container | None,
    locode: str,
    source: str,
) -> TrackingEvent:
    assert row.event_time is not None and booking.shipment is not None
    number = container.number if container else "-"
    own = row.source_ref.strip()
    if own:
        # One report about every box of a booking becomes one row per box.
        reference = own if row.container.strip() or container is None else f"{own}#{number}"
    else:
        # Without the sender's own reference, the event's facts are its identity: the
        # same milestone reported twice for the same box, place and time is one event.
        reference = "|".join(
            (
                milestone.key,
                row.classifier,
                booking.reference,
                number,
                locode,
                row.event_time.isoformat(),
            )
        )
    return milestone_event(
        booking,
        milestone,
        container,
        classifier=row.classifier,
        event_time=row.event_time,
        locode=locode,
        train_number=row.train_number.strip()[:35],
        wagon_number=row.wagon_number.strip()[:12],
        delay_reason=row.delay_reason.strip()[:3],
        remark=row.remark.strip()[:300],
        source=source,
        source_ref=reference,
        recorded_by=actor.user,
        recorded_for=actor.organization,
    )


def milestone_event(
    booking: Booking, milestone: Milestone, container: Container | None, **fields: Any
) -> TrackingEvent:
    """An unsaved event whose owner, shipment, departure and codes derive from its booking
    and milestone; ``fields`` give what was reported (time, place, source …)."""
    return TrackingEvent(
        organization_id=booking.organization_id,
        shipment=booking.shipment,
        booking=booking,
        departure=booking.departure,
        container=container,
        milestone=milestone,
        event_type=milestone.event_type,
        code=milestone.dcsa_code,
        rec24_code=milestone.rec24_code,
        **fields,
    )


def _store(rows: list[TrackingEvent]) -> Recorded:
    """Insert the rows not stored before; a row repeated within the batch counts once."""
    recorded = Recorded()
    unique: dict[tuple[int, str, str], TrackingEvent] = {}
    for row in rows:
        key = (row.organization_id, row.source, row.source_ref)
        if key in unique:
            recorded.duplicates += 1
        else:
            unique[key] = row
    stored = set(
        TrackingEvent.objects.filter(
            organization_id__in={key[0] for key in unique},
            source__in={key[1] for key in unique},
            source_ref__in={key[2] for key in unique},
        ).values_list("organization_id", "source", "source_ref")
    )
    fresh = [row for key, row in unique.items() if key not in stored]
    recorded.duplicates += len(unique) - len(fresh)
    recorded.created = TrackingEvent.objects.bulk_create(fresh)
    return recorded
