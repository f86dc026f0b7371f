from __future__ import annotations

import io
from decimal import Decimal

import pytest
from lxml import etree
from openpyxl import load_workbook

from cloudcabin.bookings.exports import XSD_PATH
from cloudcabin.bookings.models import Booking, IdempotencyKey
from cloudcabin.bookings.tests.conftest import make_shipment
from cloudcabin.xmlout import schema

pytestmark = pytest.mark.django_db
API = "/api/v1/bookings"
JSON = "application/json"


@pytest.fixture
def owner(tenants):
    return tenants.client_for(tenants.owner)


@pytest.fixture
def agent(tenants):
    return tenants.client_for(tenants.agent)


def _book(client, shipment, departure, key=None, **extra):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    body = {"shipment_id": shipment.pk, "departure_id": departure.pk, **extra}
    return client.post(API, body, content_type=JSON, **headers)


def test_a_shipper_sees_the_departures_of_its_route_with_the_teu_left(owner, schedule, shipment):
    response = owner.get(f"{API}/departures", {"shipment_id": shipment.pk})
    assert response.status_code == 200
    rows = response.json()
    assert [row["id"] for row in rows] == [schedule.departure.pk, schedule.later.pk]
    assert rows[0]["remaining_teu"] == "6.00" and rows[0]["departs_local"].endswith("+08:00")


def test_booking_and_cancelling_through_the_api(owner, schedule, shipment):
    response = _book(owner, shipment, schedule.departure)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "confirmed" and Decimal(body["teu"]) == 4
    assert body["departure"]["remaining_teu"] == "2.00"
    cancelled = owner.post(f"{API}/{body['id']}/cancel", content_type=JSON)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    again = owner.post(f"{API}/{body['id']}/cancel", content_type=JSON)
    assert again.status_code == 409 and again.json()["errors"][0]["code"] == "BOOKING_NOT_ACTIVE"
    events = owner.get(f"{API}/{body['id']}/events").json()
    assert [e["kind"] for e in events] == ["confirmed", "cancelled"]
    assert events[1]["before"]["status"] == "confirmed"


def test_a_retried_request_with_the_same_key_returns_the_first_answer_and_books_once(
    tenants, owner, schedule, shipment
):
    first = _book(owner, shipment, schedule.departure, key="retry-1")
    second = _book(owner, shipment, schedule.departure, key="retry-1")
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert Booking.objects.count() == 1
    reused = _book(owner, shipment, schedule.later, key="retry-1")
    assert reused.status_code == 422
    assert reused.json()["errors"][0]["code"] == "IDEMPOTENCY_KEY_REUSED"
    other = _book(owner, make_shipment(tenants, "CC-BK-2"), schedule.departure, key="retry-2")
    assert other.json()["status"] == "waitlisted" and other.json()["waitlist_position"] == 1
    assert Booking.objects.count() == 2 and IdempotencyKey.objects.count() == 2


def test_a_refusal_is_not_stored_so_a_retry_runs_again(tenants, schedule, shipment):
    reader = tenants.client_for(tenants.colleague)
    assert _book(reader, shipment, schedule.departure, key="k").status_code == 403
    assert not IdempotencyKey.objects.exists()


def test_a_full_departure_without_waitlist_answers_with_alternatives(
    tenants, owner, schedule, shipment
):
    _book(owner, shipment, schedule.departure)
    other = make_shipment(tenants, "CC-BK-2")
    body = _book(owner, other, schedule.departure, waitlist=False).json()
    assert body["status"] == "refused"
    assert [d["id"] for d in body["alternatives"]] == [schedule.later.pk]


def test_a_stranger_gets_404_and_a_read_only_member_cannot_book_or_cancel(
    tenants, owner, schedule, shipment
):
    booking = _book(owner, shipment, schedule.departure).json()
    stranger = tenants.client_for(tenants.stranger)
    assert stranger.get(f"{API}/{booking['id']}").status_code == 404
    assert stranger.get(f"{API}/{booking['id']}/events").status_code == 404
    assert stranger.post(f"{API}/{booking['id']}/cancel", content_type=JSON).status_code == 404
    assert _book(stranger, shipment, schedule.departure).status_code == 404
    assert stranger.get(f"{API}/departures", {"shipment_id": shipment.pk}).status_code == 404
    assert stranger.get(API).json() == []
    reader = tenants.client_for(tenants.colleague)
    assert reader.get(f"{API}/{booking['id']}").status_code == 200
    assert _book(reader, shipment, schedule.departure).status_code == 403
    assert reader.post(f"{API}/{booking['id']}/cancel", content_type=JSON).status_code == 403


def test_a_read_only_api_key_cannot_book(tenants, schedule, shipment):
    from django.test import Client

    client = Client(HTTP_X_API_KEY=tenants.api_key(access="read_only"))
    assert _book(client, shipment, schedule.departure).status_code == 403


def test_agent_endpoints_are_404_for_everyone_but_agents(tenants, owner, schedule, shipment):
    booking = _book(owner, shipment, schedule.departure).json()
    departure = schedule.departure.pk
    for client in (owner, tenants.client_for(tenants.stranger)):
        assert client.get(f"{API}/departures/{departure}/manifest.xlsx").status_code == 404
        assert client.get(f"{API}/departures/{departure}/manifest.xml").status_code == 404
        assert client.get(f"{API}/departures/{departure}/bookings").status_code == 404
        assert client.get(f"{API}/requests").status_code == 404
        assert client.post(f"{API}/{booking['id']}/confirm").status_code == 404
        assert (
            client.post(f"{API}/{booking['id']}/move", {"departure_id": 1}, content_type=JSON)
        ).status_code == 404
        assert (
            client.patch(f"{API}/departures/{departure}", {"status": "closed"}, content_type=JSON)
        ).status_code == 404


def test_an_agent_holds_moves_annotates_and_downloads_the_manifest(
    tenants, agent, owner, schedule, shipment
):
    held = agent.post(
        f"{API}/holds",
        {"organization_id": tenants.org.pk, "departure_id": schedule.later.pk, "teu": "2"},
        content_type=JSON,
    )
    assert held.status_code == 201 and held.json()["status"] == "held"
    booking = _book(owner, shipment, schedule.departure).json()
    moved = agent.post(
        f"{API}/{booking['id']}/move", {"departure_id": schedule.later.pk}, content_type=JSON
    )
    assert moved.status_code == 200 and moved.json()["departure"]["id"] == schedule.later.pk
    assert moved.json()["departure"]["held_teu"] == "0.00"  # drew on its own hold
    noted = agent.patch(
        f"{API}/{booking['id']}", {"consignment_note_number": "smgs 123"}, content_type=JSON
    )
    assert noted.json()["consignment_note_number"] == "SMGS 123"

    xlsx = agent.get(f"{API}/departures/{schedule.later.pk}/manifest.xlsx")
    assert xlsx.status_code == 200 and "attachment" in xlsx["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    for container in shipment.containers.all():
        assert container.number in cells
    assert "SMGS 123" in cells

    xml = agent.get(f"{API}/departures/{schedule.later.pk}/manifest.xml")
    assert xml.status_code == 200
    schema(XSD_PATH).assertValid(etree.fromstring(xml.content))
    assert shipment.containers.first().number in xml.content.decode()


def test_an_agent_lists_requests_and_changes_a_departure(tenants, agent, owner, schedule, shipment):
    _book(owner, shipment, schedule.departure)
    waiting = _book(owner, make_shipment(tenants, "CC-BK-2"), schedule.departure).json()
    assert [b["id"] for b in agent.get(f"{API}/requests").json()] == [waiting["id"]]
    too_small = agent.patch(
        f"{API}/departures/{schedule.departure.pk}", {"capacity_teu": "2"}, content_type=JSON
    )
    assert too_small.status_code == 409
    bigger = agent.patch(
        f"{API}/departures/{schedule.departure.pk}", {"capacity_teu": "8"}, content_type=JSON
    )
    assert bigger.json()["confirmed_teu"] == "8.00"  # the waitlist was promoted
    assert owner.get(f"{API}/{waiting['id']}").json()["status"] == "confirmed"


def test_services_are_listed_and_an_agent_generates_departures(agent, owner, schedule):
    assert [s["code"] for s in owner.get(f"{API}/services").json()] == ["XIA-DUI"]
    created = agent.post(
        f"{API}/services/{schedule.service.pk}/generate", {"weeks": 2}, content_type=JSON
    )
    assert created.status_code == 201 and len(created.json()) >= 3
    again = agent.post(
        f"{API}/services/{schedule.service.pk}/generate", {"weeks": 2}, content_type=JSON
    )
    assert again.json() == []


def test_the_shipper_who_books_is_told_in_the_language_of_their_account(
    tenants, schedule, django_capture_on_commit_callbacks, mailoutbox
):
    from django.utils import translation

    from cloudcabin.bookings.models import BookingEventKind
    from cloudcabin.bookings.notifications import SUBJECTS

    tenants.owner.language = "zh-hans"
    tenants.owner.save(update_fields=["language"])
    shipment = make_shipment(tenants, containers=1)
    body = {"shipment_id": shipment.pk, "departure_id": schedule.departure.pk}
    with django_capture_on_commit_callbacks(execute=True):
        booked = tenants.client_for(tenants.owner).post(API, body, content_type=JSON)

    assert booked.status_code == 201
    [mail] = mailoutbox
    with translation.override("zh-hans"):
        chinese = translation.gettext(SUBJECTS[BookingEventKind.CONFIRMED])
    assert chinese != SUBJECTS[BookingEventKind.CONFIRMED]
    assert mail.to == [tenants.owner.email]
    reference, service = booked.json()["reference"], schedule.departure.service.code
    head = chinese.format(reference=reference, service=service, departs="")
    assert mail.subject.startswith(head)
