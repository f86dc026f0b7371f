"""What the shipment list and the shipment page cost: a fixed number of queries however many
shipments or lines, what two parts of the page share read once, and the page's weight."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cloudcabin.shipments import services
from cloudcabin.shipments.models import GoodsLine, Shipment
from cloudcabin.shipments.tests.test_views import LINE
from conftest import Tenants

pytestmark = pytest.mark.django_db


def test_the_list_takes_a_fixed_number_of_queries_however_many_shipments(
    tenants: Tenants, owner: Client, django_assert_max_num_queries: Any
) -> None:
    actor = tenants.actor(tenants.owner)
    consignee = services.save_party(actor=actor, name_latin="Consignee", country="DE")

    def add(count: int) -> None:
        for _ in range(count):
            created = services.create_shipment(actor=actor, parties={"consignee": consignee.pk})
            services.save_line(actor=actor, shipment_id=created.pk, **LINE)

    add(1)
    with CaptureQueriesContext(connection) as one:
        assert owner.get(reverse("shipments:list")).status_code == 200
    add(29)
    with django_assert_max_num_queries(8):
        page = owner.get(reverse("shipments:list"))
    assert page.content.decode().count("Consignee</td>") == 30
    with CaptureQueriesContext(connection) as thirty:
        owner.get(reverse("shipments:list"))
    assert len(thirty) == len(one)


def test_the_shipment_page_takes_a_fixed_number_of_queries_with_200_lines(
    tenants: Tenants, owner: Client, shipment: Shipment, django_assert_max_num_queries: Any
) -> None:
    url = reverse("shipments:detail", args=[shipment.pk])
    owner.get(url)  # the customs code names are cached per process after the first page
    with CaptureQueriesContext(connection) as one_line:
        assert owner.get(url).status_code == 200
    GoodsLine.objects.bulk_create(
        GoodsLine(shipment=shipment, line_no=n, **LINE) for n in range(2, 201)
    )
    # The page and its check panel: the shipment rules and the documents' findings,
    # with the reference lookups the declaration needs (each one query for all lines).
    # 34: the snapshot reads the operator (the EU entry summary's carrier) once; 35: the
    # code pickers ask once whether the code tables changed (reference.codes); 38: the
    # tracking section looks for a booking on a train and events, and lists the links;
    # 39: the goods rules in force (compliance's hold source, one query for all lines);
    # 45: the screening hold source and its panel each read the parties' screening, hits
    # and the current list versions; 42: the documents' snapshot reuses the lines,
    # containers and stowage the page read (3 fewer); 28: the code tables, goods rules and
    # tariff come from per-process copies, the parties' screening is read once, and the
    # memberships, places and bookings on a train once each (the test below); 27: the
    # customs codes that stand for the shipment's places come from the per-process copy.
    with django_assert_max_num_queries(27):
        page = owner.get(url)
    body = page.content.decode()
    assert body.count('class="line-row line-view') == 200
    assert 'id="f-lines-199"' in body
    with CaptureQueriesContext(connection) as many_lines:
        owner.get(url)
    assert len(many_lines) == len(one_line)
    # One line's editor costs what the page does, whatever the number of lines.
    last = GoodsLine.objects.get(shipment=shipment, line_no=200)
    with CaptureQueriesContext(connection) as editor:
        response = owner.get(reverse("shipments:line_row", args=[shipment.pk, last.pk]) + "?edit=1")
    assert 'id="f-lines-199-hs_code"' in response.content.decode()
    assert len(editor) < len(many_lines)


def test_the_shipment_page_reads_what_its_parts_share_once(
    owner: Client, shipment: Shipment
) -> None:
    """The member's memberships (acting one, switcher), the places (rules, documents) and
    the bookings on a train (documents' departure, tracking's current booking)."""
    url = reverse("shipments:detail", args=[shipment.pk])
    owner.get(url)
    with CaptureQueriesContext(connection) as page:
        assert owner.get(url).status_code == 200
    for table in ("accounts_membership", "reference_location", "bookings_booking"):
        reads = [q["sql"] for q in page.captured_queries if f'FROM "{table}"' in q["sql"]]
        assert len(reads) == 1, (table, reads)


def test_the_200_line_shipment_page_weighs_under_300_kb_with_lines_shown_compactly(
    owner: Client, shipment: Shipment
) -> None:
    GoodsLine.objects.bulk_create(
        GoodsLine(shipment=shipment, line_no=n, **LINE) for n in range(2, 201)
    )
    body = owner.get(reverse("shipments:detail", args=[shipment.pk])).content
    text = body.decode()
    # Every line is there, read-only; no line's editor is (each opens on demand).
    assert text.count('class="line-row line-view') == 200
    assert 'name="net_kg"' not in text
    lines_table = text[text.index('<tbody id="line-rows">') : text.index("</tbody>")]
    assert len(lines_table.encode()) < 150_000  # was ~790 KB with every line's editor
    # The check panel groups the findings by rule (5 rules for these 200 lines), so the
    # whole page stays small: it was 832 KB with every line's editor and every finding.
    assert len(body) < 300_000
