"""The agents' busiest pages run a fixed number of queries, however many bookings a train has.

The manifest once ran a shipment view and a rule check per booking (about fourteen
queries each); these pins catch a loop that starts querying again.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cloudcabin.bookings.tests.conftest import make_shipment

pytestmark = pytest.mark.django_db
API = "/api/v1/bookings"
JSON = "application/json"


def _book(tenants, schedule, count: int, first: int = 0) -> None:
    owner = tenants.client_for(tenants.owner)
    for number in range(first, first + count):
        shipment = make_shipment(tenants, reference=f"CC-Q-{number}", containers=1)
        body = {"shipment_id": shipment.pk, "departure_id": schedule.departure.pk}
        assert owner.post(API, body, content_type=JSON).status_code == 201


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("page", "agent"),
    [("manifest", True), ("manifest_xml", True), ("board", True), ("list", False)],
)
def test_a_page_runs_as_many_queries_for_four_bookings_as_for_one(
    tenants, schedule, page, agent
) -> None:
    client = tenants.client_for(tenants.agent if agent else tenants.owner)
    url = {
        "manifest": reverse("bookings:manifest", args=[schedule.departure.pk]),
        "manifest_xml": f"{API}/departures/{schedule.departure.pk}/manifest.xml",
        "board": reverse("bookings:board"),
        "list": reverse("bookings:list"),
    }[page]
    _book(tenants, schedule, 1)
    client.get(url)  # the first request warms the per-process caches (tariff, sessions)
    one = _queries(client, url)
    _book(tenants, schedule, 3, first=1)
    assert _queries(client, url) == one


# The manifest's 14: three of them ask the compliance holds for the whole train at once
# (the parties, their hits, the list versions; the goods hold checks the lines the
# manifest has read, not reading them again); one tells whether the per-process copies
# of the code tables (the units, countries, currencies and EU members the checks read),
# the tariff's loads and the goods rules are still current. (19 before the checks read
# the code tables from those copies; each page one more before the organization switcher
# listed the memberships read with the acting one.)
PINNED = {"manifest": 14, "board": 8, "list": 5}


@pytest.mark.parametrize("page", sorted(PINNED))
def test_the_pinned_query_count_of_a_page_holds(tenants, schedule, page) -> None:
    agent = page != "list"
    client = tenants.client_for(tenants.agent if agent else tenants.owner)
    url = {
        "manifest": reverse("bookings:manifest", args=[schedule.departure.pk]),
        "board": reverse("bookings:board"),
        "list": reverse("bookings:list"),
    }[page]
    _book(tenants, schedule, 2)
    client.get(url)
    assert _queries(client, url) == PINNED[page]


def _posted(client, url: str, body: dict[str, object]) -> tuple[dict[str, object], int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, body, content_type=JSON)
    assert response.status_code in (200, 201), response.content
    return response.json(), len(captured)


# The load test's booking request and cancel (issue 14), with what runs after the commit
# (the confirmation mail). Three of each find the session, the user and the membership.
# The request's route check reads the two places' aliases in one query (not the six of
# the planner network's freshness check), the goods check of a shipment without goods
# lines reads no rules, and the mail to the shipper who booked takes their language from
# the signed-in user instead of reading it again; the cancel finds and locks the
# booking's departure in one statement and answers with it instead of reading it and its
# service again. Were 22 and 12 (26 and 14 before that, counted without the mail).
PINNED_WRITES = {"request": 21, "cancel": 11}


def test_a_booking_request_and_its_cancel_run_their_pinned_query_counts(
    tenants, schedule, django_capture_on_commit_callbacks, mailoutbox
):
    owner = tenants.client_for(tenants.owner)
    shipment = make_shipment(tenants, containers=1)
    body = {"shipment_id": shipment.pk, "departure_id": schedule.departure.pk}
    warm, _count = _posted(owner, API, body)  # the per-process caches fill on the first
    _posted(owner, f"{API}/{warm['id']}/cancel", {})
    mailoutbox.clear()

    def posted_and_committed(url: str, payload: dict[str, object]) -> tuple[dict, int]:
        # The callbacks run as the inner block ends: their queries are counted.
        with (
            CaptureQueriesContext(connection) as captured,
            django_capture_on_commit_callbacks(execute=True),
        ):
            response = owner.post(url, payload, content_type=JSON)
        assert response.status_code in (200, 201), response.content
        return response.json(), len(captured)

    booked, request_queries = posted_and_committed(API, body)
    cancelled, cancel_queries = posted_and_committed(f"{API}/{booked['id']}/cancel", {})

    assert booked["status"] == "confirmed" and cancelled["status"] == "cancelled"
    # The cancel answers with the departure's counters as it left them.
    assert booked["departure"]["confirmed_teu"] == "2.00"
    assert cancelled["departure"]["confirmed_teu"] == "0.00"
    # The shipper who booked is told, in their language.
    [mail] = mailoutbox
    assert mail.to == [tenants.owner.email] and mail.subject.startswith("Booking ")
    assert {"request": request_queries, "cancel": cancel_queries} == PINNED_WRITES
