"""Time all rule checks on a 500-line, 10-container shipment (target: under 200 ms).

    .venv/bin/python bench/shipment_checks.py [--database PATH] [--runs N]

Builds the shipment in the benchmark database inside a transaction that is rolled back.
Every line has its own description. The first check builds the in-memory tariff index;
"descriptions new" times the checks with the index's cached description scores dropped,
as on the first save of 500 descriptions the process has not seen.
"""

from __future__ import annotations

import argparse
import time
from decimal import Decimal
from pathlib import Path

from common import report, setup_django

LINES = 500
CONTAINERS = 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=20)
    options = parser.parse_args()
    setup_django(options.database)

    from django.db import transaction
    from stdnum import iso6346

    from cloudcabin.accounts.models import Organization
    from cloudcabin.shipments.models import Allocation, Container, GoodsLine, Party, Shipment
    from cloudcabin.shipments.selectors import (
        check_shipment,
        check_view,
        shipment_view,
        tariff_index,
    )

    with transaction.atomic():
        org = Organization.objects.create(name_en="Bench Co.", country="CN")
        consignor = Party.objects.create(
            organization=org, name_latin="Bench", country="CN", uscc="91610131MA6U0EXA04"
        )
        consignee = Party.objects.create(
            organization=org, name_latin="Buyer", country="DE", eori="DE4567890123456"
        )
        shipment = Shipment.objects.create(
            organization=org,
            reference="BENCH",
            incoterm="FCA",
            incoterm_place_locode="CNXIA",
            origin_locode="CNXIA",
            destination_locode="DEDUI",
            border_crossings=["KZDOS", "BYBQT", "PLMAA"],
            consignor=consignor,
            consignee=consignee,
        )
        lines = GoodsLine.objects.bulk_create(
            GoodsLine(
                shipment=shipment,
                line_no=number,
                description_en=f"Auto part {number}",
                hs_code="870899" if number % 2 else "854143",
                declared_elements="1|0|part",
                quantity=Decimal(10),
                unit="H87",
                net_kg=Decimal("30"),
                gross_kg=Decimal("32.5"),
                packages=2,
                unit_price=Decimal("12.34"),
                amount=Decimal("123.40"),
                origin_country="CN",
            )
            for number in range(1, LINES + 1)
        )
        containers = Container.objects.bulk_create(
            Container(
                shipment=shipment,
                number=(body := f"CSQU{300000 + n:06d}") + iso6346.calc_check_digit(body),
                size_type="45G1",
            )
            for n in range(CONTAINERS)
        )
        Allocation.objects.bulk_create(
            Allocation(container=containers[i % CONTAINERS], line=line, packages=2)
            for i, line in enumerate(lines)
        )
        started = time.perf_counter()
        findings = check_shipment(shipment)
        first = (time.perf_counter() - started) * 1000
        print(f"{LINES} lines, {CONTAINERS} containers: {len(findings)} findings")

        with_loading, rules_only, descriptions_new = [], [], []
        for _ in range(options.runs):
            started = time.perf_counter()
            check_shipment(shipment)
            with_loading.append((time.perf_counter() - started) * 1000)
        view = shipment_view(shipment)
        for _ in range(options.runs):
            started = time.perf_counter()
            check_view(view)
            rules_only.append((time.perf_counter() - started) * 1000)
        for _ in range(options.runs):
            tariff_index().forget()
            started = time.perf_counter()
            check_view(view)
            descriptions_new.append((time.perf_counter() - started) * 1000)
        report("first check (builds index)", [first])
        report("load + all checks", with_loading)
        report("all checks, rows in memory", rules_only)
        report("... descriptions new", descriptions_new)
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
