"""The timeline on the shipment and booking pages, the agent's train by milestone, and the
searches that find a shipment by booking, consignment-note or container number."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cloudcabin.network.loading import load_network_data
from cloudcabin.reference.models import Location
from cloudcabin.shipments import services as shipment_services
from cloudcabin.tracking.services import EventInput, record_events, retract_event
from cloudcabin.tracking.tests.conftest import Tracked, make_tracked

pytestmark = pytest.mark.django_db

JOURNEY = [  # milestone, hours after the train left, place
    ("loaded", -6, "CNXIA"),
    ("departed_origin", 0, "CNXIA"),
    ("arrived_exit_border", 4, "KZALS"),
    ("crossed_border", 5, "KZDOS"),
    ("transshipped", 8, "KZDOS"),
    ("departed_exit_border", 9, "KZDOS"),
    ("arrived_eu_entry", 12, "PLMAA"),
    ("departed_eu_entry", 14, "PLMAA"),
    ("arrived_destination", 18, "DEDUI"),
    ("discharged", 19, "DEDUI"),
]


def record(tenants, tracked: Tracked, steps, *, container: str = "", classifier: str = "ACT"):
    """Report each step for the booking (every box, unless ``container`` names one)."""
    start = tracked.departure.departs_at
    rows = [
        EventInput(
            booking=tracked.booking.reference,
            milestone=key,
            event_time=start + timedelta(hours=hours),
            classifier=classifier,
            container=container,
            locode=place,
            wagon_number="315612345678",
        )
        for key, hours, place in steps
    ]
    return record_events(tenants.actor(tenants.agent), rows, source="MANUAL")


@pytest.fixture
def routed(tenants) -> Tracked:
    """The tracked shipment with its planned route (Xi'an → Alashankou → … → Duisburg)."""
    load_network_data(force=True)
    tracked = make_tracked(tenants, reference="CC-TL-1", days=-1)
    shipment_services.plan_shipment_route(
        actor=tenants.actor(tenants.owner), shipment_id=tracked.shipment.pk
    )
    tracked.shipment.refresh_from_db()
    return tracked


def rows_of(body: str, container: str) -> dict[str, str]:
    """The milestone rows of one container's table: key → the row's text."""
    section = body.split(f'data-container="{container}"', 1)[1].split("</section>", 1)[0]
    return {
        key: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for key, row in re.findall(r'data-milestone="([^"]+)">(.*?)</tr>', section, re.S)
    }


def test_the_shipment_page_shows_each_container_s_timeline_in_the_places_zones(tenants, routed):
    # Alashankou's UN/LOCODE entry (KZALS) is not a node of the network: its own point is used.
    Location.objects.filter(locode="KZALS").update(latitude="45.17", longitude="82.57")
    record(tenants, routed, JOURNEY[:3])
    number = routed.numbers[0]

    body = (
        tenants.client_for(tenants.owner)
        .get(reverse("shipments:detail", args=[routed.shipment.pk]))
        .content.decode()
    )

    rows = rows_of(body, number)
    departed = routed.departure.departs_at.astimezone(timezone.get_fixed_timezone(480))
    assert f"{departed:%Y-%m-%d %H:%M}" in rows["departed_origin"]
    assert "Beijing time (UTC+8)" in rows["departed_origin"]
    assert "timetable" in rows["arrived_destination"]  # planned from the service's transit days
    assert list(rows).index("loaded") < list(rows).index("departed_origin")
    assert "arrived_eu_entry" in rows  # Małaszewicze is on this route
    assert 'data-marker="position"><title>Last reported at Alashankou' in body
    assert "Alashankou" in body.split('data-testid="current-status"', 1)[1][:300]
    assert "Last update" in body


def test_boxes_with_the_same_timeline_share_one_table_until_one_goes_its_own_way(tenants, tracked):
    first, second = tracked.numbers
    owner = tenants.client_for(tenants.owner)
    url = reverse("shipments:detail", args=[tracked.shipment.pk])
    record(tenants, tracked, JOURNEY[:2])

    together = owner.get(url).content.decode()
    record(tenants, tracked, JOURNEY[2:3], container=second)
    apart = owner.get(url).content.decode()

    assert together.count('data-testid="container-timeline"') == 1
    assert f'data-containers="{first} {second}"' in together
    assert apart.count('data-testid="container-timeline"') == 2


def test_a_route_without_an_eu_entry_has_no_eu_rows_on_the_page(tenants):
    load_network_data(force=True)
    tracked = make_tracked(tenants, reference="CC-TL-KZ", days=-1)
    owner = tenants.actor(tenants.owner)
    shipment_services.update_shipment(
        actor=owner, shipment_id=tracked.shipment.pk, destination_locode="KZALA"
    )
    shipment_services.plan_shipment_route(actor=owner, shipment_id=tracked.shipment.pk)

    body = (
        tenants.client_for(tenants.owner)
        .get(reverse("shipments:detail", args=[tracked.shipment.pk]))
        .content.decode()
    )

    rows = rows_of(body, tracked.numbers[0])
    assert "arrived_exit_border" in rows
    assert "arrived_eu_entry" not in rows and "departed_eu_entry" not in rows


def test_the_owner_sees_a_retracted_event_struck_through_with_its_reason(tenants, tracked):
    [first, _second] = record(tenants, tracked, [("loaded", -6, "CNXIA")]).created
    retract_event(tenants.actor(tenants.agent), str(first.pk), reason="wrong train")

    body = (
        tenants.client_for(tenants.owner)
        .get(reverse("shipments:detail", args=[tracked.shipment.pk]))
        .content.decode()
    )

    assert "<s>ACT" in body and "retracted: wrong train" in body
    assert "✓" not in rows_of(body, first.container.number)["loaded"]


def test_the_booking_page_shows_the_timeline_of_that_booking(tenants, tracked):
    record(tenants, tracked, JOURNEY[:2])

    for user in (tenants.owner, tenants.agent):
        body = (
            tenants.client_for(user)
            .get(reverse("bookings:detail", args=[tracked.booking.pk]))
            .content.decode()
        )
        assert 'data-testid="timeline"' in body
        assert "Departed origin" in body.split('data-testid="current-status"', 1)[1][:200]


def _page_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_shipment_page_takes_the_same_queries_with_4_or_40_events(
    tenants, routed, django_assert_num_queries: Any
):
    owner = tenants.client_for(tenants.owner)
    url = reverse("shipments:detail", args=[routed.shipment.pk])
    record(tenants, routed, JOURNEY[:2])  # 4 events: 2 milestones × 2 boxes
    owner.get(url)  # the customs code names are cached per process after the first page
    with_four = _page_queries(owner, url)
    record(tenants, routed, JOURNEY[2:])  # 8 more milestones: 20 events
    record(tenants, routed, JOURNEY, classifier="EST")  # and their estimates: 40 events
    assert routed.shipment.tracking_events.count() == 40

    with django_assert_num_queries(with_four):
        body = owner.get(url).content.decode()

    assert "Discharged from train" in body.split('data-testid="current-status"', 1)[1][:200]


def test_the_agent_sees_the_train_s_containers_grouped_by_their_latest_milestone(tenants, tracked):
    first, second = tracked.numbers
    record(tenants, tracked, JOURNEY[:2])
    record(tenants, tracked, JOURNEY[2:3], container=second)
    agent = tenants.client_for(tenants.agent)

    departure_page = agent.get(reverse("bookings:departure", args=[tracked.departure.pk]))
    page = agent.get(reverse("tracking:departure_containers", args=[tracked.departure.pk]))

    assert 'data-testid="containers-by-milestone"' in departure_page.content.decode()
    body = page.content.decode()
    groups = re.findall(r'data-milestone="([^"]+)"', body)
    assert groups == ["departed_origin", "arrived_exit_border"]
    departed, at_border = body.split('data-milestone="arrived_exit_border"')
    assert first in departed and second not in departed and second in at_border
    assert "Beijing time (UTC+8)" in departed  # reported at Xi'an, shown in its zone


def test_only_the_operator_s_staff_see_a_train_s_containers(tenants, tracked):
    url = reverse("tracking:departure_containers", args=[tracked.departure.pk])

    assert tenants.client_for(tenants.owner).get(url).status_code == 404
    assert tenants.client_for(tenants.stranger).get(url).status_code == 404


@pytest.mark.parametrize("query", ["booking", "note", "container", "spaced container"])
def test_the_agent_finds_the_shipment_by_booking_note_or_container_number(tenants, tracked, query):
    tracked.booking.consignment_note_number = "SMGS 24 778812"
    tracked.booking.save()
    number = tracked.numbers[1]
    asked = {
        "booking": tracked.booking.reference.lower(),
        "note": "24 778812",
        "container": number[:4] + number[4:].lower(),
        "spaced container": f"{number[:4]} {number[4:10]} {number[10]}",
    }[query]

    body = (
        tenants.client_for(tenants.agent)
        .get(reverse("tracking:agent_search"), {"q": asked})
        .content.decode()
    )

    assert f">{tracked.booking.reference}</a>" in body and tracked.shipment.reference in body


def test_the_agent_s_search_finds_only_the_customers_it_serves(tenants, tracked):
    stranger_shipment = make_tracked(tenants, reference="CC-TL-OTHER")
    stranger_shipment.booking.organization = tenants.stranger_org
    stranger_shipment.booking.save()

    body = (
        tenants.client_for(tenants.agent)
        .get(reverse("tracking:agent_search"), {"q": stranger_shipment.booking.reference})
        .content.decode()
    )

    assert f">{stranger_shipment.booking.reference}</a>" not in body
    assert "Nothing found" in body


@pytest.mark.parametrize("query", ["booking", "note", "container"])
def test_the_shipment_list_finds_the_shipment_by_booking_note_or_container_number(
    tenants, tracked, query
):
    other = make_tracked(tenants, reference="CC-TL-NOISE")
    tracked.booking.consignment_note_number = "24778812"
    tracked.booking.save()
    asked = {
        "booking": tracked.booking.reference,
        "note": "24778812",
        "container": tracked.numbers[0],
    }[query]

    body = (
        tenants.client_for(tenants.owner)
        .get(reverse("shipments:list"), {"search": asked})
        .content.decode()
    )

    assert tracked.shipment.reference in body and other.shipment.reference not in body


def test_the_api_gives_the_timeline_with_local_times_and_the_stranger_a_404(tenants, tracked):
    record(tenants, tracked, JOURNEY[:2])
    url = f"/api/v1/tracking/shipments/{tracked.shipment.pk}/timeline"
    owner = Client(headers={"X-API-Key": tenants.api_key(tenants.owner)})
    stranger = Client(headers={"X-API-Key": tenants.api_key(tenants.stranger)})

    body = owner.get(url).json()

    assert body["booking"] == tracked.booking.reference
    [box, _other] = body["containers"]
    assert (box["status"], box["position"]) == ("departed_origin", "CNXIA")
    departed = next(row for row in box["rows"] if row["milestone"] == "departed_origin")
    assert departed["actual"]["zone"] == "Asia/Shanghai"
    assert departed["actual"]["at"].endswith("+08:00")
    assert departed["planned"]["from_timetable"] is True
    assert stranger.get(url).status_code == 404
