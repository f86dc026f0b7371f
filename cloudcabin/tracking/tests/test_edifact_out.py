"""IFTSTA out: one message per batch for a partner's profile, read back to the same rows."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.test import Client

from cloudcabin.errors import ProblemError
from cloudcabin.tracking.edifact.milestones import rows_of
from cloudcabin.tracking.edifact.reader import read_iftsta
from cloudcabin.tracking.edifact.services import iftsta_for_booking, receive_iftsta, save_profile
from cloudcabin.tracking.edifact.writer import Party, write_iftsta
from cloudcabin.tracking.models import EdifactProfile, Source, TrackingEvent
from cloudcabin.tracking.services import EventInput, record_events
from cloudcabin.tracking.tests.conftest import make_tracked
from cloudcabin.tracking.tests.edifact_helpers import GOLDEN, golden, placeholders

pytestmark = pytest.mark.django_db

PREPARED = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


def profile(tenants, **fields: object) -> EdifactProfile:
    values: dict[str, Any] = {
        "partner_name": "Duisburg Hub",
        "sender_id": "CLOUDCABIN",
        "sender_qualifier": "ZZZ",
        "recipient_id": "DUISPORT",
        "recipient_qualifier": "ZZZ",
        "version": "D:00B",
    }
    values.update(fields)
    return save_profile(tenants.actor(tenants.agent), **values)


def written(tenants, tracked, partner: EdifactProfile) -> str:
    return iftsta_for_booking(
        tenants.actor(tenants.agent),
        booking_reference=tracked.booking.reference,
        profile_id=partner.pk,
        prepared_at=PREPARED,
    ).text


def row_of(event: TrackingEvent) -> EventInput:
    return EventInput(
        booking=event.booking.reference,
        milestone=event.milestone_id,
        event_time=event.event_time,
        classifier=event.classifier,
        container=event.container.number if event.container else "",
        locode=event.locode,
        train_number=event.train_number,
        wagon_number=event.wagon_number,
    )


def test_the_s1_train_is_written_as_the_golden_interchange(tenants, tracked):
    receive_iftsta(tenants.actor(tenants.agent), golden("s1_inbound.edi", tracked))

    text = written(tenants, tracked, profile(tenants))

    expected = (GOLDEN / "s1_outbound_d00b.edi").read_text(encoding="utf-8")
    assert placeholders(text, tracked) == expected


def test_reading_what_was_written_gives_the_same_rows(tenants, tracked):
    agent = tenants.actor(tenants.agent)
    box = sorted(tracked.numbers)[0]
    receive_iftsta(agent, golden("s1_inbound.edi", tracked))
    extra = [
        ("departed_origin", "PLN", datetime(2026, 11, 6, 9, 0, tzinfo=UTC), "CNXIA"),
        ("delivered", "EST", datetime(2026, 11, 25, 12, 0, tzinfo=UTC), ""),
        ("departed_exit_border", "EST", datetime(2026, 11, 9, 23, 0, tzinfo=UTC), "KZDOS"),
        # Without a place, the LOC qualifier alone tells the departures apart.
        ("departed_origin", "ACT", datetime(2026, 11, 6, 11, 0, tzinfo=UTC), ""),
        ("departed_exit_border", "ACT", datetime(2026, 11, 10, 2, 0, tzinfo=UTC), ""),
    ]
    record_events(
        agent,
        [
            EventInput(
                booking=tracked.booking.reference,
                milestone=milestone,
                classifier=classifier,
                event_time=when,
                locode=locode,
                container=box,
                train_number="X8001",
                wagon_number="318022401017",
            )
            for milestone, classifier, when, locode in extra
        ],
        source=Source.API,
    )
    events = TrackingEvent.objects.select_related("booking", "container").order_by(
        "event_time", "milestone__sequence", "container__number"
    )

    text = written(tenants, tracked, profile(tenants, version="D:97A"))
    read = rows_of(agent, read_iftsta(text)).rows

    assert read == [row_of(event) for event in events]
    assert {row.classifier for row in read} == {"ACT", "EST", "PLN"}


def test_an_estimate_no_qualifier_can_carry_is_left_out_and_counted(tenants, tracked):
    agent = tenants.actor(tenants.agent)
    receive_iftsta(agent, golden("s1_inbound.edi", tracked))
    record_events(
        agent,
        [
            EventInput(
                booking=tracked.booking.reference,
                milestone="discharged",
                classifier="EST",
                event_time=datetime(2026, 11, 21, 15, 0, tzinfo=UTC),
            )
        ],
        source=Source.API,
    )

    out = iftsta_for_booking(
        agent, booking_reference=tracked.booking.reference, profile_id=profile(tenants).pk
    )

    assert (out.events, out.skipped) == (41, 2)


def test_each_interchange_takes_the_next_control_reference(tenants, tracked):
    receive_iftsta(tenants.actor(tenants.agent), golden("s1_inbound.edi", tracked))
    partner = profile(tenants)

    first = written(tenants, tracked, partner).splitlines()
    second = written(tenants, tracked, partner).splitlines()

    assert (first[0], first[-1]) == (
        "UNB+UNOC:3+CLOUDCABIN:ZZZ+DUISPORT:ZZZ+261124:0800+1'",
        "UNZ+1+1'",
    )
    assert (second[0].rsplit("+", 1)[1], second[-1]) == ("2'", "UNZ+1+2'")


def test_a_switched_off_profile_sends_nothing(tenants, tracked):
    receive_iftsta(tenants.actor(tenants.agent), golden("s1_inbound.edi", tracked))
    partner = profile(tenants, active=False)

    with pytest.raises(ProblemError) as refused:
        written(tenants, tracked, partner)

    assert refused.value.problems[0].code == "TRACKING_EDIFACT_PROFILE_INACTIVE"
    partner.refresh_from_db()
    assert partner.last_control_reference == 0


def test_the_api_renders_a_bookings_iftsta_for_the_partner(tenants, tracked):
    receive_iftsta(tenants.actor(tenants.agent), golden("s1_inbound.edi", tracked))
    partner = profile(tenants)
    query = {"booking": tracked.booking.reference, "profile": partner.pk}

    answer = tenants.client_for(tenants.agent).get("/api/v1/tracking/iftsta", query)

    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/edifact")
    assert answer.content.decode().startswith("UNB+UNOC:3+CLOUDCABIN:ZZZ+DUISPORT:ZZZ+")


def test_a_stranger_gets_404_for_the_owners_booking_and_for_the_operators_profile(tenants, tracked):
    receive_iftsta(tenants.actor(tenants.agent), golden("s1_inbound.edi", tracked))
    partner = profile(tenants)
    stranger = Client(headers={"X-API-Key": tenants.api_key(tenants.stranger)})
    owner = Client(headers={"X-API-Key": tenants.api_key(tenants.owner)})
    query = {"booking": tracked.booking.reference, "profile": partner.pk}

    assert stranger.get("/api/v1/tracking/iftsta", query).status_code == 404
    assert owner.get("/api/v1/tracking/iftsta", query).status_code == 404
    partner.refresh_from_db()
    assert partner.last_control_reference == 0


def test_an_agent_adds_and_edits_a_profile_on_the_settings_pages(tenants):
    client = tenants.client_for(tenants.agent)
    fields = {
        "partner_name": "Małaszewicze Terminal",
        "sender_id": "CLOUDCABIN",
        "recipient_id": "PLMAA-TERM",
        "version": "D:97A",
        "layout": "CNI",
        "active": "on",
    }

    added = client.post("/tracking/edifact-profiles/", fields)
    created = EdifactProfile.objects.get()
    edited = client.post(
        f"/tracking/edifact-profiles/{created.pk}/", {**fields, "version": "D:00B"}
    )

    assert (added.status_code, edited.status_code) == (302, 302)
    created.refresh_from_db()
    assert (created.organization, created.version) == (tenants.operator_org, "D:00B")
    assert client.get("/tracking/edifact-profiles/").status_code == 200


def test_a_profile_must_name_its_partner(tenants):
    client = tenants.client_for(tenants.agent)

    answer = client.post(
        "/tracking/edifact-profiles/",
        {"sender_id": "A", "recipient_id": "B", "version": "D:00B", "layout": "CNI"},
    )

    assert answer.status_code == 422
    assert EdifactProfile.objects.count() == 0


def test_the_profile_pages_are_not_found_for_a_customer(tenants):
    partner = profile(tenants)
    client = tenants.client_for(tenants.owner)

    assert client.get("/tracking/edifact-profiles/").status_code == 404
    assert client.get(f"/tracking/edifact-profiles/{partner.pk}/").status_code == 404


def test_one_batch_of_two_bookings_is_one_message_with_a_consignment_each(tenants, tracked):
    agent = tenants.actor(tenants.agent)
    other = make_tracked(tenants, reference="CC-TR-2")
    when = datetime(2026, 11, 6, 10, 0, tzinfo=UTC)
    recorded = record_events(
        agent,
        [
            EventInput(booking=b.reference, milestone="departed_origin", event_time=when)
            for b in (tracked.booking, other.booking)
        ],
        source=Source.API,
    )

    out = write_iftsta(
        recorded.created,
        sender=Party("CLOUDCABIN"),
        recipient=Party("DUISPORT"),
        version="D:00B",
        control_reference="9",
        prepared_at=PREPARED,
    )

    segments = out.text.splitlines()
    assert [s.split("+")[0] for s in segments].count("UNH") == 1
    assert [s for s in segments if s.startswith("CNI")] == [
        f"CNI+1+{tracked.booking.reference}'",
        f"CNI+2+{other.booking.reference}'",
    ]
    assert segments[-2] == f"UNT+{len(segments) - 2}+9'"
    read = rows_of(agent, read_iftsta(out.text)).rows
    assert sorted(read, key=str) == sorted((row_of(e) for e in recorded.created), key=str)
