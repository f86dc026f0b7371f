"""Departure status and events follow each other; the shipment's tracking status."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from cloudcabin.bookings import schedules
from cloudcabin.bookings.models import Booking, BookingEventKind, BookingStatus
from cloudcabin.bookings.services import cancel_refusal
from cloudcabin.bookings.tests.conftest import container_number
from cloudcabin.shipments import services as shipment_services
from cloudcabin.tracking.models import TrackingEvent
from cloudcabin.tracking.selectors import status_of
from cloudcabin.tracking.services import EventInput, record_events

pytestmark = pytest.mark.django_db


def strangers_booking(tenants, departure) -> Booking:
    """Another customer's booking on the same train, one the agent does not serve."""
    actor = tenants.actor(tenants.stranger)
    shipment = shipment_services.create_shipment(
        actor=actor, reference="DUI-1", origin_locode="CNXIA", destination_locode="DEDUI"
    )
    shipment_services.save_container(
        actor=actor, shipment_id=shipment.pk, number=container_number(777001), size_type="45G1"
    )
    return Booking.objects.create(
        organization=tenants.stranger_org,
        shipment=shipment,
        departure=departure,
        containers=[{"size_type": "45G1", "count": 1, "teu": "2.00"}],
        teu=Decimal("2.00"),
        status=BookingStatus.CONFIRMED,
    )


def mark_departed(tenants, tracked) -> None:
    schedules.update_departure(
        actor=tenants.actor(tenants.agent), departure_id=tracked.departure.pk, status="departed"
    )


def test_a_train_marked_departed_records_the_departure_of_every_container_on_it(tenants, tracked):
    other = strangers_booking(tenants, tracked.departure)

    mark_departed(tenants, tracked)

    events = TrackingEvent.objects.filter(milestone_id="departed_origin")
    assert sorted(e.container.number for e in events) == sorted(
        [*tracked.numbers, container_number(777001)]
    )
    assert {(e.classifier, e.source, e.locode) for e in events} == {("ACT", "DEPARTURE", "CNXIA")}
    assert {e.organization_id for e in events} == {tenants.org.pk, tenants.stranger_org.pk}
    assert {e.recorded_by for e in events} == {tenants.agent}
    other.refresh_from_db()
    assert other.status == BookingStatus.DEPARTED


def test_a_container_already_reported_departed_is_not_recorded_again(tenants, tracked):
    actor = tenants.actor(tenants.agent)
    record_events(
        actor,
        [
            EventInput(
                booking=tracked.booking.reference,
                milestone="departed_origin",
                event_time=timezone.now() - timedelta(hours=3),
                container=tracked.numbers[0],
                locode="CNXIA",
            )
        ],
        source="MANUAL",
    )

    mark_departed(tenants, tracked)

    events = TrackingEvent.objects.filter(milestone_id="departed_origin")
    assert sorted((e.container.number, e.source) for e in events) == sorted(
        [(tracked.numbers[0], "MANUAL"), (tracked.numbers[1], "DEPARTURE")]
    )


def test_an_actual_departure_event_departs_the_booking_and_the_shipper_cannot_cancel(
    tenants, tracked
):
    tracked.departure.departs_at = timezone.now() + timedelta(hours=6)
    tracked.departure.save()
    assert cancel_refusal(tracked.booking, tracked.departure) is None

    record_events(
        tenants.actor(tenants.agent),
        [
            EventInput(
                booking=tracked.booking.reference,
                milestone="departed_origin",
                event_time=timezone.now(),
                locode="CNXIA",
            )
        ],
        source="API",
    )

    booking = Booking.objects.get(pk=tracked.booking.pk)
    assert booking.status == BookingStatus.DEPARTED
    assert booking.events.filter(kind=BookingEventKind.DEPARTED).count() == 1
    refusal = cancel_refusal(booking, booking.departure)
    assert refusal is not None and refusal.problems[0].code == "BOOKING_DEPARTED"


def test_an_estimated_departure_changes_no_booking(tenants, tracked):
    record_events(
        tenants.actor(tenants.agent),
        [
            EventInput(
                booking=tracked.booking.reference,
                milestone="departed_origin",
                classifier="EST",
                event_time=timezone.now() + timedelta(hours=5),
            )
        ],
        source="API",
    )

    tracked.booking.refresh_from_db()
    assert tracked.booking.status == BookingStatus.CONFIRMED


def record(tenants, tracked, milestone: str, hours_ago: int, container: str = "") -> None:
    record_events(
        tenants.actor(tenants.agent),
        [
            EventInput(
                booking=tracked.booking.reference,
                milestone=milestone,
                event_time=timezone.now() - timedelta(hours=hours_ago),
                container=container,
            )
        ],
        source="API",
    )


def test_the_tracking_status_follows_the_container_furthest_behind(tenants, tracked):
    first, second = tracked.numbers
    assert status_of(tracked.shipment) is None

    record(tenants, tracked, "gate_in_origin", 50)
    assert status_of(tracked.shipment).key == "at_origin"

    record(tenants, tracked, "departed_origin", 40)
    assert status_of(tracked.shipment).label == "In transit"

    record(tenants, tracked, "arrived_destination", 10)
    record(tenants, tracked, "delivered", 2, container=first)
    found = status_of(tracked.shipment)
    assert (found.key, found.milestone.key) == ("arrived", "arrived_destination")

    record(tenants, tracked, "gated_out", 1, container=second)
    assert status_of(tracked.shipment).key == "delivered"


def test_a_retracted_event_no_longer_moves_the_status(tenants, tracked):
    record(tenants, tracked, "departed_origin", 40)
    record(tenants, tracked, "arrived_destination", 10)
    for event in TrackingEvent.objects.filter(milestone_id="arrived_destination"):
        event.retracted_at = timezone.now()
        event.save()

    assert status_of(tracked.shipment).key == "in_transit"


def test_the_agent_marking_the_train_departed_on_its_page_records_the_departures(tenants, tracked):
    client = tenants.client_for(tenants.agent)

    response = client.post(
        f"/bookings/agent/departures/{tracked.departure.pk}/update/",
        {"capacity_teu": "6", "status": "departed"},
    )

    assert response.status_code == 302
    events = TrackingEvent.objects.filter(milestone_id="departed_origin", source="DEPARTURE")
    assert sorted(e.container.number for e in events) == sorted(tracked.numbers)
