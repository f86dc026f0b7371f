"""An agent acts for the customers assigned to them, and only those, on every departure
listing and every manifest format; a dispatcher of the operator sees the whole train.

Alice's company (assigned to Olga, the agent) and Charlie's (not assigned) both book the
same departure: one confirmed and one waitlisted booking each.
"""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from cloudcabin.accounts.models import Membership, Role, User
from cloudcabin.bookings import services
from cloudcabin.bookings.models import Booking
from cloudcabin.bookings.tests.conftest import container_number, make_shipment
from cloudcabin.shipments import services as shipment_services
from cloudcabin.shipments.models import Shipment

pytestmark = pytest.mark.django_db
API = "/api/v1/bookings"
PAGES = "/bookings/agent"
# Everything of Charlie's that must never reach an agent who does not serve him.
CHARLIE_SECRETS = ("RUHR-SECRET-1", "Ruhr Hidden Consignor", "Hidden Consignee Sp", "SEAL777")


def charlie_shipment(tenants, reference: str, serial: int) -> Shipment:
    actor = tenants.actor(tenants.stranger)
    consignor = shipment_services.save_party(
        actor=actor, name_latin="Ruhr Hidden Consignor", country="CN", uscc="91610131MA6U0EXA04"
    )
    consignee = shipment_services.save_party(
        actor=actor, name_latin="Hidden Consignee Sp", country="DE", eori="DE4567890123456"
    )
    shipment = shipment_services.create_shipment(
        actor=actor,
        reference=reference,
        origin_locode="CNXIA",
        destination_locode="DEDUI",
        parties={"consignor": consignor.pk, "consignee": consignee.pk},
    )
    shipment_services.save_container(
        actor=actor,
        shipment_id=shipment.pk,
        number=container_number(serial, owner="RUHU"),
        size_type="45G1",
        seals=["SEAL777"],
    )
    return shipment


@pytest.fixture
def train(tenants, schedule):
    """On a 6 TEU departure: Alice 4 TEU confirmed, Charlie 2 TEU confirmed, then one
    waitlisted box each."""
    departure = schedule.departure.pk

    def book(user: User, shipment: Shipment) -> Booking:
        actor = tenants.actor(user)
        return services.book_slots(
            actor=actor, shipment_id=shipment.pk, departure_id=departure
        ).booking

    bookings = {
        "alice": book(tenants.owner, make_shipment(tenants, "CC-ALICE-1")),
        "charlie": book(tenants.stranger, charlie_shipment(tenants, "RUHR-SECRET-1", 1)),
        "alice_waiting": book(tenants.owner, make_shipment(tenants, "CC-ALICE-2", containers=1)),
        "charlie_waiting": book(tenants.stranger, charlie_shipment(tenants, "RUHR-SECRET-2", 2)),
    }
    assert [b.status for b in bookings.values()] == [
        "confirmed",
        "confirmed",
        "waitlisted",
        "waitlisted",
    ]
    return bookings


def make_dispatcher(tenants) -> User:
    dispatcher = User.objects.create_user("dora@operator.example", "a long password 42")
    Membership.objects.create(
        user=dispatcher, organization=tenants.operator_org, role=Role.DISPATCHER
    )
    return dispatcher


def xlsx_text(content: bytes) -> str:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)


def every_departure_view(client, departure_id: int) -> dict[str, str]:
    """The text of every listing and manifest of one departure, by where it came from."""
    found = {
        "api bookings": client.get(f"{API}/departures/{departure_id}/bookings"),
        "api requests": client.get(f"{API}/requests"),
        "api manifest.xml": client.get(f"{API}/departures/{departure_id}/manifest.xml"),
        "page manifest.xml": client.get(f"{PAGES}/departures/{departure_id}/manifest.xml"),
        "page departure": client.get(f"{PAGES}/departures/{departure_id}/"),
        "page manifest": client.get(f"{PAGES}/departures/{departure_id}/manifest/"),
        "page board": client.get(f"{PAGES}/"),
    }
    texts = {where: response.content.decode() for where, response in found.items()}
    for where, response in found.items():
        assert response.status_code == 200, where
    for where, url in (
        ("api manifest.xlsx", f"{API}/departures/{departure_id}/manifest.xlsx"),
        ("page manifest.xlsx", f"{PAGES}/departures/{departure_id}/manifest.xlsx"),
    ):
        response = client.get(url)
        assert response.status_code == 200, where
        texts[where] = xlsx_text(response.content)
    return texts


def test_an_agent_sees_only_their_customers_rows_in_every_listing_and_manifest_format(
    tenants, schedule, train
):
    agent = tenants.client_for(tenants.agent)
    texts = every_departure_view(agent, schedule.departure.pk)
    alice_containers = [c.number for c in train["alice"].shipment.containers.all()]
    for where, text in texts.items():
        for secret in CHARLIE_SECRETS:
            assert secret not in text, f"{secret} leaked in {where}"
        assert "RUHU" not in text, f"Charlie's container leaked in {where}"
    for where in ("api manifest.xml", "page manifest", "api manifest.xlsx", "page manifest.xlsx"):
        assert all(number in texts[where] for number in alice_containers), where
    bookings = agent.get(f"{API}/departures/{schedule.departure.pk}/bookings").json()
    assert {b["id"] for b in bookings} == {train["alice"].pk, train["alice_waiting"].pk}
    requests = agent.get(f"{API}/requests").json()
    assert [b["id"] for b in requests] == [train["alice_waiting"].pk]
    assert 'data-testid="scope-note"' in texts["page manifest"]


def test_an_agent_still_gets_404_on_a_booking_of_a_customer_they_do_not_serve(
    tenants, schedule, train
):
    agent = tenants.client_for(tenants.agent)
    charlie = train["charlie"].pk
    assert agent.get(f"{API}/{charlie}").status_code == 404
    assert agent.post(f"{API}/{charlie}/confirm").status_code == 404
    note = agent.post(f"{PAGES}/bookings/{charlie}/note/", {"consignment_note_number": "X"})
    assert note.status_code == 404
    assert Booking.objects.get(pk=charlie).consignment_note_number == ""


def test_a_dispatcher_sees_every_customers_rows_on_the_whole_train(tenants, schedule, train):
    dispatcher = tenants.client_for(make_dispatcher(tenants))
    texts = every_departure_view(dispatcher, schedule.departure.pk)
    charlie_container = train["charlie"].shipment.containers.get().number
    for where in ("api manifest.xml", "page manifest", "api manifest.xlsx", "page manifest.xlsx"):
        assert charlie_container in texts[where], where
        assert "Ruhr Hidden Consignor" in texts[where], where
        assert train["alice"].shipment.containers.first().number in texts[where], where
    bookings = dispatcher.get(f"{API}/departures/{schedule.departure.pk}/bookings").json()
    assert {b["id"] for b in bookings} == {b.pk for b in train.values()}
    requests = dispatcher.get(f"{API}/requests").json()
    assert {b["id"] for b in requests} == {train["alice_waiting"].pk, train["charlie_waiting"].pk}
    assert 'data-testid="scope-note"' not in texts["page manifest"]


def test_a_dispatcher_acts_on_any_customers_booking(tenants, schedule, train):
    dispatcher = tenants.client_for(make_dispatcher(tenants))
    noted = dispatcher.patch(
        f"{API}/{train['charlie'].pk}",
        {"consignment_note_number": "smgs 9"},
        content_type="application/json",
    )
    assert noted.status_code == 200 and noted.json()["consignment_note_number"] == "SMGS 9"


def test_the_dispatcher_role_exists_only_inside_the_operator(tenants, schedule):
    owner = tenants.client_for(tenants.owner)
    response = owner.post(
        "/organization/members/", {"email": "d@silkroad.example", "role": "dispatcher"}
    )
    assert response.status_code == 200 and 'data-field="role"' in response.content.decode()
    dispatcher = make_dispatcher(tenants)
    Membership.objects.filter(user=dispatcher).update(organization=tenants.org)
    client = tenants.client_for(dispatcher)
    assert client.get(f"{API}/departures/{schedule.departure.pk}/bookings").status_code == 404
    assert client.get(f"{PAGES}/departures/{schedule.departure.pk}/manifest/").status_code == 404
