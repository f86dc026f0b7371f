"""What one shipment may book: its own containers, once per departure, never more than the
train; and a waitlisted booking that can never fit blocks nobody. The API and the page
refuse alike (the refusals come from the one service both call)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import IntegrityError, transaction

from cloudcabin.bookings import agent_services, schedules, services, waitlist
from cloudcabin.bookings.models import Booking, BookingStatus
from cloudcabin.bookings.tests.conftest import container_number, make_shipment
from cloudcabin.errors import ProblemError
from cloudcabin.shipments import services as shipment_services

pytestmark = pytest.mark.django_db
API = "/api/v1/bookings"
JSON = "application/json"


def _api_book(tenants, shipment, departure, **extra):
    client = tenants.client_for(tenants.owner)
    body = {"shipment_id": shipment.pk, "departure_id": departure.pk, **extra}
    return client.post(API, body, content_type=JSON)


def _page_book(tenants, shipment, departure, **counts):
    """Posts the shipment page's booking form; returns the messages the page shows."""
    client = tenants.client_for(tenants.owner)
    form = {"departure_id": departure.pk, "idempotency_key": f"k-{departure.pk}", **counts}
    response = client.post(f"/bookings/shipments/{shipment.pk}/book/", form)
    return [str(m) for m in get_messages(response.wsgi_request)]


def _book(tenants, shipment, departure, containers=None):
    return services.book_slots(
        actor=tenants.actor(tenants.owner),
        shipment_id=shipment.pk,
        departure_id=departure.pk,
        containers=containers,
    ).booking


def test_a_two_box_shipment_cannot_book_the_whole_train_on_the_api_or_the_page(
    tenants, schedule, shipment
):
    schedule.departure.capacity_teu = Decimal(82)
    schedule.departure.save()
    whole_train = _api_book(
        tenants, shipment, schedule.departure, containers=[{"size_type": "45G1", "count": 41}]
    )
    assert whole_train.status_code == 422
    [error] = whole_train.json()["errors"]
    assert (error["code"], error["path"]) == ("BOOKING_OVER_SHIPMENT", "containers[0].count")
    assert error["message"] == "The shipment has 2 × 45G1; 41 cannot be booked."
    assert _page_book(tenants, shipment, schedule.departure, count_45G1="41") == [error["message"]]
    other_size = _api_book(
        tenants, shipment, schedule.departure, containers=[{"size_type": "22G1", "count": 1}]
    )
    assert other_size.json()["errors"][0]["message"] == (
        "The shipment has 0 × 22G1; 1 cannot be booked."
    )
    assert not Booking.objects.exists()


def test_a_shipment_without_containers_is_asked_for_them_before_it_books(tenants, schedule):
    empty = make_shipment(tenants, "CC-BK-0", containers=0)
    refused = _api_book(
        tenants, empty, schedule.departure, containers=[{"size_type": "45G1", "count": 1}]
    )
    assert refused.json()["errors"][0]["code"] == "CONTAINERS_REQUIRED"
    page = tenants.client_for(tenants.owner).get(f"/bookings/shipments/{empty.pk}/")
    assert b'data-testid="no-containers"' in page.content
    assert b'type="submit" class="primary"' not in page.content
    assert not Booking.objects.exists()


def test_a_shipment_holds_one_active_booking_per_departure_on_the_api_and_the_page(
    tenants, schedule, shipment
):
    first = _api_book(
        tenants, shipment, schedule.departure, containers=[{"size_type": "45G1", "count": 1}]
    )
    assert first.status_code == 201
    again = _api_book(tenants, shipment, schedule.departure)
    assert again.status_code == 409
    [error] = again.json()["errors"]
    reference = f"BK-{first.json()['id']:06d}"
    assert (error["code"], error["path"]) == ("BOOKING_EXISTS", "departure_id")
    assert reference in error["message"]
    assert _page_book(tenants, shipment, schedule.departure, count_45G1="1") == [error["message"]]
    # Another departure is another booking; after a cancellation the shipment books again.
    assert _api_book(tenants, shipment, schedule.later).status_code == 201
    services.cancel_booking(actor=tenants.actor(tenants.owner), booking_id=first.json()["id"])
    assert _api_book(tenants, shipment, schedule.departure).status_code == 201
    assert Booking.objects.filter(status=BookingStatus.CONFIRMED).count() == 2


def test_an_agent_cannot_move_a_booking_onto_a_departure_its_shipment_is_booked_on(
    tenants, schedule, shipment
):
    here = _book(tenants, shipment, schedule.departure, [{"size_type": "45G1", "count": 1}])
    _book(tenants, shipment, schedule.later, [{"size_type": "45G1", "count": 1}])
    with pytest.raises(ProblemError) as refused:
        agent_services.move_booking(
            actor=tenants.actor(tenants.agent), booking_id=here.pk, departure_id=schedule.later.pk
        )
    assert refused.value.problems[0].code == "BOOKING_EXISTS"


def test_the_database_refuses_a_second_active_booking_of_a_shipment_on_a_departure(
    tenants, schedule, shipment
):
    fields = {
        "organization": tenants.org,
        "shipment": shipment,
        "departure": schedule.departure,
        "teu": Decimal(2),
    }
    Booking.objects.create(status=BookingStatus.CANCELLED, **fields)
    Booking.objects.create(status=BookingStatus.WAITLISTED, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(status=BookingStatus.CONFIRMED, **fields)
    Booking.objects.create(status=BookingStatus.REFUSED, **fields)  # not active: allowed


def test_a_second_booking_that_slips_past_the_check_is_a_409_not_a_500(
    tenants, schedule, shipment, monkeypatch
):
    # The check under the lock normally answers first; without it the constraint does.
    monkeypatch.setattr(services, "check_not_booked", lambda shipment_id, departure: None)
    assert _api_book(tenants, shipment, schedule.departure).status_code == 201
    second = _api_book(tenants, shipment, schedule.departure)
    assert second.status_code == 409
    assert second.json()["errors"][0]["code"] == "BOOKING_EXISTS"
    assert Booking.objects.count() == 1


def test_a_request_larger_than_the_train_is_refused_and_never_joins_the_queue(tenants, schedule):
    four_boxes = make_shipment(tenants, "CC-BK-4", containers=4)  # 8 TEU on a 6 TEU train
    for waitlist_if_full in (True, False):
        refused = _api_book(tenants, four_boxes, schedule.departure, waitlist=waitlist_if_full)
        assert refused.status_code == 409
        [error] = refused.json()["errors"]
        assert (error["code"], error["path"]) == ("BOOKING_OVER_CAPACITY", "containers")
        assert error["message"] == "8 TEU is more than the whole train carries (6 TEU)."
    assert _page_book(tenants, four_boxes, schedule.departure, count_45G1="4", waitlist="on") == [
        error["message"]
    ]
    assert not Booking.objects.exists()
    # Three of its boxes fit the train: they wait for room like any other request.
    _book(tenants, make_shipment(tenants, "CC-BK-1", containers=1), schedule.departure)
    three = _book(tenants, four_boxes, schedule.departure, [{"size_type": "45G1", "count": 3}])
    assert three.status == BookingStatus.WAITLISTED


def test_a_waitlisted_booking_that_can_never_fit_is_passed_over_and_blocks_nobody(
    tenants, schedule, shipment
):
    departure = schedule.departure
    agent = tenants.actor(tenants.agent)
    schedules.update_departure(actor=agent, departure_id=departure.pk, capacity_teu=Decimal(8))
    first = _book(tenants, shipment, departure)  # 4 of 8 TEU
    big = _book(tenants, make_shipment(tenants, "CC-BK-3", 3), departure)  # 6 TEU: waits
    small = _book(tenants, make_shipment(tenants, "CC-BK-2", 1), departure)  # behind it
    assert (big.status, small.status) == ("waitlisted", "waitlisted")
    # The agent lowers the capacity to 5 TEU: the 6 TEU head can never fit any more.
    schedules.update_departure(actor=agent, departure_id=departure.pk, capacity_teu=Decimal(5))
    big.refresh_from_db()
    assert waitlist.position(big) == 1 and waitlist.position(small) == 1
    services.cancel_booking(actor=tenants.actor(tenants.owner), booking_id=first.pk)
    big.refresh_from_db()
    small.refresh_from_db()
    assert (big.status, small.status) == ("waitlisted", "confirmed")
    # A new request that fits is confirmed at once: the queue holds no one who could fit.
    newcomer = _book(tenants, make_shipment(tenants, "CC-BK-5", 1), departure)
    assert newcomer.status == BookingStatus.CONFIRMED
    # Room again for the big one: it kept its place and is promoted.
    schedules.update_departure(actor=agent, departure_id=departure.pk, capacity_teu=Decimal(10))
    big.refresh_from_db()
    assert big.status == BookingStatus.CONFIRMED


def test_a_late_fee_is_rounded_half_up_to_the_cent(tenants, schedule):
    schedule.service.late_fee_per_teu = Decimal("10.02")
    schedule.service.save()
    shipment = make_shipment(tenants, "CC-BK-45", containers=0)
    shipment_services.save_container(
        actor=tenants.actor(tenants.owner),
        shipment_id=shipment.pk,
        number=container_number(777001),
        size_type="L5G1",
    )
    booking = services.book_slots(
        actor=tenants.actor(tenants.agent),
        shipment_id=shipment.pk,
        departure_id=schedule.departure.pk,
        now=schedule.departure.cutoff_at + timedelta(hours=1),
    ).booking
    # 10.02 × 2.25 = 22.545: half-up gives 22.55 (half-even gave 22.54).
    assert booking.teu == Decimal("2.25") and booking.late_fee == Decimal("22.55")


def test_a_size_type_without_teu_is_refused_by_name_whether_asked_for_or_the_shipments_own(
    tenants, schedule, shipment
):
    from cloudcabin.reference.models import ContainerType
    from cloudcabin.shipments.models import Container

    asked = _api_book(
        tenants, shipment, schedule.departure, containers=[{"size_type": "zz99", "count": 1}]
    )
    Container.objects.filter(shipment=shipment).update(size_type="ZZ99")
    own = _api_book(tenants, shipment, schedule.departure)
    Container.objects.filter(shipment=shipment).update(size_type="45G1")
    booked = _api_book(tenants, shipment, schedule.departure)

    for refused in (asked, own):
        [error] = refused.json()["errors"]
        assert (error["code"], error["path"]) == (
            "CONTAINER_TYPE_UNKNOWN",
            "containers[0].size_type",
        )
        assert "ZZ99" in error["message"]
    # The shipment's own boxes are booked at their size-type's TEU from the code table.
    teu = ContainerType.objects.get(code="45G1").teu
    assert booked.status_code == 201
    assert booked.json()["containers"] == [{"size_type": "45G1", "count": 2, "teu": str(teu)}]
