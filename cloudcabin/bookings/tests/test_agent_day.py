"""An agent's day: the work queue they land on, the capacity board of every service,
departure status changes that reach the shipper, and what the booking pages state
(price, transit, expected arrival, cut-offs in the station's time zone)."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cloudcabin.accounts.models import Membership, Role, User
from cloudcabin.bookings import agent_services, schedules, services
from cloudcabin.bookings.estimates import price_of
from cloudcabin.bookings.models import (
    Booking,
    BookingEvent,
    BookingEventKind,
    BookingStatus,
    DepartureStatus,
)
from cloudcabin.bookings.tests.conftest import make_departure, make_service, make_shipment
from cloudcabin.documents.selectors import booked_departure
from cloudcabin.errors import ProblemError
from cloudcabin.network.loading import load_network_data
from cloudcabin.network.models import Enquiry
from cloudcabin.network.selectors import search_routes

pytestmark = pytest.mark.django_db


def book(tenants, shipment, departure) -> Booking:
    return services.book_slots(
        actor=tenants.actor(tenants.owner), shipment_id=shipment.pk, departure_id=departure.pk
    ).booking


def set_status(tenants, departure, status: str) -> None:
    schedules.update_departure(
        actor=tenants.actor(tenants.agent), departure_id=departure.pk, status=status
    )


@pytest.fixture
def full_train(tenants, schedule):
    """On the 6 TEU departure: Alice's 4 TEU confirmed, then 4 TEU waitlisted."""
    confirmed = book(tenants, make_shipment(tenants, "CC-ON-1"), schedule.departure)
    waiting = book(tenants, make_shipment(tenants, "CC-WAIT-1"), schedule.departure)
    assert (confirmed.status, waiting.status) == ("confirmed", "waitlisted")
    return confirmed, waiting


# --- departure status reaches the shipper ----------------------------------------------


def test_a_departing_train_takes_its_bookings_along_with_history_and_mail(
    tenants, schedule, full_train, django_capture_on_commit_callbacks
):
    confirmed, waiting = full_train
    with django_capture_on_commit_callbacks(execute=True):
        set_status(tenants, schedule.departure, DepartureStatus.DEPARTED)
    confirmed.refresh_from_db()
    waiting.refresh_from_db()
    assert confirmed.status == BookingStatus.DEPARTED
    assert waiting.status == BookingStatus.REFUSED  # it did not make the train
    schedule.departure.refresh_from_db()
    assert schedule.departure.confirmed_teu == services.booked_teu(schedule.departure) == 4
    events = BookingEvent.objects.filter(kind=BookingEventKind.DEPARTED).order_by("booking_id")
    assert [(e.booking_id, e.before["status"], e.after["status"]) for e in events] == [
        (confirmed.pk, "confirmed", "departed"),
        (waiting.pk, "waitlisted", "refused"),
    ]
    # The booking's own news (the departure also records milestones, which notify too).
    booking_mails = [m for m in mail.outbox if m.subject.startswith("Booking ")]
    subjects = sorted(m.subject for m in booking_mails)
    assert subjects == sorted(
        f"Booking {b.reference}: train XIA-DUI departed "
        + schedule.departure.departs_local.strftime("%Y-%m-%d %H:%M Asia/Shanghai")
        for b in (confirmed, waiting)
    )
    assert all(message.to == [tenants.owner.email] for message in booking_mails)


def test_a_departed_booking_cannot_be_cancelled_and_the_page_says_so(tenants, schedule, full_train):
    confirmed, _waiting = full_train
    set_status(tenants, schedule.departure, DepartureStatus.DEPARTED)
    with pytest.raises(ProblemError) as refused:
        services.cancel_booking(actor=tenants.actor(tenants.owner), booking_id=confirmed.pk)
    assert refused.value.problems[0].code == "BOOKING_DEPARTED"
    owner = tenants.client_for(tenants.owner)
    page = owner.get(f"/bookings/{confirmed.pk}/").content.decode()
    assert 'data-testid="departed-note"' in page and "can no longer be cancelled" in page
    assert f"/bookings/{confirmed.pk}/cancel/" not in page
    posted = owner.post(f"/bookings/{confirmed.pk}/cancel/", follow=True).content.decode()
    assert "can no longer be cancelled" in posted
    confirmed.refresh_from_db()
    assert confirmed.status == BookingStatus.DEPARTED


def test_a_booking_cancelled_before_the_train_left_is_not_said_to_have_departed(
    tenants, schedule, full_train
):
    _confirmed, waiting = full_train
    services.cancel_booking(actor=tenants.actor(tenants.owner), booking_id=waiting.pk)
    set_status(tenants, schedule.departure, DepartureStatus.DEPARTED)
    page = tenants.client_for(tenants.owner).get(f"/bookings/{waiting.pk}/").content.decode()
    assert 'data-testid="departed-note"' not in page
    assert 'data-testid="status">Cancelled<' in page


def test_the_shipper_sees_departed_in_the_bookings_list_and_on_the_shipment(
    tenants, schedule, full_train
):
    confirmed, _waiting = full_train
    set_status(tenants, schedule.departure, DepartureStatus.DEPARTED)
    owner = tenants.client_for(tenants.owner)
    listing = owner.get("/bookings/").content.decode()
    assert f"{confirmed.reference}</a></td>" in listing and "<td>Departed</td>" in listing
    shipment_page = owner.get(f"/bookings/shipments/{confirmed.shipment_id}/").content.decode()
    assert f"{confirmed.reference}</a> · XIA-DUI" in shipment_page
    assert "TEU · Departed</li>" in shipment_page


def test_a_departed_booking_still_dates_the_documents(tenants, schedule, full_train):
    confirmed, _waiting = full_train
    set_status(tenants, schedule.departure, DepartureStatus.DEPARTED)
    found = booked_departure(confirmed.shipment_id)
    assert found is not None and found.departs_at == schedule.departure.departs_at


def test_a_cancelled_train_cancels_its_bookings_frees_capacity_and_tells_the_shipper(
    tenants, schedule, full_train, django_capture_on_commit_callbacks
):
    confirmed, waiting = full_train
    hold = agent_services.hold_capacity(
        actor=tenants.actor(tenants.agent),
        organization_id=tenants.org.pk,
        departure_id=schedule.departure.pk,
        teu=Decimal("2"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        set_status(tenants, schedule.departure, DepartureStatus.CANCELLED)
    for booking in (confirmed, waiting, hold):
        booking.refresh_from_db()
        assert booking.status == BookingStatus.CANCELLED
    schedule.departure.refresh_from_db()
    assert (schedule.departure.confirmed_teu, schedule.departure.held_teu) == (0, 0)
    assert BookingEvent.objects.filter(kind=BookingEventKind.TRAIN_CANCELLED).count() == 3
    # The hold has no shipment and so no shipper to write to.
    assert len(mail.outbox) == 2
    assert all("was cancelled" in message.subject for message in mail.outbox)


def test_closing_a_train_tells_the_shipper_and_keeps_the_bookings(
    tenants, schedule, full_train, django_capture_on_commit_callbacks
):
    confirmed, waiting = full_train
    with django_capture_on_commit_callbacks(execute=True):
        set_status(tenants, schedule.departure, DepartureStatus.CLOSED)
    confirmed.refresh_from_db()
    waiting.refresh_from_db()
    assert (confirmed.status, waiting.status) == ("confirmed", "waitlisted")
    assert BookingEvent.objects.filter(kind=BookingEventKind.DEPARTURE_CLOSED).count() == 2
    assert all("is closed for booking" in message.subject for message in mail.outbox)
    history = tenants.client_for(tenants.owner).get(f"/bookings/{confirmed.pk}/")
    assert "Train closed for booking" in history.content.decode()


def test_a_departed_or_cancelled_train_stays_so(tenants, schedule, full_train):
    set_status(tenants, schedule.departure, DepartureStatus.DEPARTED)
    with pytest.raises(ProblemError) as refused:
        set_status(tenants, schedule.departure, DepartureStatus.OPEN)
    assert refused.value.problems[0].code == "DEPARTURE_STATUS_FINAL"
    schedule.departure.refresh_from_db()
    assert schedule.departure.status == DepartureStatus.DEPARTED


def test_a_booking_on_a_train_past_its_departure_time_cannot_be_cancelled(
    tenants, schedule, shipment
):
    booking = book(tenants, shipment, schedule.departure)
    later = schedule.departure.departs_at + timedelta(hours=1)
    with pytest.raises(ProblemError) as refused:
        services.cancel_booking(
            actor=tenants.actor(tenants.owner), booking_id=booking.pk, now=later
        )
    assert refused.value.problems[0].code == "BOOKING_DEPARTED"


# --- cut-offs in the station's time zone ----------------------------------------------


def test_cut_offs_are_shown_in_the_station_time_zone_on_every_page_and_e_mail(
    tenants, schedule, shipment, django_capture_on_commit_callbacks
):
    cutoff = schedule.departure.cutoff_at
    local = cutoff.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M")
    utc = cutoff.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%d %H:%M")
    assert local != utc
    owner = tenants.client_for(tenants.owner)
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(tenants, shipment, schedule.departure)
    pages = [
        owner.get(f"/bookings/shipments/{shipment.pk}/"),
        owner.get(f"/bookings/{booking.pk}/"),
        tenants.client_for(tenants.agent).get("/bookings/agent/"),
        tenants.client_for(tenants.agent).get(
            f"/bookings/agent/departures/{schedule.departure.pk}/"
        ),
    ]
    for page in pages:
        text = page.content.decode()
        assert local in text and utc not in text, page.wsgi_request.path
    assert f"Cut-off: {local} Asia/Shanghai" in mail.outbox[0].body
    assert utc not in mail.outbox[0].body
    xlsx = tenants.client_for(tenants.agent).get(
        f"/bookings/agent/departures/{schedule.departure.pk}/manifest.xlsx"
    )
    head = [cell.value for cell in load_workbook(io.BytesIO(xlsx.content)).active[2]]
    yard = schedule.departure.yard_deadline_local.strftime("%Y-%m-%d %H:%M")
    assert head[2:4] == ["Containers at the yard by (station time)", f"{yard} Asia/Shanghai"]


def test_the_cut_off_refusal_names_the_station_time(tenants, schedule, shipment):
    late = schedule.departure.cutoff_at + timedelta(minutes=1)
    with pytest.raises(ProblemError) as refused:
        services.book_slots(
            actor=tenants.actor(tenants.owner),
            shipment_id=shipment.pk,
            departure_id=schedule.departure.pk,
            now=late,
        )
    local = schedule.departure.cutoff_local.strftime("%Y-%m-%d %H:%M")
    assert f"{local} Asia/Shanghai" in refused.value.problems[0].message


# --- price, transit and expected arrival ------------------------------------------------


def test_the_booking_page_shows_price_transit_and_expected_arrival(tenants, schedule, shipment):
    load_network_data(force=True)
    booking = book(tenants, shipment, schedule.departure)
    departs = schedule.departure.departs_local
    _request, options = search_routes(
        origin="CNXIA",
        destination="DEDUI",
        container_count=2,
        size_type="40",
        ready_date=departs.date(),
        k=1,
    )
    quoted = options[0].totals["USD"]
    assert quoted > 0
    page = tenants.client_for(tenants.owner).get(f"/bookings/{booking.pk}/").content.decode()
    assert f'data-testid="price">{quoted:.2f} USD<' in page
    assert 'data-testid="transit">14 days<' in page
    arrival = (departs + timedelta(days=14)).strftime("%Y-%m-%d")
    assert f'data-testid="arrival">{arrival}<' in page
    # The shipment's booking page states the same for each departure it could take.
    offer = tenants.client_for(tenants.owner).get(f"/bookings/shipments/{shipment.pk}/")
    assert f"{quoted:.2f} USD" in offer.content.decode()


def test_a_late_fee_is_part_of_the_price_and_an_unpriced_size_is_on_request(
    tenants, schedule, shipment
):
    load_network_data(force=True)
    containers = [{"size_type": "45G1", "count": 2}]
    plain = price_of(schedule.departure, containers)
    late = price_of(
        schedule.departure, containers, late_fee=Decimal("300"), late_fee_currency="USD"
    )
    assert late.totals["USD"] == plain.totals["USD"] + 300
    assert late.total_usd == plain.total_usd + 300
    odd = price_of(schedule.departure, [{"size_type": "L5G1", "count": 1}])
    assert (odd.totals, odd.on_request) == ({}, ["L5G1"])


# --- the capacity board ------------------------------------------------------------------


def test_the_capacity_board_lists_every_service_by_direction_with_empty_ones_said(
    tenants, schedule
):
    make_service(
        "DUI-XIA",
        name="Duisburg - Xi'an",
        origin_id="DEDUI",
        destination_id="CNXIA",
        timezone="Europe/Berlin",
    )
    quiet = make_service("XIA-LOD", name="Xi'an - Łódź", destination_id="PLLOD")
    make_departure(quiet, days=60)  # outside the four weeks shown
    page = tenants.client_for(tenants.agent).get("/bookings/agent/").content.decode()
    for code in ("XIA-DUI", "XIA-LOD", "DUI-XIA"):
        assert f'data-testid="board-{code}"' in page, code
    assert page.index("Westbound: from China") < page.index('data-testid="board-XIA-DUI"')
    assert page.index("Eastbound: to China") < page.index('data-testid="board-DUI-XIA"')
    assert page.count('data-testid="board-empty"') == 2  # DUI-XIA and XIA-LOD
    assert page.count('data-testid="board-row"') == 2  # XIA-DUI's two departures
    bar = page[page.index('<svg class="board-bar"') :]
    assert "<a " not in bar[: bar.index("</svg>")]  # no link inside the drawing
    chosen = tenants.client_for(tenants.agent).get("/bookings/agent/", {"service": quiet.pk})
    assert 'data-testid="board-XIA-DUI"' not in chosen.content.decode()


# --- the work queue ---------------------------------------------------------------------


@pytest.fixture
def busy_day(tenants, schedule):
    """A new enquiry, a request on a train confirming by hand, a departure closing within
    48 h with room and a waitlisted booking, and a confirmed shipment with errors."""
    Enquiry.objects.create(reference="ENQ-0001", name="Li Wei", company="Shaanxi Tools")
    Enquiry.objects.create(reference="ENQ-0002", name="Old lead", status="contacted")
    by_hand = make_service("XIA-DUI-B", auto_confirm=False)
    requested = book(tenants, make_shipment(tenants, "CC-REQ-1"), make_departure(by_hand, days=9))
    now = timezone.now()
    closing = make_departure(
        make_service("XIA-DUI-C"),
        days=4,
        capacity="6",
        cutoff_at=now + timedelta(hours=20),
    )
    book(tenants, make_shipment(tenants, "CC-CLOSE-1"), closing)  # 4 TEU confirmed
    waiting = book(tenants, make_shipment(tenants, "CC-CLOSE-2"), closing)  # 4 TEU wait
    assert (requested.status, waiting.status) == ("requested", "waitlisted")
    return {"requested": requested, "closing": closing}


def test_the_agent_lands_on_a_work_queue_linking_to_where_each_item_is_handled(tenants, busy_day):
    page = tenants.client_for(tenants.agent).get("/").content.decode()
    assert 'data-testid="work-queue"' in page
    enquiry = Enquiry.objects.get(reference="ENQ-0001")
    assert f'href="{reverse("network:enquiry_detail", args=[enquiry.pk])}"' in page
    assert "ENQ-0001" in page and "ENQ-0002" not in page
    requested = busy_day["requested"]
    assert f'/bookings/agent/departures/{requested.departure_id}/">{requested.reference}' in page
    closing = busy_day["closing"]
    assert f'/bookings/agent/departures/{closing.pk}/">XIA-DUI-C' in page
    assert "2 TEU free, 1 request not confirmed" in page
    # CC-CLOSE-1 has no goods lines yet: its manifest rows are flagged.
    assert f'/bookings/agent/departures/{closing.pk}/manifest/"' in page
    counts = {
        box: page.split(f'data-testid="queue-{box}"')[1].split('data-testid="count">')[1][:2]
        for box in ("enquiries", "requests", "closing", "manifests")
    }
    assert counts == {"enquiries": "1<", "requests": "1<", "closing": "1<", "manifests": "1<"}


def test_an_agent_who_does_not_serve_the_customer_sees_none_of_its_items(tenants, busy_day):
    stranger_agent = User.objects.create_user("ola@operator.example", "x" * 20)
    Membership.objects.create(
        user=stranger_agent, organization=tenants.operator_org, role=Role.AGENT
    )
    page = tenants.client_for(stranger_agent).get("/").content.decode()
    assert 'data-testid="work-queue"' in page
    for secret in ("CC-REQ-1", busy_day["requested"].reference, "XIA-DUI-C", "/manifest/"):
        assert secret not in page, secret
    assert "No requests waiting." in page
    assert "No departure closing soon with requests to place." in page
    # The customer's own people and a stranger company have no queue at all.
    for user in (tenants.owner, tenants.stranger):
        assert 'data-testid="work-queue"' not in tenants.client_for(user).get("/").content.decode()


def test_an_empty_work_queue_says_there_is_nothing_waiting(tenants, schedule):
    page = tenants.client_for(tenants.agent).get("/").content.decode()
    assert 'data-testid="queue-empty"' in page
    for empty in (
        "No new enquiries.",
        "No requests waiting.",
        "Every manifest of the next two weeks is clean.",
    ):
        assert empty in page
