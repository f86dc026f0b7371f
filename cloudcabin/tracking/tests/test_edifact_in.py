"""IFTSTA in: an interchange becomes rows of record_events, all or nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client

from cloudcabin.errors import ProblemError
from cloudcabin.tracking.edifact.reader import read_iftsta
from cloudcabin.tracking.edifact.services import receive_iftsta
from cloudcabin.tracking.models import Source, TrackingEvent
from cloudcabin.tracking.services import EventInput, record_events
from cloudcabin.tracking.tests.conftest import make_tracked
from cloudcabin.tracking.tests.edifact_helpers import golden

pytestmark = pytest.mark.django_db


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def s1_milestones(tracked) -> list[EventInput]:
    """The S1 train Xi'an → Duisburg, as an agent would enter it (times in UTC)."""
    box1, box2 = sorted(tracked.numbers)
    rows = [
        ("booked", at(2, 9), "", "", "ACT"),
        ("empty_released", at(3, 8), box1, "CNXIA", "ACT"),
        ("empty_released", at(3, 8, 30), box2, "CNXIA", "ACT"),
        ("stuffed", at(4, 10), "", "CNXIA", "ACT"),
        ("export_customs_released", at(5, 6), "", "CNXIA", "ACT"),
        ("gate_in_origin", at(5, 12), "", "CNXIA", "ACT"),
        ("loaded", at(6, 3), "", "CNXIA", "ACT"),
        ("departed_origin", at(6, 10), "", "CNXIA", "ACT"),
        ("arrived_destination", at(21, 6), "", "DEDUI", "EST"),
        ("arrived_exit_border", at(8, 14), "", "KZALS", "ACT"),
        ("crossed_border", at(9, 2), "", "KZDOS", "ACT"),
        ("transshipped", at(9, 20), "", "KZDOS", "ACT"),
        ("departed_exit_border", at(10, 1), "", "KZDOS", "ACT"),
        ("crossed_border", at(16, 5), "", "BYBQT", "ACT"),
        ("arrived_eu_entry", at(17, 4), "", "PLMAA", "ACT"),
        ("transshipped", at(17, 20), "", "PLMAA", "ACT"),
        ("departed_eu_entry", at(18, 6), "", "PLMAA", "ACT"),
        ("arrived_destination", at(21, 9), "", "DEDUI", "ACT"),
        ("discharged", at(21, 13), "", "DEDUI", "ACT"),
        ("import_customs_released", at(22, 8), "", "DEDUI", "ACT"),
        ("available_for_pickup", at(22, 10), "", "DEDUI", "ACT"),
        ("gated_out", at(23, 7), box1, "DEDUI", "ACT"),
    ]
    return [
        EventInput(
            booking=tracked.booking.reference,
            milestone=milestone,
            event_time=when,
            classifier=classifier,
            container=box,
            locode=locode,
        )
        for milestone, when, box, locode, classifier in rows
    ]


def timeline(source: str) -> set[tuple[str, str, str, str, datetime]]:
    return {
        (
            e.milestone_id,
            e.classifier,
            e.container.number if e.container else "",
            e.locode,
            e.event_time,
        )
        for e in TrackingEvent.objects.filter(source=source).select_related("container")
    }


def test_the_s1_train_replayed_through_iftsta_ends_with_the_same_timeline_as_through_the_api(
    tenants, tracked
):
    agent = tenants.actor(tenants.agent)

    record_events(agent, s1_milestones(tracked), source=Source.API)
    recorded = receive_iftsta(agent, golden("s1_inbound.edi", tracked))

    assert len(recorded.created) == 41
    assert timeline(Source.IFTSTA) == timeline(Source.API)
    assert len({row[0] for row in timeline(Source.IFTSTA)}) == 18  # of 22 reports


def test_the_train_and_wagon_numbers_of_a_status_reach_the_events(tenants, tracked):
    receive_iftsta(tenants.actor(tenants.agent), golden("s1_inbound.edi", tracked))

    loaded = TrackingEvent.objects.filter(milestone="loaded").select_related("container")
    assert sorted((e.container.number, e.train_number, e.wagon_number) for e in loaded) == [
        (sorted(tracked.numbers)[0], "X8001", "318022401017"),
        (sorted(tracked.numbers)[1], "X8001", "318022401025"),
    ]


def test_the_same_interchange_sent_twice_is_recorded_once(tenants, tracked):
    agent = tenants.actor(tenants.agent)
    text = golden("s1_inbound.edi", tracked)

    receive_iftsta(agent, text)
    again = receive_iftsta(agent, text)

    assert again.created == [] and again.duplicates == 41


def one_status(tracked, *lines: str, version: str = "D:00B") -> str:
    """An interchange with one message: the header, then the given segments, then UNT."""
    directory, release = version.split(":")
    body = [
        f"UNH+1+IFTSTA:{directory}:{release}:UN'",
        "BGM+23+M1+9'",
        "DTM+137:202611240800:203'",
        f"CNI+1+{tracked.booking.reference}'",
        *lines,
    ]
    body.append(f"UNT+{len(body) + 1}+1'")
    return "\n".join(["UNB+UNOC:3+RAIL+CLOUDCABIN+261124:0800+7'", *body, "UNZ+1+7'"])


def refusal(tenants, text: str) -> list[tuple[str, str]]:
    with pytest.raises(ProblemError) as refused:
        receive_iftsta(tenants.actor(tenants.agent), text)
    assert TrackingEvent.objects.count() == 0
    return [(p.path, p.code) for p in refused.value.problems]


def test_a_status_without_rff_is_matched_by_the_cni_booking_reference(tenants, tracked):
    text = one_status(tracked, "STS+1+24'", "DTM+186:202611061000:203'", "LOC+175+CNXIA::6'")

    recorded = receive_iftsta(tenants.actor(tenants.agent), text)

    assert {e.milestone_id for e in recorded.created} == {"departed_origin"}
    assert {e.event_time for e in recorded.created} == {at(6, 10)}


def test_a_consignment_note_names_the_booking_when_only_one_booking_has_it(tenants, tracked):
    tracked.booking.consignment_note_number = "27104877"
    tracked.booking.save()
    text = one_status(tracked, "STS+1+48'", "RFF+AAS:27104877'", "DTM+334:202611060300:203'")
    text = text.replace(f"CNI+1+{tracked.booking.reference}'", "CNI+1'")

    recorded = receive_iftsta(tenants.actor(tenants.agent), text)

    assert {e.booking_id for e in recorded.created} == {tracked.booking.pk}


def test_a_malformed_date_names_its_segment_and_stores_nothing(tenants, tracked):
    text = one_status(tracked, "STS+1+24'", "DTM+186:2026110610:203'")

    assert refusal(tenants, text) == [
        ("segment 7 (DTM)", "TRACKING_IFTSTA_TIME_MALFORMED"),
        ("segment 6 (STS)", "TRACKING_IFTSTA_TIME_MISSING"),
    ]


def test_an_unknown_qualifier_is_refused_naming_its_segment(tenants, tracked):
    text = one_status(tracked, "STS+1+24'", "DTM+999:202611061000:203'", "LOC+175+CNXIA::6'")

    assert refusal(tenants, text)[0] == ("segment 7 (DTM)", "TRACKING_IFTSTA_QUALIFIER_UNKNOWN")


def test_a_segment_that_cannot_be_tokenised_is_refused_with_its_number(tenants, tracked):
    text = one_status(tracked, "STS+1+24'", "dtm+186:202611061000:203'")

    assert refusal(tenants, text) == [("segment 7", "TRACKING_IFTSTA_UNREADABLE")]


def test_a_wrong_segment_count_in_unt_is_refused(tenants, tracked):
    text = one_status(tracked, "STS+1+74'", "DTM+334:202611051200:203'").replace(
        "UNT+7+1'", "UNT+9+1'"
    )

    assert refusal(tenants, text) == [("segment 8 (UNT)", "TRACKING_IFTSTA_COUNT_WRONG")]


def test_an_unknown_container_is_refused_at_its_eqd_segment(tenants, tracked):
    text = one_status(
        tracked, "STS+1+74'", "DTM+334:202611051200:203'", "EQD+CN+MSKU1234565'", "EQD+CN+X'"
    )
    text = text.replace("EQD+CN+X'", f"EQD+CN+{tracked.numbers[0]}'")

    assert refusal(tenants, text) == [
        ("segment 8 (EQD)", "TRACKING_CONTAINER_UNKNOWN"),
    ]


def test_an_unknown_booking_and_an_unknown_place_name_their_segments(tenants, tracked):
    text = one_status(
        tracked, "STS+1+74'", "RFF+BN:BK-999999'", "DTM+334:202611051200:203'", "LOC+175+XXZZZ'"
    )

    assert refusal(tenants, text) == [
        ("segment 7 (RFF)", "TRACKING_BOOKING_UNKNOWN"),
        ("segment 9 (LOC)", "TRACKING_LOCATION_UNKNOWN"),
    ]


def test_a_departure_without_a_place_is_ambiguous(tenants, tracked):
    text = one_status(tracked, "STS+1+24'", "DTM+186:202611061000:203'")

    assert refusal(tenants, text) == [("segment 6 (STS)", "TRACKING_IFTSTA_STATUS_AMBIGUOUS")]


def test_a_status_code_of_no_milestone_is_refused(tenants, tracked):
    text = one_status(tracked, "STS+1+101'", "DTM+334:202611061000:203'")

    assert refusal(tenants, text) == [("segment 6 (STS)", "TRACKING_IFTSTA_STATUS_UNMAPPED")]


def test_the_eqd_led_layout_of_later_directories_is_refused(tenants, tracked):
    text = one_status(tracked, "STS+1+74'", "DTM+334:202611051200:203'", version="D:21A")

    assert refusal(tenants, text)[0] == ("segment 2 (UNH)", "TRACKING_IFTSTA_MESSAGE_UNSUPPORTED")


@pytest.mark.parametrize(
    ("place", "milestone"),
    [
        ("LOC+175+CNXIA::6'", "departed_origin"),
        ("LOC+5'", "departed_origin"),
        ("LOC+175+KZDOS::6'", "departed_exit_border"),
        ("LOC+17+KZALS::6'", "departed_exit_border"),
        ("LOC+175+PLMAA::6'", "departed_eu_entry"),
    ],
)
def test_departed_is_placed_on_the_journey_by_its_location(tenants, tracked, place, milestone):
    text = one_status(tracked, "STS+1+24'", "DTM+186:202611061000:203'", place)

    recorded = receive_iftsta(tenants.actor(tenants.agent), text)

    assert {e.milestone_id for e in recorded.created} == {milestone}


def test_the_api_records_an_interchange_sent_as_text(tenants, tracked):
    client = Client(headers={"X-API-Key": tenants.api_key(tenants.owner)})
    text = one_status(tracked, "STS+1+74'", "DTM+334:202611051200:203'")

    answer = client.post("/api/v1/tracking/iftsta", text, content_type="application/edifact")

    assert answer.status_code == 200, answer.content
    assert answer.json() == {"created": 2, "duplicates": 0}


def test_the_api_answers_a_bad_segment_with_its_number_in_the_usual_shape(tenants, tracked):
    client = Client(headers={"X-API-Key": tenants.api_key(tenants.owner)})
    text = one_status(tracked, "STS+1+74'", "DTM+334:202611051200:102'")

    answer = client.post("/api/v1/tracking/iftsta", text, content_type="text/plain")

    assert answer.status_code == 422
    assert answer.json()["errors"][0]["path"] == "segment 7 (DTM)"
    assert TrackingEvent.objects.count() == 0


def test_the_api_refuses_a_body_that_is_not_text(tenants, tracked):
    client = Client(headers={"X-API-Key": tenants.api_key(tenants.owner)})

    answer = client.post("/api/v1/tracking/iftsta", {"x": 1}, content_type="application/json")

    assert answer.status_code == 415
    assert answer.json()["errors"][0]["code"] == "TRACKING_IFTSTA_CONTENT_TYPE"


def test_an_agent_uploads_a_file_and_sees_each_refusal_with_its_segment(tenants, tracked):
    client = tenants.client_for(tenants.agent)
    bad = one_status(tracked, "STS+1+74'", "DTM+334:202611051200:102'")

    refused = client.post("/tracking/iftsta/", {"text": bad})
    accepted = client.post("/tracking/iftsta/", {"text": golden("s1_inbound.edi", tracked)})

    assert refused.status_code == 422
    assert "segment 7 (DTM)" in refused.content.decode()
    assert accepted.status_code == 302
    assert TrackingEvent.objects.filter(source=Source.IFTSTA).count() == 41


def test_the_upload_page_is_not_found_for_a_customer(tenants):
    assert tenants.client_for(tenants.owner).get("/tracking/iftsta/").status_code == 404


def test_every_cut_of_an_interchange_is_refused_as_a_problem_never_an_error(tracked):
    text = golden("s1_inbound.edi", tracked)

    for end in range(0, len(text) - 10, 5):
        with pytest.raises(ProblemError):
            read_iftsta(text[:end])


def test_a_bad_second_message_keeps_the_first_messages_statuses_out_too(tenants, tracked):
    first = one_status(tracked, "STS+1+74'", "DTM+334:202611051200:203'").splitlines()
    second = one_status(
        tracked, "STS+1+48'", "DTM+334:202611060300:203'", "EQD+CN+MSKU1234565'"
    ).splitlines()
    second = [s.replace("UNH+1+", "UNH+2+").replace("UNT+8+1'", "UNT+8+2'") for s in second]
    text = "\n".join([*first[:-1], *second[1:-1], "UNZ+2+7'"])

    assert refusal(tenants, text) == [("segment 15 (EQD)", "TRACKING_CONTAINER_UNKNOWN")]


def test_the_capacity_board_leads_the_agent_to_the_iftsta_pages(tenants):
    page = tenants.client_for(tenants.agent).get("/bookings/agent/").content.decode()

    assert 'href="/tracking/iftsta/"' in page
    assert 'href="/tracking/edifact-profiles/"' in page


def test_a_latin_1_interchange_as_unoc_is_read(tenants, tracked):
    client = Client(headers={"X-API-Key": tenants.api_key(tenants.owner)})
    text = one_status(tracked, "STS+1+74'", "DTM+334:202611051200:203'")
    text = text.replace("BGM+23+M1+9'", "BGM+23+M1+9'\nNAD+CA+++Güterbahn Duisburg'")
    text = text.replace("UNT+7+1'", "UNT+8+1'")

    answer = client.post(
        "/api/v1/tracking/iftsta", text.encode("latin-1"), content_type="application/edifact"
    )

    assert answer.status_code == 200, answer.content


def test_a_consignment_note_on_two_bookings_is_refused_at_its_rff(tenants, tracked):
    other = make_tracked(tenants, reference="CC-TR-2")
    for booking in (tracked.booking, other.booking):
        booking.consignment_note_number = "27104877"
        booking.save()
    text = one_status(tracked, "STS+1+48'", "RFF+AAS:27104877'", "DTM+334:202611060300:203'")
    text = text.replace(f"CNI+1+{tracked.booking.reference}'", "CNI+1'")

    assert refusal(tenants, text) == [("segment 7 (RFF)", "TRACKING_IFTSTA_NOTE_AMBIGUOUS")]


def test_an_unknown_booking_for_two_boxes_is_told_once(tenants, tracked):
    first, second = tracked.numbers
    text = one_status(
        tracked,
        "STS+1+74'",
        "RFF+BN:BK-999999'",
        "DTM+334:202611051200:203'",
        f"EQD+CN+{first}'",
        f"EQD+CN+{second}'",
    )

    assert refusal(tenants, text) == [("segment 7 (RFF)", "TRACKING_BOOKING_UNKNOWN")]
