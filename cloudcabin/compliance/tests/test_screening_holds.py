"""A held party holds the shipment: no booking is confirmed (a request stays requested, the
waitlist passes it over, an agent's confirm or move is refused) and no document is issued
until an agent clears the hit. A note only warns; a confirmed hit holds for good."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from cloudcabin.bookings import agent_services, services
from cloudcabin.bookings.models import Booking, BookingEvent, BookingStatus
from cloudcabin.bookings.tests.conftest import Schedule, make_shipment
from cloudcabin.compliance.models import HitStatus, ScreeningHit
from cloudcabin.compliance.screening import services as screening
from cloudcabin.compliance.tests.screening_lists import LISTED_TRADER, Entry, add_version, load
from cloudcabin.documents.models import DocumentPack
from cloudcabin.errors import ProblemError
from cloudcabin.shipments import services as shipment_services
from cloudcabin.shipments.holds import holds_on
from cloudcabin.shipments.models import Shipment
from conftest import Tenants

CONSIGNEE_LISTED = Entry(ref="77", name="Duisburg Import GmbH", country="DE")


def book(tenants: Tenants, shipment: Shipment, schedule: Schedule) -> Booking:
    return services.book_slots(
        actor=tenants.actor(tenants.owner),
        shipment_id=shipment.pk,
        departure_id=schedule.departure.pk,
    ).booking


def clear(tenants: Tenants, shipment: Shipment) -> None:
    assert shipment.consignee_id is not None
    for hit in ScreeningHit.objects.filter(party_id=shipment.consignee_id):
        screening.decide(
            actor=tenants.actor(tenants.agent),
            hit_id=hit.pk,
            decision=HitStatus.CLEARED,
            reason="Our customer since 2019, EORI checked: not the listed company.",
        )


def codes(exc: pytest.ExceptionInfo[ProblemError]) -> list[str]:
    return [p.code for p in exc.value.problems]


def test_a_held_shipment_booked_on_an_auto_confirm_train_stays_a_request(
    tenants: Tenants, schedule: Schedule
) -> None:
    shipment = make_shipment(tenants)
    load([CONSIGNEE_LISTED])
    assert schedule.service.auto_confirm
    booking = book(tenants, shipment, schedule)
    assert booking.status == BookingStatus.REQUESTED
    schedule.departure.refresh_from_db()
    assert schedule.departure.confirmed_teu == 0
    event = BookingEvent.objects.get(booking=booking)
    assert event.after["held"] == ["SCREENING_PARTY_HELD"]


def test_booking_a_held_shipment_on_the_page_says_why_it_stays_a_request(
    tenants: Tenants, schedule: Schedule
) -> None:
    shipment = make_shipment(tenants)
    load([CONSIGNEE_LISTED])
    client = tenants.client_for(tenants.owner)
    form = {
        "departure_id": schedule.departure.pk,
        "idempotency_key": "held-1",
        "waitlist": "on",
        "count_45G1": "2",
    }
    response = client.post(f"/bookings/shipments/{shipment.pk}/book/", form, follow=True)
    body = response.content.decode()
    assert "Booking Requested." in body
    assert "Duisburg Import GmbH is held" in body
    assert Booking.objects.get().status == BookingStatus.REQUESTED


def test_an_agent_cannot_confirm_a_held_request_until_the_hit_is_cleared(
    tenants: Tenants, schedule: Schedule
) -> None:
    shipment = make_shipment(tenants)
    load([CONSIGNEE_LISTED])
    booking = book(tenants, shipment, schedule)
    agent = tenants.actor(tenants.agent)
    with pytest.raises(ProblemError) as refused:
        agent_services.confirm_booking(actor=agent, booking_id=booking.pk)
    assert refused.value.status == 409
    assert codes(refused) == ["BOOKING_SHIPMENT_HELD", "SCREENING_PARTY_HELD"]
    assert "Duisburg Import GmbH" in refused.value.problems[1].message
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REQUESTED

    clear(tenants, shipment)
    agent_services.confirm_booking(actor=agent, booking_id=booking.pk)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_a_waitlisted_booking_whose_party_becomes_held_is_passed_over(
    tenants: Tenants, schedule: Schedule
) -> None:
    first = book(tenants, make_shipment(tenants, "CC-BK-1"), schedule)
    held = make_shipment(tenants, "CC-BK-2")
    owner = tenants.actor(tenants.owner)
    bank = shipment_services.save_party(actor=owner, name_latin=LISTED_TRADER.name, country="PL")
    shipment_services.update_shipment(
        actor=owner, shipment_id=held.pk, parties={"consignee": bank.pk}
    )
    waiting = book(tenants, held, schedule)
    behind = book(tenants, make_shipment(tenants, "CC-BK-3", containers=1), schedule)
    assert (waiting.status, behind.status) == (BookingStatus.WAITLISTED, BookingStatus.WAITLISTED)
    load([LISTED_TRADER])  # the list loads while the booking waits

    services.cancel_booking(actor=owner, booking_id=first.pk)
    waiting.refresh_from_db()
    behind.refresh_from_db()
    assert waiting.status == BookingStatus.WAITLISTED  # keeps its place, not confirmed
    assert behind.status == BookingStatus.CONFIRMED


def test_moving_a_booking_of_a_held_shipment_is_refused(
    tenants: Tenants, schedule: Schedule
) -> None:
    shipment = make_shipment(tenants)
    booking = book(tenants, shipment, schedule)
    load([CONSIGNEE_LISTED])
    with pytest.raises(ProblemError) as refused:
        agent_services.move_booking(
            actor=tenants.actor(tenants.agent),
            booking_id=booking.pk,
            departure_id=schedule.later.pk,
        )
    assert codes(refused)[0] == "BOOKING_SHIPMENT_HELD"
    booking.refresh_from_db()
    assert booking.departure_id == schedule.departure.pk


def test_a_note_band_hit_only_warns_and_a_confirmed_hit_holds_for_good(
    tenants: Tenants, schedule: Schedule
) -> None:
    shipment = make_shipment(tenants)
    load([CONSIGNEE_LISTED])
    ScreeningHit.objects.update(band="note", score=Decimal("0.78"))
    [note] = holds_on(shipment)
    assert (note.code, note.severity, note.path) == (
        "SCREENING_PARTY_NOTE",
        "warning",
        "parties.consignee",
    )
    assert book(tenants, shipment, schedule).status == BookingStatus.CONFIRMED

    hit = ScreeningHit.objects.get()
    screening.decide(
        actor=tenants.actor(tenants.agent),
        hit_id=hit.pk,
        decision=HitStatus.CONFIRMED,
        reason="Same address and owner as the listed company.",
    )
    [held] = holds_on(shipment)
    assert (held.code, held.severity) == ("SCREENING_PARTY_CONFIRMED", "error")


def test_a_party_not_yet_screened_against_the_loaded_lists_holds_the_shipment(
    tenants: Tenants, schedule: Schedule
) -> None:
    shipment = make_shipment(tenants)
    add_version([Entry(ref="1", name="Unrelated Shipping Company")])  # the task has not run
    found = {(p.code, p.path) for p in holds_on(shipment)}
    assert found == {
        ("SCREENING_PENDING", "parties.consignor"),
        ("SCREENING_PENDING", "parties.consignee"),
    }


def test_a_held_party_blocks_document_issue_until_an_agent_clears_it(
    tenants: Tenants, demo_shipment: Shipment, media: Path
) -> None:
    load([LISTED_TRADER])
    client = tenants.client_for(tenants.owner)
    checks = client.get(f"/api/v1/documents/shipments/{demo_shipment.pk}/checks").json()
    # the consignee's party is the buyer too: held in each role it has
    assert {h["code"] for h in checks["holds"]} == {"SCREENING_PARTY_HELD"}
    assert "parties.consignee" in {h["path"] for h in checks["holds"]}
    refused = client.post(reverse("documents:issue", args=[demo_shipment.pk]))
    assert refused.status_code == 409
    assert 'data-code="SCREENING_PARTY_HELD"' in refused.content.decode()
    assert not DocumentPack.objects.exists()

    clear(tenants, demo_shipment)
    issued = client.post(reverse("documents:issue", args=[demo_shipment.pk]))
    assert issued.status_code == 302
    assert DocumentPack.objects.filter(shipment=demo_shipment).count() == 1
