from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.http import Http404

from cloudcabin.bookings import agent_services, services
from cloudcabin.bookings.models import Booking, BookingEvent, BookingStatus, Departure
from cloudcabin.bookings.tests.conftest import make_departure, make_service, make_shipment
from cloudcabin.errors import ProblemError

pytestmark = pytest.mark.django_db

FORTY = [{"size_type": "45G1", "count": 1}]


def book(tenants, shipment, departure, containers=None, **kwargs):
    return services.book_slots(
        actor=tenants.actor(tenants.owner),
        shipment_id=shipment.pk,
        departure_id=departure.pk,
        containers=containers,
        **kwargs,
    ).booking


def test_a_booking_with_room_is_confirmed_at_once_and_counts_its_teu(tenants, schedule, shipment):
    booking = book(tenants, shipment, schedule.departure)
    schedule.departure.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.teu == Decimal("4") and booking.containers[0]["count"] == 2
    assert schedule.departure.confirmed_teu == Decimal("4")
    assert schedule.departure.remaining_teu == Decimal("2")
    event = BookingEvent.objects.get(booking=booking)
    assert event.kind == "confirmed" and event.actor == tenants.owner
    assert event.after["status"] == "confirmed"


def test_a_full_departure_waitlists_in_order_and_cancellation_promotes_the_head(
    tenants, schedule, shipment
):
    first = book(tenants, shipment, schedule.departure)  # 4 of 6 TEU
    second = book(tenants, make_shipment(tenants, "CC-BK-2"), schedule.departure)  # waitlisted
    one_box = make_shipment(tenants, "CC-BK-3", containers=1)
    third = book(tenants, one_box, schedule.departure)  # fits, but queued
    assert [second.status, third.status] == ["waitlisted", "waitlisted"]
    assert second.waitlist_seq < third.waitlist_seq
    services.cancel_booking(actor=tenants.actor(tenants.owner), booking_id=first.pk)
    second.refresh_from_db()
    third.refresh_from_db()
    schedule.departure.refresh_from_db()
    assert second.status == "confirmed" and third.status == "confirmed"
    assert schedule.departure.confirmed_teu == Decimal("6")
    assert services.booked_teu(schedule.departure) == Decimal("6")
    assert BookingEvent.objects.filter(booking=second, kind="promoted").exists()


def test_the_waitlist_is_strict_first_come_first_served(tenants, schedule, shipment):
    book(tenants, shipment, schedule.departure, containers=FORTY)  # 2 of 6
    small = book(tenants, make_shipment(tenants, "CC-BK-2", 1), schedule.departure)  # 4 of 6
    big = book(tenants, make_shipment(tenants, "CC-BK-3"), schedule.departure)  # 4: waitlisted
    late_small = book(tenants, make_shipment(tenants, "CC-BK-4", 1), schedule.departure)
    assert (big.status, late_small.status) == ("waitlisted", "waitlisted")
    services.cancel_booking(actor=tenants.actor(tenants.owner), booking_id=small.pk)
    big.refresh_from_db()
    late_small.refresh_from_db()
    # 4 TEU free: the head (4 TEU) goes first; the smaller one behind it keeps waiting.
    assert big.status == "confirmed" and late_small.status == "waitlisted"


def test_a_refused_request_offers_the_next_departures_with_room(tenants, schedule, shipment):
    book(tenants, shipment, schedule.departure)
    result = services.book_slots(
        actor=tenants.actor(tenants.owner),
        shipment_id=make_shipment(tenants, "CC-BK-2").pk,
        departure_id=schedule.departure.pk,
        waitlist_if_full=False,
    )
    assert result.booking.status == BookingStatus.REFUSED
    assert [d.pk for d in result.alternatives] == [schedule.later.pk]
    assert BookingEvent.objects.filter(booking=result.booking, kind="refused").exists()


def test_cancelling_one_container_keeps_the_rest_and_frees_its_teu(tenants, schedule, shipment):
    booking = book(tenants, shipment, schedule.departure)
    services.cancel_booking(
        actor=tenants.actor(tenants.owner), booking_id=booking.pk, containers={"45G1": 1}
    )
    booking.refresh_from_db()
    schedule.departure.refresh_from_db()
    assert booking.status == "confirmed" and booking.teu == Decimal("2")
    assert booking.containers[0]["count"] == 1
    assert schedule.departure.remaining_teu == Decimal("4")
    with pytest.raises(ProblemError):
        services.cancel_booking(
            actor=tenants.actor(tenants.owner), booking_id=booking.pk, containers={"45G1": 5}
        )


def test_a_read_only_member_cannot_book_and_a_stranger_cannot_see_the_shipment(
    tenants, schedule, shipment
):
    with pytest.raises(ProblemError) as refused:
        services.book_slots(
            actor=tenants.actor(tenants.colleague),
            shipment_id=shipment.pk,
            departure_id=schedule.departure.pk,
        )
    assert refused.value.status == 403
    with pytest.raises(Http404):
        services.book_slots(
            actor=tenants.actor(tenants.stranger),
            shipment_id=shipment.pk,
            departure_id=schedule.departure.pk,
        )
    booking = book(tenants, shipment, schedule.departure)
    with pytest.raises(Http404):
        services.cancel_booking(actor=tenants.actor(tenants.stranger), booking_id=booking.pk)
    assert Booking.objects.count() == 1


def test_a_departure_on_another_route_is_refused(tenants, schedule, shipment):
    other = make_service("XIA-LOD", destination_id="PLLOD")
    with pytest.raises(ProblemError) as refused:
        book(tenants, shipment, make_departure(other))
    assert refused.value.problems[0].code == "BOOKING_ROUTE_MISMATCH"


def test_booking_is_refused_before_it_opens_and_after_cut_off_for_a_shipper(
    tenants, schedule, shipment
):
    departure = schedule.departure
    with pytest.raises(ProblemError) as early:
        book(tenants, shipment, departure, now=departure.opens_at - timedelta(seconds=1))
    assert early.value.problems[0].code == "BOOKING_NOT_OPEN"
    with pytest.raises(ProblemError) as late:
        book(tenants, shipment, departure, now=departure.cutoff_at)
    assert late.value.problems[0].code == "BOOKING_CUT_OFF"
    ok = book(tenants, shipment, departure, now=departure.cutoff_at - timedelta(seconds=1))
    assert ok.status == "confirmed" and not ok.is_late and ok.late_fee is None


def test_an_agent_may_book_late_and_the_booking_carries_the_late_fee(tenants, schedule, shipment):
    departure = schedule.departure
    result = services.book_slots(
        actor=tenants.actor(tenants.agent),
        shipment_id=shipment.pk,
        departure_id=departure.pk,
        now=departure.cutoff_at + timedelta(hours=1),
    )
    booking = result.booking
    assert booking.status == "confirmed" and booking.is_late
    assert booking.late_fee == Decimal("600.00") and booking.late_fee_currency == "USD"
    assert booking.organization == tenants.org
    with pytest.raises(ProblemError):  # not even an agent books a train that has left
        services.book_slots(
            actor=tenants.actor(tenants.agent),
            shipment_id=shipment.pk,
            departure_id=departure.pk,
            now=departure.departs_at,
        )


def test_a_hold_sets_capacity_aside_that_only_its_customer_can_use(tenants, schedule, shipment):
    agent = tenants.actor(tenants.agent)
    hold = agent_services.hold_capacity(
        actor=agent, organization_id=tenants.org.pk, departure_id=schedule.departure.pk, teu=4
    )
    schedule.departure.refresh_from_db()
    assert hold.status == "held" and schedule.departure.remaining_teu == Decimal("2")
    booking = book(tenants, shipment, schedule.departure)  # 4 TEU, drawn from the hold
    hold.refresh_from_db()
    schedule.departure.refresh_from_db()
    assert booking.status == "confirmed" and hold.status == "cancelled"
    assert (schedule.departure.confirmed_teu, schedule.departure.held_teu) == (4, 0)
    with pytest.raises(Http404):  # Olga does not serve Charlie's company
        agent_services.hold_capacity(
            actor=agent,
            organization_id=tenants.stranger_org.pk,
            departure_id=schedule.departure.pk,
            teu=1,
        )


def test_requests_wait_for_an_agent_when_the_service_does_not_confirm_at_once(
    tenants, schedule, shipment
):
    schedule.service.auto_confirm = False
    schedule.service.save()
    booking = book(tenants, shipment, schedule.departure)
    assert booking.status == "requested"
    with pytest.raises(Http404):  # only agents decide
        agent_services.confirm_booking(actor=tenants.actor(tenants.owner), booking_id=booking.pk)
    agent_services.confirm_booking(actor=tenants.actor(tenants.agent), booking_id=booking.pk)
    booking.refresh_from_db()
    assert booking.status == "confirmed"
    other = book(tenants, make_shipment(tenants, "CC-BK-2", 1), schedule.departure)
    agent_services.reject_booking(
        actor=tenants.actor(tenants.agent), booking_id=other.pk, reason="x"
    )
    other.refresh_from_db()
    assert other.status == "rejected"


def test_an_agent_moves_a_booking_and_the_old_departure_promotes_its_waitlist(
    tenants, schedule, shipment
):
    first = book(tenants, shipment, schedule.departure)
    queued = book(tenants, make_shipment(tenants, "CC-BK-2"), schedule.departure)
    agent_services.move_booking(
        actor=tenants.actor(tenants.agent), booking_id=first.pk, departure_id=schedule.later.pk
    )
    first.refresh_from_db()
    queued.refresh_from_db()
    assert first.departure_id == schedule.later.pk and first.status == "confirmed"
    assert queued.status == "confirmed"
    counters = {d.pk: d.confirmed_teu for d in Departure.objects.all()}
    assert counters == {schedule.departure.pk: 4, schedule.later.pk: 4}
    event = BookingEvent.objects.get(booking=first, kind="moved")
    assert event.before["departure"] == schedule.departure.pk
    assert event.after["departure"] == schedule.later.pk


def test_the_database_refuses_a_counter_that_would_overbook(schedule):
    departure = schedule.departure
    with pytest.raises(IntegrityError), transaction.atomic():
        Departure.objects.filter(pk=departure.pk).update(confirmed_teu=Decimal("6.5"))


def test_e_mails_go_out_only_after_the_transaction_commits(
    tenants, schedule, shipment, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        booking = book(tenants, shipment, schedule.departure)
        assert mail.outbox == []
    assert len(callbacks) == 1
    assert mail.outbox[0].to == [tenants.owner.email]
    assert booking.reference in mail.outbox[0].subject and "confirmed" in mail.outbox[0].subject


def test_a_rolled_back_booking_sends_no_e_mail(
    tenants, schedule, shipment, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        book(tenants, shipment, schedule.departure)
        raise RuntimeError
    assert callbacks == [] and mail.outbox == []


def test_cut_off_reminders_are_sent_once_per_departure(
    tenants, schedule, shipment, django_capture_on_commit_callbacks
):
    book(tenants, shipment, schedule.departure)
    soon = schedule.departure.cutoff_at - timedelta(hours=20)
    with django_capture_on_commit_callbacks(execute=True):
        assert agent_services.send_cutoff_reminders(now=soon) == 1
        assert agent_services.send_cutoff_reminders(now=soon) == 0
    assert len(mail.outbox) == 1 and "Cut-off soon" in mail.outbox[0].subject


def test_two_companies_on_one_train_share_its_capacity_but_never_each_others_bookings(
    tenants, schedule
):
    mine = book(
        tenants, make_shipment(tenants, reference="CC-BK-2", containers=1), schedule.departure
    )
    theirs_shipment = make_shipment(
        tenants, reference="CC-BK-9", containers=1, user=tenants.stranger
    )
    stranger = tenants.actor(tenants.stranger)
    theirs = services.book_slots(
        actor=stranger, shipment_id=theirs_shipment.pk, departure_id=schedule.departure.pk
    ).booking
    assert mine.status == theirs.status == BookingStatus.CONFIRMED
    departure = Departure.objects.get(pk=schedule.departure.pk)
    assert departure.confirmed_teu == mine.teu + theirs.teu
    assert list(Booking.objects.for_org(tenants.stranger_org)) == [theirs]
    assert list(Booking.objects.for_org(tenants.org)) == [mine]
    with pytest.raises(Http404):
        services.cancel_booking(actor=stranger, booking_id=mine.pk)
    with pytest.raises(Http404):
        services.cancel_booking(actor=tenants.actor(tenants.owner), booking_id=theirs.pk)
    assert Booking.objects.get(pk=mine.pk).status == BookingStatus.CONFIRMED
    assert Booking.objects.get(pk=theirs.pk).status == BookingStatus.CONFIRMED
