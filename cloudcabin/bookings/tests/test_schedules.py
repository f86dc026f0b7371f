from __future__ import annotations

from datetime import UTC, date, datetime, time
from io import StringIO

import pytest
from django.core.management import call_command

from cloudcabin.bookings.models import Departure, DepartureEvent, TrainService
from cloudcabin.bookings.schedules import generate_departures, working_days_before
from cloudcabin.bookings.tests.conftest import make_nodes, make_service

# A Monday, 02:00 UTC = 10:00 in Xi'an.
MONDAY = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def test_working_days_skip_weekends():
    friday = date(2026, 3, 6)
    assert working_days_before(friday, 3) == date(2026, 3, 3)  # Tuesday
    assert working_days_before(date(2026, 3, 10), 3) == date(2026, 3, 5)  # over a weekend
    assert working_days_before(friday, 14) == date(2026, 2, 16)


@pytest.mark.django_db
def test_departures_are_generated_in_station_time_once(db):
    make_nodes()
    service = make_service(weekdays=[2, 5], departure_time=time(10, 0))
    created = generate_departures(service=service, weeks=2, now=MONDAY)
    assert [d.departs_at for d in created] == [
        datetime(2026, 3, 3, 2, 0, tzinfo=UTC),  # Tuesday 10:00 Asia/Shanghai
        datetime(2026, 3, 6, 2, 0, tzinfo=UTC),
        datetime(2026, 3, 10, 2, 0, tzinfo=UTC),
        datetime(2026, 3, 13, 2, 0, tzinfo=UTC),
    ]
    friday = created[1]
    assert friday.cutoff_at == datetime(2026, 3, 3, 2, 0, tzinfo=UTC)  # 3 working days before
    assert friday.opens_at == datetime(2026, 2, 16, 2, 0, tzinfo=UTC)  # 14 working days before
    assert friday.yard_deadline_at == datetime(2026, 3, 4, 2, 0, tzinfo=UTC)  # 48 h before
    assert friday.capacity_teu == service.capacity_teu
    assert friday.departs_local.hour == 10
    assert generate_departures(service=service, weeks=2, now=MONDAY) == []
    assert DepartureEvent.objects.count() == 4


@pytest.mark.django_db
def test_seed_schedules_warns_without_the_network_and_is_idempotent_with_it(db):
    err = StringIO()
    call_command("seed_schedules", stdout=StringIO(), stderr=err)
    assert "load_network" in err.getvalue() and not TrainService.objects.exists()
    make_nodes()
    call_command("seed_schedules", stdout=StringIO(), stderr=StringIO())
    count = Departure.objects.count()
    # Three westbound services and their three return trains.
    assert TrainService.objects.count() == 6 and count > 10
    call_command("seed_schedules", stdout=StringIO(), stderr=StringIO())
    assert Departure.objects.count() == count
