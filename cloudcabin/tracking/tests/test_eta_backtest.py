"""The demo's synthetic history, the S1 train, and the back-test measured on them."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from cloudcabin.bookings.models import BookingStatus, Departure
from cloudcabin.bookings.tests.conftest import (
    make_container_types,
    make_nodes,
    make_service,
    make_shipment,
)
from cloudcabin.shipments.models import Shipment
from cloudcabin.tracking.demo import HISTORY_REMARK, S1_SHIPMENT, seed_history, seed_s1
from cloudcabin.tracking.eta.backtest import predictions
from cloudcabin.tracking.models import ContainerEta, TrackingEvent
from cloudcabin.tracking.tests.eta_fixtures import make_stations, route

pytestmark = pytest.mark.django_db


@pytest.fixture
def service():
    make_nodes()
    make_stations()
    make_container_types()
    return make_service(code="XIA-DUI", transit_days=14, capacity_teu=82)


def test_the_synthetic_history_is_labelled_and_every_trip_has_arrived(service):
    assert seed_history(service, route(), trips=25) == 25
    assert seed_history(service, route(), trips=25) == 0  # idempotent

    events = TrackingEvent.objects.all()
    assert {e.source for e in events} == {"DEMO"}
    assert {e.remark for e in events} == {HISTORY_REMARK}
    assert events.filter(milestone_id="arrived_destination").count() == 25
    assert all(e.event_time <= timezone.now() for e in events)


def test_the_backtest_prints_error_bias_and_coverage_per_horizon(service):
    seed_history(service, route(), trips=25)
    out = StringIO()

    call_command("eta_backtest", stdout=out)

    text = out.getvalue()
    assert "25 past trips with an actual arrival" in text
    for horizon in (
        "at origin departure",
        "after the China exit border",
        "after the EU entry border",
    ):
        line = next(line for line in text.splitlines() if line.startswith(horizon))
        trips, mae, bias, coverage, observed, network = line[len(horizon) :].split()
        assert int(trips) == 25 and int(observed) + int(network) == 25
        assert float(mae) >= abs(float(bias)) and coverage.endswith("%")


def test_the_backtest_sees_only_the_past_of_each_prediction(service):
    seed_history(service, route(), trips=25)
    made = predictions()
    first = min(made, key=lambda p: p.made_at)
    # The first trip had no other trip before it: network ranges, no observations.
    assert first.method == "network" and first.observations == 0
    assert all(p.observations <= 24 for p in made)

    # Removing the later trips changes no prediction made before they began.
    by_start = sorted(
        Departure.objects.filter(pk__in={p.departure_id for p in made}), key=lambda d: d.departs_at
    )
    removed = by_start[15:]
    began = min(
        TrackingEvent.objects.filter(departure__in=removed).values_list("event_time", flat=True)
    )
    TrackingEvent.objects.filter(departure__in=removed).delete()
    again = {(p.departure_id, p.horizon): p for p in predictions()}
    earlier = [p for p in made if p.made_at < began]
    assert len(earlier) >= 30
    assert all(again[(p.departure_id, p.horizon)] == p for p in earlier)


def test_the_s1_train_replays_its_milestones_and_its_boxes_get_observed_estimates(service, tenants):
    shipment = make_shipment(tenants, reference=S1_SHIPMENT)
    Shipment.objects.filter(pk=shipment.pk).update(route_option=route())
    seed_history(service, route(), trips=25)

    seed_s1(service)

    booking = shipment.bookings.get()
    assert booking.status == BookingStatus.DEPARTED
    assert booking.departure.departs_at < timezone.now()
    events = TrackingEvent.objects.filter(shipment=shipment)
    actual = set(events.filter(classifier="ACT").values_list("milestone_id", flat=True))
    assert {"departed_origin", "arrived_exit_border", "departed_exit_border"} <= actual
    planned = set(events.filter(classifier="PLN").values_list("milestone_id", flat=True))
    assert {"arrived_eu_entry", "arrived_destination", "delivered"} <= planned
    assert not actual & planned
    etas = ContainerEta.objects.filter(container__shipment=shipment)
    assert {(e.target, e.milestone_id, e.method, e.observations) for e in etas} == {
        ("border", "arrived_eu_entry", "observed", 25),
        ("destination", "arrived_destination", "observed", 25),
    }
    count = events.count()
    seed_s1(service)  # idempotent
    assert TrackingEvent.objects.filter(shipment=shipment).count() == count
    assert Departure.objects.filter(bookings=booking, status="departed").exists()


def test_the_demo_puts_s1_on_its_train_before_the_demo_booking_step_books_it_ahead():
    from cloudcabin.accounts.management.commands.prepare_demo import STEPS

    commands = [command for _, command, _ in STEPS]
    assert commands.index("seed_schedules") < commands.index("seed_demo_tracking")
    assert commands.index("seed_demo_tracking") < commands.index("seed_demo_bookings")
