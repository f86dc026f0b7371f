"""A shipment's goods on its planned route: the hold, the documents' checks, issue and
the shipment page's goods section."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cloudcabin.compliance.goods.loading import load_goods_rules
from cloudcabin.compliance.goods.selectors import check_shipments, route_of_shipment
from cloudcabin.compliance.models import GoodsRule
from cloudcabin.documents.models import DocumentPack
from cloudcabin.documents.tests.conftest import make_demo_shipment
from cloudcabin.errors import Severity
from cloudcabin.network.loading import load_network_data
from cloudcabin.reference.tests.conftest import reference_data, reference_subset_dir  # noqa: F401
from cloudcabin.shipments import services
from cloudcabin.shipments.holds import holds_on, holds_on_many
from cloudcabin.shipments.models import GoodsLine, Shipment
from conftest import Tenants

PROCESSORS: dict[str, Any] = {
    "description_en": "Microcontrollers",
    "hs_code": "854231",
    "quantity": Decimal("1000"),
    "unit": "H87",
    "net_kg": Decimal("50"),
    "gross_kg": Decimal("60"),
    "packages": 2,
    "package_type": "CT",
    "unit_price": Decimal("4.00"),
    "amount": Decimal("4000.00"),
    "origin_country": "DE",
}


@pytest.fixture
def rules(db: None) -> None:
    load_goods_rules()


@pytest.fixture
def eastbound(tenants: Tenants, reference_data: object, rules: None) -> Shipment:  # noqa: F811
    """Duisburg → Xi'an, planned on the seed network: DE → PL → BY → RU → KZ → CN."""
    actor = tenants.actor(tenants.owner)
    shipment = services.create_shipment(
        actor=actor,
        reference="CC-EAST-1",
        origin_locode="DEDUI",
        destination_locode="CNXIA",
        route_kind="rail",
        ready_date=date(2026, 12, 1),
    )
    load_network_data()
    services.plan_shipment_route(actor=actor, shipment_id=shipment.pk)
    services.save_line(actor=actor, shipment_id=shipment.pk, **PROCESSORS)
    return Shipment.objects.get(pk=shipment.pk)


@pytest.fixture
def westbound(tenants: Tenants, reference_data: object, rules: None, media: Path) -> Shipment:  # noqa: F811
    """The complete demo shipment, Xi'an → Łódź via KZ, RU, BY, its first line processors."""
    shipment = make_demo_shipment(tenants)
    GoodsLine.objects.filter(shipment=shipment, hs_code="854143").update(
        hs_code="854231", national_code="8542319000"
    )
    return shipment


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def test_the_route_comes_from_the_planned_legs_not_the_typed_crossings(
    eastbound: Shipment,
) -> None:
    eastbound.border_crossings = ["PLMAL"]  # a partial list typed by hand: ignored
    route = route_of_shipment(eastbound)
    assert (route.export_country, route.transit, route.destination, route.planned) == (
        "DE",
        ("PL", "BY", "RU", "KZ"),
        "CN",
        True,
    )


def test_eastbound_processors_hold_the_shipment_and_the_issue_is_refused(
    tenants: Tenants, eastbound: Shipment, media: Path
) -> None:
    held = [p for p in holds_on(eastbound) if p.severity == Severity.ERROR]
    assert [p.code for p in held] == ["GOODS_BLOCKED"]
    assert "833/2014" in held[0].message and held[0].path == "lines[0].hs_code"
    client = tenants.client_for(tenants.owner)
    checks = client.get(f"/api/v1/documents/shipments/{eastbound.pk}/checks").json()
    assert "GOODS_BLOCKED" in [h["code"] for h in checks["holds"]]
    response = client.post(reverse("documents:issue", args=[eastbound.pk]))
    assert response.status_code == 409
    assert 'data-code="GOODS_BLOCKED"' in response.content.decode()
    assert not DocumentPack.objects.exists()


def test_westbound_chinese_processors_are_noted_and_the_pack_is_issued(
    tenants: Tenants, westbound: Shipment, media: Path
) -> None:
    found = holds_on(westbound)
    # The transit note is about every line routed through Russia into the EU.
    assert {(p.code, p.severity) for p in found} == {("GOODS_WARN", Severity.WARNING)}
    assert [p.path for p in found] == ["lines[0].hs_code", "lines[1].hs_code"]
    client = tenants.client_for(tenants.owner)
    response = client.post(reverse("documents:issue", args=[westbound.pk]))
    assert response.status_code == 302
    assert DocumentPack.objects.filter(shipment=westbound).count() == 1


def test_the_shipment_page_loads_the_goods_section_with_the_legal_reference(
    tenants: Tenants, eastbound: Shipment
) -> None:
    client = tenants.client_for(tenants.owner)
    url = reverse("compliance:goods", args=[eastbound.pk])
    page = client.get(reverse("shipments:detail", args=[eastbound.pk])).content.decode()
    assert f'hx-get="{url}"' in page
    section = client.get(url).content.decode()
    assert 'data-testid="goods-on-route"' in section
    assert (
        'data-code="GOODS_BLOCKED"' in section
        and 'data-rule="eu-833-transit-ru-chp-854231"' in section
    )
    assert "DE → PL → BY → RU → KZ → CN" in section
    assert "Reg. (EU) 833/2014" in section and 'href="https://smb.gov.mt/' in section
    assert 'data-code="GOODS_CLAUSE"' in section


def test_without_a_planned_route_the_section_says_the_transit_is_unchecked(
    tenants: Tenants, eastbound: Shipment
) -> None:
    Shipment.objects.filter(pk=eastbound.pk).update(route_option={})
    section = tenants.client_for(tenants.owner).get(
        reverse("compliance:goods", args=[eastbound.pk])
    )
    html = section.content.decode()
    assert 'data-code="GOODS_ROUTE_UNPLANNED"' in html
    assert 'data-code="GOODS_BLOCKED"' not in html  # never guessed from the crossings


def test_another_company_gets_404_for_the_goods_section(
    tenants: Tenants, eastbound: Shipment
) -> None:
    url = reverse("compliance:goods", args=[eastbound.pk])
    assert tenants.client_for(tenants.stranger).get(url).status_code == 404


def test_without_rules_in_force_the_section_says_nothing_was_checked(
    tenants: Tenants, eastbound: Shipment
) -> None:
    GoodsRule.objects.all().delete()
    html = (
        tenants.client_for(tenants.owner)
        .get(reverse("compliance:goods", args=[eastbound.pk]))
        .content.decode()
    )
    assert 'data-testid="goods-no-rules"' in html
    assert holds_on(Shipment.objects.get(pk=eastbound.pk)) == []


def test_the_documents_page_groups_the_goods_notes_under_a_readable_title(
    tenants: Tenants, westbound: Shipment
) -> None:
    page = tenants.client_for(tenants.owner).get(reverse("documents:shipment", args=[westbound.pk]))
    html = page.content.decode()
    assert 'data-code="GOODS_WARN" data-count="2"' in html
    assert "Goods to check before shipping" in html


def test_a_shipment_without_goods_lines_is_checked_without_reading_the_rules(
    tenants: Tenants, eastbound: Shipment
) -> None:
    GoodsLine.objects.filter(shipment=eastbound).delete()
    shipment = Shipment.objects.get(pk=eastbound.pk)

    with CaptureQueriesContext(connection) as captured:
        (check,) = check_shipments([shipment])

    # The one query reads the lines (if any rule is in force); the rules are never read.
    assert len(captured) == 1 and captured[0]["sql"].split(" FROM ")[1].startswith(
        '"shipments_goodsline"'
    )
    assert check.problems() == [] and holds_on(shipment) == []


def test_a_shipment_with_goods_lines_reads_its_lines_once_and_the_rules_as_they_change(
    tenants: Tenants, eastbound: Shipment
) -> None:
    def rules_and_lines_read() -> tuple[int, int, int]:
        """How many queries read the goods lines, the rules' state and the rules' rows."""
        with CaptureQueriesContext(connection) as captured:
            (check,) = check_shipments([Shipment.objects.get(pk=eastbound.pk)])
        assert check.problems()[0].code == "GOODS_BLOCKED"
        sql = [q["sql"] for q in captured]
        lines = sum(s.split(" FROM ")[1].startswith('"shipments_goodsline"') for s in sql)
        state = sum('COUNT(*) FROM "compliance_goodsrule"' in s for s in sql)
        rows = sum(s.split(" FROM ")[1].startswith('"compliance_goodsrule"') for s in sql)
        return lines, state, rows

    GoodsRule.objects.filter(key="eu-833-transit-ru-chp-854231").update(summary_zh="")
    lines, state, rows = rules_and_lines_read()  # the table changed: its state, then its rows
    assert lines == 1 and state >= 1 and rows == 1
    lines, state, rows = rules_and_lines_read()  # unchanged: its state only
    assert lines == 1 and state >= 1 and rows == 0


def test_the_holds_given_the_lines_already_read_are_those_read_from_the_database(
    tenants: Tenants, eastbound: Shipment, westbound: Shipment
) -> None:
    shipments = [eastbound, westbound]
    read = [list(GoodsLine.objects.filter(shipment=s).order_by("line_no")) for s in shipments]

    with CaptureQueriesContext(connection) as captured:
        given = holds_on_many(shipments, read)

    assert given == holds_on_many(shipments)
    assert any(p.code == "GOODS_BLOCKED" for p in given[0])
    assert any(p.code == "GOODS_WARN" for p in given[1])
    # The lines given are not read again: the goods hold reads only the rules (their
    # table's state, and the rows the first time).
    assert not any('FROM "shipments_goodsline"' in q["sql"] for q in captured)
    assert any('COUNT(*) FROM "compliance_goodsrule"' in q["sql"] for q in captured)
    assert (
        sum(q["sql"].split(" FROM ")[1].startswith('"compliance_goodsrule"') for q in captured) <= 1
    )
