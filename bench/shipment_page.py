"""Weigh the shipment page of a 200-line shipment: HTML bytes, elements, inputs, time.

    .venv/bin/python bench/shipment_page.py [--database PATH] [--lines N] [--runs N]
                                            [--profile N]

Builds the shipment (lines like an imported invoice, two containers) in the benchmark
database inside a transaction that is rolled back, signs a writing member in, and GETs the
page as the browser would. Elements and inputs are counted by parsing the HTML as sent.
Each GET is timed twice: wall clock, and this process's processor time (what the page costs
the server, whatever else the machine runs). ``--profile N`` prints the functions that take
the most time over N more GETs.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

from common import report, setup_django


class Counter(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements = 0
        self.inputs = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements += 1
        self.inputs += tag in {"input", "select", "textarea"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, default=None)
    parser.add_argument("--lines", type=int, default=200)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--save", type=Path, default=None, help="write the page's HTML here")
    parser.add_argument("--profile", type=int, default=0, help="profile this many more GETs")
    options = parser.parse_args()
    setup_django(options.database)

    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from cloudcabin.accounts.models import Membership, Organization, Role, User
    from cloudcabin.shipments.models import Container, GoodsLine, Party, Shipment

    with transaction.atomic():
        org = Organization.objects.create(name_en="Bench Co.", country="CN")
        user = User.objects.create_user("bench-page@example.com", "correct horse battery 43")
        Membership.objects.create(user=user, organization=org, role=Role.MEMBER)
        consignor = Party.objects.create(
            organization=org, name_latin="Bench", country="CN", uscc="91610131MA6U0EXA04"
        )
        consignee = Party.objects.create(
            organization=org, name_latin="Buyer", country="DE", eori="DE4567890123456"
        )
        shipment = Shipment.objects.create(
            organization=org,
            reference="BENCH-PAGE",
            incoterm="FCA",
            incoterm_place_locode="CNXIA",
            origin_locode="CNXIA",
            destination_locode="DEDUI",
            border_crossings=["KZDOS", "BYBQT", "PLMAA"],
            consignor=consignor,
            consignee=consignee,
        )
        GoodsLine.objects.bulk_create(
            GoodsLine(
                shipment=shipment,
                line_no=number,
                description_en=f"Photovoltaic modules 550 W, batch {number}",
                description_zh=f"光伏组件 第{number}批",
                hs_code="854143",
                national_code="8541430000",
                declared_elements="1|0|光伏组件|550W|CQ-Solar",
                quantity=Decimal(600),
                unit="H87",
                net_kg=Decimal("16800"),
                gross_kg=Decimal("18000"),
                packages=20,
                package_type="22",
                unit_price=Decimal("95.50"),
                amount=Decimal("57300.00"),
                origin_country="CN",
            )
            for number in range(1, options.lines + 1)
        )
        Container.objects.bulk_create(
            [
                Container(shipment=shipment, number="CSQU3054383", size_type="45G1"),
                Container(shipment=shipment, number="TGHU1234560", size_type="45G1"),
            ]
        )
        client = Client()
        client.force_login(user)
        url = reverse("shipments:detail", args=[shipment.pk])
        client.get(url)  # the process's first page: loads the reference tables once
        with CaptureQueriesContext(connection) as queries:
            body = client.get(url).content
        if options.save:
            options.save.write_bytes(body)
        counted = Counter()
        counted.feed(body.decode())
        text = body.decode()
        panel = text[text.index('<section id="check-panel"') : text.index('<section id="totals"')]
        findings = panel.count('<li class="finding')
        table = text[text.index('<tbody id="line-rows">') : text.index("</tbody>")]
        print(
            f"{options.lines} lines: {len(body):,} bytes of HTML, "
            f"{counted.elements:,} elements, {counted.inputs:,} inputs; "
            f"of the bytes, lines table {len(table.encode()):,}, "
            f"check panel {len(panel.encode()):,} ({findings:,} findings); "
            f"{len(queries):,} queries"
        )
        times, processor = [], []
        for _ in range(options.runs):
            started, used = time.perf_counter(), time.process_time()
            client.get(url)
            processor.append((time.process_time() - used) * 1000)
            times.append((time.perf_counter() - started) * 1000)
        report("GET the shipment page", times)
        report("  of which processor time", processor)
        if options.profile:
            profile = cProfile.Profile()
            for _ in range(options.profile):
                profile.runcall(client.get, url)
            pstats.Stats(profile).sort_stats("cumulative").print_stats(45)
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
