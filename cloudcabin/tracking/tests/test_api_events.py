"""POST /api/v1/tracking/events (a batch, all or nothing), GET (DCSA-shaped, tenancy),
POST …/{id}/retract."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from cloudcabin.bookings.models import BookingStatus
from cloudcabin.tracking.models import TrackingEvent
from cloudcabin.tracking.tests.conftest import make_tracked

pytestmark = pytest.mark.django_db
API = "/api/v1/tracking/events"
JSON = "application/json"


@pytest.fixture
def client(tenants) -> Client:
    return Client(headers={"X-API-Key": tenants.api_key(tenants.owner)})


def event(tracked, **fields) -> dict[str, str]:
    values = {
        "booking_reference": tracked.booking.reference,
        "container": tracked.numbers[0],
        "milestone": "gate_in_origin",
        "event_classifier": "ACT",
        "event_datetime": (timezone.now() - timedelta(hours=30)).isoformat(),
        "un_location_code": "CNXIA",
    }
    values.update(fields)
    return values


def post(client: Client, events: list[dict[str, str]]):
    return client.post(API, {"events": events}, content_type=JSON)


def errors(response) -> list[tuple[str, str]]:
    return [(e["path"], e["code"]) for e in response.json()["errors"]]


def test_a_batch_is_stored_and_counted(client, tracked):
    response = post(
        client,
        [
            event(tracked, source_reference="GATE-1"),
            event(tracked, milestone="loaded", container=tracked.numbers[1]),
            event(tracked, milestone="departed_origin", container=""),
        ],
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["created"], body["duplicates"]) == (4, 0)
    assert TrackingEvent.objects.filter(source="API").count() == 4
    assert {str(pk) for pk in TrackingEvent.objects.values_list("pk", flat=True)} == set(
        body["event_ids"]
    )


def test_the_same_post_twice_stores_one_row(client, tracked):
    batch = [event(tracked, source_reference="EDI-77/1")]

    first = post(client, batch)
    second = post(client, batch)

    assert (first.status_code, first.json()["created"]) == (201, 1)
    assert (second.status_code, second.json()["created"], second.json()["duplicates"]) == (
        201,
        0,
        1,
    )
    assert TrackingEvent.objects.count() == 1


def test_each_bad_event_is_named_by_its_index_and_nothing_is_stored(client, tenants, tracked):
    other = make_tracked(tenants, reference="CC-TR-2")
    response = post(
        client,
        [
            event(tracked),
            event(tracked, container="MSKU1234565"),
            event(tracked, container=other.numbers[0]),
            event(tracked, un_location_code="XXZZZ"),
            event(tracked, event_datetime=(timezone.now() + timedelta(days=2)).isoformat()),
            event(tracked, event_datetime="yesterday"),
            event(tracked, event_datetime="2026-11-30T10:00:00"),
            event(tracked, event_classifier="MAY"),
            event(tracked, booking_reference="BK-999999"),
        ],
    )

    assert response.status_code == 422
    assert errors(response) == [
        ("events[1].container", "TRACKING_CONTAINER_UNKNOWN"),
        ("events[2].container", "TRACKING_CONTAINER_NOT_ON_BOOKING"),
        ("events[3].un_location_code", "TRACKING_LOCATION_UNKNOWN"),
        ("events[4].event_datetime", "TRACKING_ACT_IN_FUTURE"),
        ("events[5].event_datetime", "TRACKING_TIME_REQUIRED"),
        ("events[6].event_datetime", "TRACKING_TIME_REQUIRED"),
        ("events[7].event_classifier", "TRACKING_CLASSIFIER_UNKNOWN"),
        ("events[8].booking_reference", "TRACKING_BOOKING_UNKNOWN"),
    ]
    assert TrackingEvent.objects.count() == 0


def test_malformed_json_is_a_4xx_in_the_error_shape_and_stores_nothing(client, tracked):
    response = client.post(API, '{"events": [{"booking_reference": ', content_type=JSON)

    assert response.status_code == 400
    assert errors(response) == [("", "INVALID")]
    assert TrackingEvent.objects.count() == 0


def test_a_field_of_the_wrong_type_is_named_by_its_index(client, tracked):
    response = client.post(
        API,
        json.dumps({"events": [event(tracked), {**event(tracked), "container": ["x"]}]}),
        content_type=JSON,
    )

    assert response.status_code == 422
    assert errors(response)[0][0] == "events[1].container"
    assert TrackingEvent.objects.count() == 0


def test_a_batch_over_500_events_is_refused_whole(client, tracked):
    response = post(client, [event(tracked)] * 501)

    assert response.status_code == 422
    assert errors(response) == [("events", "TRACKING_BATCH_TOO_LARGE")]
    assert TrackingEvent.objects.count() == 0


def test_a_read_only_key_records_nothing(tenants, tracked):
    reader = Client(headers={"X-API-Key": tenants.api_key(tenants.owner, "read_only")})

    response = post(reader, [event(tracked)])

    assert response.status_code == 403
    assert TrackingEvent.objects.count() == 0


def test_an_actual_departure_by_api_departs_the_booking(client, tracked):
    response = post(client, [event(tracked, milestone="departed_origin", container="")])

    assert response.status_code == 201
    tracked.booking.refresh_from_db()
    assert tracked.booking.status == BookingStatus.DEPARTED


def test_events_read_back_dcsa_shaped_and_filtered(client, tenants, tracked):
    post(client, [event(tracked), event(tracked, milestone="loaded", container=tracked.numbers[1])])
    since = timezone.now()
    post(client, [event(tracked, milestone="departed_origin", container=tracked.numbers[1])])

    every = client.get(API, {"booking": tracked.booking.reference}).json()
    one_box = client.get(API, {"container": tracked.numbers[1]}).json()
    recent = client.get(API, {"since": since.isoformat()}).json()

    assert len(every) == 3
    first = every[0]
    assert first["eventType"] == "EQUIPMENT" and first["equipmentEventTypeCode"] == "GTIN"
    assert first["transportEventTypeCode"] is None
    assert first["eventClassifierCode"] == "ACT" and first["rec24StatusCode"] == "74"
    assert first["transportCall"]["UNLocationCode"] == "CNXIA"
    assert first["transportCall"]["modeOfTransport"] == "RAIL"
    assert first["documentReferences"][0] == {
        "documentReferenceType": "BKG",
        "documentReferenceValue": tracked.booking.reference,
    }
    assert [e["milestone"] for e in one_box] == ["loaded", "departed_origin"]
    assert [e["transportEventTypeCode"] for e in recent] == ["DEPA"]


def test_the_stranger_reads_none_of_the_owners_events_and_cannot_retract_them(
    client, tenants, tracked
):
    created = post(client, [event(tracked)]).json()["event_ids"][0]
    stranger = Client(headers={"X-API-Key": tenants.api_key(tenants.stranger)})

    listed = stranger.get(API, {"booking": tracked.booking.reference})
    retracted = stranger.post(f"{API}/{created}/retract", {"reason": "x"}, content_type=JSON)

    assert listed.status_code == 200 and listed.json() == []
    assert retracted.status_code == 404
    assert not TrackingEvent.objects.get(pk=created).is_retracted


def test_a_retraction_keeps_the_event_marked(client, tracked):
    created = post(client, [event(tracked)]).json()["event_ids"][0]

    response = client.post(f"{API}/{created}/retract", {"reason": "wrong box"}, content_type=JSON)
    again = client.post(f"{API}/{created}/retract", {"reason": "again"}, content_type=JSON)

    assert response.status_code == 200
    assert response.json()["isRetracted"] is True and response.json()["retractedDateTime"]
    assert again.status_code == 409
    assert TrackingEvent.objects.get(pk=created).retraction_reason == "wrong box"
