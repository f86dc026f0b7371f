"""Stored estimates follow every recorded and retracted event, a few queries per batch."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cloudcabin.reference.selectors import eu_member_states
from cloudcabin.shipments.models import Shipment
from cloudcabin.tracking.eta.selectors import eta_for, etas_for
from cloudcabin.tracking.eta.services import Box, refresh
from cloudcabin.tracking.models import ContainerEta, Source, TrackingEvent
from cloudcabin.tracking.services import EventInput, record_events, retract_event
from cloudcabin.tracking.tests.conftest import Tracked
from cloudcabin.tracking.tests.eta_fixtures import route

pytestmark = pytest.mark.django_db


@pytest.fixture
def routed(tracked: Tracked) -> Tracked:
    Shipment.objects.filter(pk=tracked.shipment.pk).update(route_option=route())
    return tracked


def record(tenants, tracked: Tracked, milestone: str, hours_ago: float) -> list[TrackingEvent]:
    moment = timezone.now() - timedelta(hours=hours_ago)
    return record_events(
        tenants.actor(tenants.owner),
        [EventInput(booking=tracked.booking.reference, milestone=milestone, event_time=moment)],
        source=Source.MANUAL,
    ).created


def targets(tracked: Tracked) -> dict[str, tuple[str, str]]:
    return {
        eta.target: (eta.milestone_id, eta.locode)
        for eta in ContainerEta.objects.filter(container__shipment=tracked.shipment)
    }


def test_a_departure_event_gives_each_container_an_estimate_at_the_border_and_destination(
    tenants, routed
):
    record(tenants, routed, "departed_origin", hours_ago=20)

    assert ContainerEta.objects.filter(container__shipment=routed.shipment).count() == 4
    assert targets(routed) == {
        "border": ("arrived_exit_border", "CNAKL"),
        "destination": ("arrived_destination", "DEDUI"),
    }
    container = routed.shipment.containers.first()
    assert container is not None
    eta = eta_for(container)
    assert eta is not None and eta.organization_id == tenants.org.pk
    # No past trips yet: the network's ranges, 3–4 + 0.75–4 + 5.25–9 + 1.25–5 + 2–3 days.
    assert eta.method == "network" and eta.observations == 0
    left = timezone.now() - timedelta(hours=20)
    assert left + timedelta(days=12) < eta.p10 < eta.p50 < eta.p90 < left + timedelta(days=25)


def test_the_next_border_moves_on_once_the_exit_border_is_passed(tenants, routed):
    record(tenants, routed, "departed_origin", hours_ago=100)
    before = eta_for(routed.shipment.containers.first())
    record(tenants, routed, "arrived_exit_border", hours_ago=20)

    assert targets(routed)["border"] == ("arrived_eu_entry", "PLMAA")
    after = eta_for(routed.shipment.containers.first())
    assert before is not None and after is not None and after.computed_at > before.computed_at


def test_arrival_ends_the_estimate_and_its_retraction_brings_it_back(tenants, routed):
    record(tenants, routed, "departed_origin", hours_ago=300)
    (arrived, *_) = record(tenants, routed, "arrived_destination", hours_ago=1)
    assert not ContainerEta.objects.filter(container__shipment=routed.shipment).exists()

    retract_event(tenants.actor(tenants.owner), str(arrived.pk), reason="wrong train")

    assert targets(routed)["destination"] == ("arrived_destination", "DEDUI")


def test_a_shipment_without_a_planned_route_gets_no_estimate(tenants, tracked):
    record(tenants, tracked, "departed_origin", hours_ago=20)
    assert not ContainerEta.objects.exists()
    assert eta_for(tracked.shipment.containers.first()) is None


def test_refreshing_a_batch_costs_a_fixed_number_of_queries(
    tenants, routed, django_assert_max_num_queries
):
    events = record(tenants, routed, "departed_origin", hours_ago=20)
    boxes = [box for event in events if (box := Box.of(event))]
    ContainerEta.objects.all().delete()
    eu_member_states()  # the reference code lists, loaded once per process
    # departures, routes, the code lists' state, milestones reached, past trips, stored
    # estimates, delete, insert
    with django_assert_max_num_queries(8):
        assert refresh(boxes) == 4
    # The same facts an hour later: the same figures, nothing written.
    with django_assert_max_num_queries(6):
        assert refresh(boxes, now=timezone.now() + timedelta(hours=1)) == 0


def test_the_bulk_selector_gives_every_containers_estimate_in_one_query(
    tenants, routed, django_assert_num_queries
):
    record(tenants, routed, "departed_origin", hours_ago=20)
    containers = list(routed.shipment.containers.all())
    with django_assert_num_queries(1):
        found = etas_for(containers)
    assert set(found) == {c.pk for c in containers}
    assert etas_for(containers, target="border")[containers[0].pk].milestone_id == (
        "arrived_exit_border"
    )


def test_the_back_office_lists_the_estimates_read_only(tenants, routed, admin_client):
    record(tenants, routed, "departed_origin", hours_ago=20)
    number = routed.numbers[0]

    page = admin_client.get("/admin/tracking/containereta/", {"q": number})

    assert page.status_code == 200 and number in page.content.decode()
    assert admin_client.get("/admin/tracking/containereta/add/").status_code == 403
