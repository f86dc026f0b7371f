"""The departure manifest flags a booking held by compliance: a party listed after the
booking was confirmed shows on the train's manifest (page, xlsx, XML) before the documents
are refused at issue."""

from __future__ import annotations

import io

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cloudcabin.bookings.manifest import build_manifest
from cloudcabin.bookings.models import BookingStatus
from cloudcabin.bookings.tests.conftest import Schedule, make_shipment
from cloudcabin.compliance.tests.screening_lists import load
from cloudcabin.compliance.tests.test_screening_holds import CONSIGNEE_LISTED, book
from cloudcabin.shipments import services as shipment_services
from cloudcabin.shipments.holds import holds_on, holds_on_many
from conftest import Tenants

HELD = "SCREENING_PARTY_HELD"


def test_a_booking_confirmed_before_its_party_was_listed_is_flagged_held_on_the_manifest(
    tenants: Tenants, schedule: Schedule
) -> None:
    owner = tenants.actor(tenants.owner)
    listed = book(tenants, make_shipment(tenants, "CC-MH-1", containers=1), schedule)
    clean_shipment = make_shipment(tenants, "CC-MH-2", containers=1)
    other = shipment_services.save_party(
        actor=owner, name_latin="Rotterdam Trading BV", country="NL"
    )
    shipment_services.update_shipment(
        actor=owner, shipment_id=clean_shipment.pk, parties={"consignee": other.pk}
    )
    clean = book(tenants, clean_shipment, schedule)
    assert (listed.status, clean.status) == (BookingStatus.CONFIRMED, BookingStatus.CONFIRMED)

    load([CONSIGNEE_LISTED])  # the sanctions hit appears after the booking was confirmed

    manifest = build_manifest(schedule.departure, actor=tenants.actor(tenants.agent))
    issues = {row.booking: row.issues for row in manifest.rows}
    assert HELD in issues[listed.reference]
    assert HELD not in issues[clean.reference]
    agent = tenants.client_for(tenants.agent)
    page = agent.get(reverse("bookings:manifest", args=[schedule.departure.pk])).content.decode()
    assert HELD in page
    xml = agent.get(f"/api/v1/bookings/departures/{schedule.departure.pk}/manifest.xml")
    assert xml.status_code == 200
    assert xml.content.count(f"<Issue>{HELD}</Issue>".encode()) == 1
    xlsx = agent.get(f"/api/v1/bookings/departures/{schedule.departure.pk}/manifest.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    flagged = {row[2]: row[-1] or "" for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert HELD in str(flagged[listed.reference])
    assert HELD not in str(flagged[clean.reference])


def test_the_holds_of_many_shipments_cost_the_queries_of_one_and_match_each_alone(
    tenants: Tenants,
) -> None:
    first = make_shipment(tenants, "CC-MH-1", containers=1)
    load([CONSIGNEE_LISTED])
    with CaptureQueriesContext(connection) as one:
        holds_on_many([first])
    shipments = [first, *(make_shipment(tenants, f"CC-MH-{n}", containers=1) for n in (2, 3))]
    with CaptureQueriesContext(connection) as three:
        together = holds_on_many(shipments)
    assert len(three) == len(one)
    assert together == [holds_on(shipment) for shipment in shipments]
    assert [[p.code for p in found if p.code == HELD] for found in together] == [[HELD]] * 3
