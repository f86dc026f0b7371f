"""The agent's page of a departure: a milestone for the whole train in one click, or for
one container."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from cloudcabin.bookings.models import BookingStatus
from cloudcabin.tracking.models import TrackingEvent

pytestmark = pytest.mark.django_db


def page(tracked) -> str:
    return f"/tracking/agent/departures/{tracked.departure.pk}/record/"


def station_time(hours_ago: float, zone: str = "Asia/Shanghai") -> str:
    moment = timezone.now() - timedelta(hours=hours_ago)
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M")


def test_the_page_lists_the_milestones_in_order_with_the_defaults(tenants, tracked):
    response = tenants.client_for(tenants.agent).get(page(tracked))

    assert response.status_code == 200
    rows = response.context["rows"]
    keys = [row.milestone.key for row in rows]
    assert keys.index("gate_in_origin") < keys.index("departed_origin") < keys.index("delivered")
    assert "booked" not in keys  # a shipment event: the booking records it
    place = {row.milestone.key: row.form.initial["locode"] for row in rows}
    assert (place["departed_origin"], place["arrived_exit_border"], place["discharged"]) == (
        "CNXIA",
        "",
        "DEDUI",
    )
    now_there = timezone.now().astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%dT%H")
    assert rows[0].form.initial["event_time"].startswith(now_there)
    text = response.content.decode()
    assert "Beijing time (UTC+8)" in text
    assert "Record for all 2 containers" in text
    assert all(number in text for number in tracked.numbers)


def test_one_click_records_the_milestone_for_every_container_of_the_departure(tenants, tracked):
    client = tenants.client_for(tenants.agent)

    response = client.post(
        page(tracked),
        {"milestone": "departed_origin", "event_time": station_time(1), "locode": "CNXIA"},
        follow=True,
    )

    events = TrackingEvent.objects.filter(milestone_id="departed_origin")
    assert sorted(e.container.number for e in events) == sorted(tracked.numbers)
    assert {(e.source, e.classifier) for e in events} == {("MANUAL", "ACT")}
    assert abs(events[0].event_time - (timezone.now() - timedelta(hours=1))) < timedelta(minutes=2)
    assert "Departed origin recorded for 2 containers." in response.content.decode()
    tracked.booking.refresh_from_db()
    assert tracked.booking.status == BookingStatus.DEPARTED


def test_one_container_gets_its_own_milestone_at_the_default_place(tenants, tracked):
    client = tenants.client_for(tenants.agent)

    client.post(
        page(tracked),
        {
            "milestone": "discharged",
            "event_time": station_time(2),
            "locode": "",
            "booking": tracked.booking.pk,
            "container": tracked.numbers[1],
        },
    )

    event = TrackingEvent.objects.get()
    assert (event.container.number, event.locode) == (tracked.numbers[1], "DEDUI")


def test_a_refused_milestone_is_shown_beside_its_field_and_nothing_is_stored(tenants, tracked):
    response = tenants.client_for(tenants.agent).post(
        page(tracked),
        {"milestone": "arrived_exit_border", "event_time": station_time(-48), "locode": "ZZZZZ"},
    )

    assert response.status_code == 422
    form = next(
        r.form for r in response.context["rows"] if r.milestone.key == "arrived_exit_border"
    )
    assert form.errors["locode"] == ["ZZZZZ is not a UN/LOCODE we know."]
    assert "cannot be in the future" in form.errors["event_time"][0]
    assert TrackingEvent.objects.count() == 0


@pytest.mark.parametrize("who", ["stranger", "owner"])
def test_anyone_but_the_operators_staff_gets_a_404(tenants, tracked, who):
    client = tenants.client_for(getattr(tenants, who))

    assert client.get(page(tracked)).status_code == 404
    assert client.post(page(tracked), {"milestone": "loaded"}).status_code == 404
    assert TrackingEvent.objects.count() == 0


def test_the_departure_page_links_to_the_recording_page(tenants, tracked):
    response = tenants.client_for(tenants.agent).get(
        f"/bookings/agent/departures/{tracked.departure.pk}/"
    )

    assert page(tracked) in response.content.decode()
