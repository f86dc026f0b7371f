"""The S1 train Xi'an → Duisburg replayed through each way in — the agent's page, the API,
a CSV file and EDIFACT IFTSTA — ends with the same timeline as recorded by the service."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cloudcabin.tracking.edifact.services import receive_iftsta
from cloudcabin.tracking.models import Source, TrackingEvent
from cloudcabin.tracking.services import EventInput, record_events
from cloudcabin.tracking.tests.edifact_helpers import golden
from cloudcabin.tracking.tests.test_edifact_in import s1_milestones

pytestmark = pytest.mark.django_db

Timeline = set[tuple[str, str, str, str, datetime]]


def timeline() -> Timeline:
    return {
        (
            e.milestone_id,
            e.classifier,
            e.container.number if e.container else "",
            e.locode,
            e.event_time,
        )
        for e in TrackingEvent.objects.select_related("container")
    }


def by_the_service(tenants, tracked, rows: list[EventInput]) -> None:
    record_events(tenants.actor(tenants.agent), rows, source=Source.MANUAL)


def as_fields(row: EventInput) -> dict[str, str]:
    """The API's names for an event, also the CSV's header."""
    assert row.event_time is not None
    return {
        "booking_reference": row.booking,
        "container": row.container,
        "milestone": row.milestone,
        "event_classifier": row.classifier,
        "event_datetime": row.event_time.isoformat(),
        "un_location_code": row.locode,
    }


def by_the_api(tenants, tracked, rows: list[EventInput]) -> None:
    body = json.dumps({"events": [as_fields(row) for row in rows]})
    answer = tenants.client_for(tenants.agent).post(
        "/api/v1/tracking/events", body, "application/json"
    )
    assert answer.status_code == 201, answer.content


def by_a_csv_file(tenants, tracked, rows: list[EventInput]) -> None:
    header = list(as_fields(rows[0]))
    lines = [",".join(header)] + [",".join(as_fields(row).values()) for row in rows]
    file = SimpleUploadedFile("s1.csv", "\n".join(lines).encode(), content_type="text/csv")
    answer = tenants.client_for(tenants.agent).post("/api/v1/tracking/events/csv", {"file": file})
    assert answer.status_code == 201, answer.content


def by_the_agents_page(tenants, tracked, rows: list[EventInput]) -> None:
    """One click per reported milestone, the time typed in the station's zone."""
    client = tenants.client_for(tenants.agent)
    page = f"/tracking/agent/departures/{tracked.departure.pk}/record/"
    for row in rows:
        assert row.event_time is not None
        local = row.event_time.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%dT%H:%M")
        fields = {"milestone": row.milestone, "event_time": local, "locode": row.locode}
        if row.container:  # one box: the page's per-container form
            fields |= {"booking": str(tracked.booking.pk), "container": row.container}
        answer = client.post(page, fields)
        assert answer.status_code == 302, answer.content.decode()[:500]


WAYS: dict[str, Callable[..., None]] = {
    "the API": by_the_api,
    "a CSV file": by_a_csv_file,
    "the agent's page": by_the_agents_page,
}


def actual_reports(tracked) -> list[EventInput]:
    """What an agent clicks: the actual events (the page records no estimates), without
    the booking's own confirmation (a shipment event, not a milestone of the train)."""
    return [r for r in s1_milestones(tracked) if r.classifier == "ACT" and r.milestone != "booked"]


@pytest.mark.parametrize("way", sorted(WAYS))
def test_each_way_in_ends_with_the_timeline_the_service_records(tenants, tracked, way):
    reports = actual_reports(tracked)
    by_the_service(tenants, tracked, reports)
    expected = timeline()
    TrackingEvent.objects.all().delete()

    WAYS[way](tenants, tracked, reports)

    assert timeline() == expected
    assert len({row[0] for row in expected}) >= 15


def test_iftsta_ends_with_the_timeline_the_service_records(tenants, tracked):
    by_the_service(tenants, tracked, s1_milestones(tracked))
    expected = timeline()
    TrackingEvent.objects.all().delete()

    receive_iftsta(tenants.actor(tenants.agent), golden("s1_inbound.edi", tracked))

    assert timeline() == expected
