"""The timeline shows each container's arrival estimate as a range, with what it rests on."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cloudcabin.shipments.models import Shipment
from cloudcabin.tracking.models import Source
from cloudcabin.tracking.selectors import timeline_of
from cloudcabin.tracking.services import EventInput, record_events
from cloudcabin.tracking.tests.eta_fixtures import route

pytestmark = pytest.mark.django_db


def test_the_timeline_carries_the_estimates_at_the_destination_and_next_border(tenants, tracked):
    Shipment.objects.filter(pk=tracked.shipment.pk).update(route_option=route())
    tracked.shipment.refresh_from_db()
    record_events(
        tenants.actor(tenants.owner),
        [
            EventInput(
                booking=tracked.booking.reference,
                milestone="departed_origin",
                event_time=timezone.now() - timedelta(hours=5),
            )
        ],
        source=Source.MANUAL,
    )

    group = timeline_of(tracked.shipment).groups[0]

    assert group.eta is not None and group.border_eta is not None
    assert group.eta.p10 <= group.eta.p50 <= group.eta.p90
    page = tenants.client_for(tenants.owner).get(f"/shipments/{tracked.shipment.pk}/")
    assert page.status_code == 200
    assert b'data-testid="eta"' in page.content
    assert b"from the network&#x27;s transit times" in page.content or b"past trips" in page.content


def test_no_estimate_is_shown_without_a_planned_route(tenants, tracked):
    record_events(
        tenants.actor(tenants.owner),
        [
            EventInput(
                booking=tracked.booking.reference,
                milestone="departed_origin",
                event_time=timezone.now() - timedelta(hours=5),
            )
        ],
        source=Source.MANUAL,
    )

    assert timeline_of(tracked.shipment).groups[0].eta is None
