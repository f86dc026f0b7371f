"""record_events: every ingest way's one door."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cloudcabin.errors import ProblemError
from cloudcabin.tracking.models import TrackingEvent
from cloudcabin.tracking.services import (
    EventInput,
    events_recorded,
    record_events,
    retract_event,
)

pytestmark = pytest.mark.django_db


def departed(tracked, **fields) -> EventInput:
    values = {
        "booking": tracked.booking.reference,
        "milestone": "departed_origin",
        "event_time": timezone.now() - timedelta(hours=2),
        "locode": "CNXIA",
    }
    values.update(fields)
    return EventInput(**values)


def test_an_event_without_a_container_is_recorded_for_every_box_of_the_booking(tenants, tracked):
    recorded = record_events(tenants.actor(tenants.agent), [departed(tracked)], source="MANUAL")

    assert sorted(e.container.number for e in recorded.created) == sorted(tracked.numbers)
    event = recorded.created[0]
    assert (event.event_type, event.code, event.rec24_code) == ("TRANSPORT", "DEPA", "24")
    assert event.organization == tenants.org
    assert event.recorded_for == tenants.operator_org


def test_the_same_report_twice_is_stored_once(tenants, tracked):
    actor = tenants.actor(tenants.agent)
    row = departed(tracked, container=tracked.numbers[0], source_ref="MSG-1/1")

    first = record_events(actor, [row, row], source="API")
    second = record_events(actor, [row], source="API")

    assert (len(first.created), first.duplicates) == (1, 1)
    assert (len(second.created), second.duplicates) == (0, 1)
    assert TrackingEvent.objects.count() == 1


def test_reports_without_a_reference_are_the_same_event_when_their_facts_are(tenants, tracked):
    actor = tenants.actor(tenants.agent)
    when = timezone.now() - timedelta(hours=3)

    record_events(actor, [departed(tracked, event_time=when)], source="MANUAL")
    again = record_events(actor, [departed(tracked, event_time=when)], source="MANUAL")

    assert again.created == [] and again.duplicates == 2


def test_a_bad_row_stores_nothing_and_each_problem_names_its_row(tenants, tracked):
    rows = [
        departed(tracked),
        departed(tracked, container="MSKU1234565"),
        departed(tracked, locode="XXZZZ"),
        departed(tracked, event_time=timezone.now() + timedelta(days=1)),
        departed(tracked, milestone="teleported"),
        departed(tracked, booking="BK-999999"),
        departed(tracked, classifier="MAYBE"),
    ]

    with pytest.raises(ProblemError) as refused:
        record_events(tenants.actor(tenants.agent), rows, source="API")

    assert [(p.path, p.code) for p in refused.value.problems] == [
        ("events[1].container", "TRACKING_CONTAINER_UNKNOWN"),
        ("events[2].locode", "TRACKING_LOCATION_UNKNOWN"),
        ("events[3].event_time", "TRACKING_ACT_IN_FUTURE"),
        ("events[4].milestone", "TRACKING_MILESTONE_UNKNOWN"),
        ("events[5].booking", "TRACKING_BOOKING_UNKNOWN"),
        ("events[6].classifier", "TRACKING_CLASSIFIER_UNKNOWN"),
    ]
    assert TrackingEvent.objects.count() == 0


def test_an_estimate_may_lie_in_the_future(tenants, tracked):
    row = departed(
        tracked,
        milestone="arrived_destination",
        classifier="EST",
        locode="DEDUI",
        event_time=timezone.now() + timedelta(days=12),
    )

    assert len(record_events(tenants.actor(tenants.agent), [row], source="API").created) == 2


def test_a_stranger_cannot_record_events_on_someone_elses_booking(tenants, tracked):
    with pytest.raises(ProblemError) as refused:
        record_events(tenants.actor(tenants.stranger), [departed(tracked)], source="API")

    assert refused.value.problems[0].code == "TRACKING_BOOKING_UNKNOWN"


def test_a_read_only_member_cannot_record_events(tenants, tracked):
    with pytest.raises(ProblemError) as refused:
        record_events(tenants.actor(tenants.colleague), [departed(tracked)], source="API")

    assert refused.value.problems[0].code == "PERMISSION_DENIED"


def test_receivers_hear_of_the_new_rows_only(tenants, tracked):
    heard: list[int] = []

    def receiver(sender, events, actor, **kwargs):
        heard.append(len(events))

    events_recorded.connect(receiver)
    try:
        actor = tenants.actor(tenants.agent)
        row = departed(tracked)
        record_events(actor, [row], source="MANUAL")
        record_events(actor, [row], source="MANUAL")
    finally:
        events_recorded.disconnect(receiver)

    assert heard == [2]


def test_a_retracted_event_is_kept_with_who_and_why(tenants, tracked):
    actor = tenants.actor(tenants.agent)
    event = record_events(actor, [departed(tracked)], source="MANUAL").created[0]

    retract_event(actor, str(event.pk), reason="wrong train")

    event.refresh_from_db()
    assert event.is_retracted
    assert (event.retracted_by, event.retraction_reason) == (tenants.agent, "wrong train")
    with pytest.raises(ProblemError) as again:
        retract_event(actor, str(event.pk), reason="twice")
    assert again.value.problems[0].code == "TRACKING_EVENT_ALREADY_RETRACTED"
