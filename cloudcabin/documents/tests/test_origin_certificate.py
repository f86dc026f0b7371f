# ruff: noqa: RUF001  (the forms print full-width brackets and typographic apostrophes)
"""The certificate of origin: the two forms as printed, product-specific rules, and how a
failing line leaves the certificate (and only the certificate) out of the pack."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from pypdf import PdfReader

from cloudcabin.bookings.models import Booking, BookingStatus
from cloudcabin.bookings.tests.conftest import make_departure, make_nodes, make_service
from cloudcabin.documents import selectors
from cloudcabin.documents.checks import check_pack
from cloudcabin.documents.data import BookedDeparture, PackData, Place
from cloudcabin.documents.kinds import KINDS
from cloudcabin.documents.kinds.base import Stamp, StampBook
from cloudcabin.documents.kinds.cim_smgs import attached_kinds
from cloudcabin.documents.kinds.origin import OriginApplication, certificate_problems, is_rcep
from cloudcabin.documents.models import DocumentKind
from cloudcabin.documents.origin.rules import (
    box_10_code,
    product_rule,
    product_rules,
    rule_allows,
)
from cloudcabin.documents.selectors import booked_departure
from cloudcabin.documents.services import issue_pack
from cloudcabin.errors import Severity
from cloudcabin.shipments.models import GoodsLine, Shipment
from cloudcabin.shipments.snapshot import shipment_snapshot
from conftest import Tenants

STAMP = Stamp("ABCDEFGH23", "https://cloudcabin.example/v/ABCDEFGH23", 1, "Issuer", "")
APPLICATION = OriginApplication()

# --- product-specific rules as data ---------------------------------------------------------


def test_every_product_rule_row_names_the_page_it_was_read_from() -> None:
    rules = product_rules()
    assert rules
    for rule in rules.values():
        assert rule.source.startswith("http"), rule.hs
        assert len(rule.hs) in (2, 4, 6) and rule.hs.isdigit(), rule.hs
        assert set(rule.alternatives) <= {"WO", "PE", "CC", "CTH", "CTSH", "RVC40", "CR"}


def test_the_rule_of_a_good_is_its_subheading_row_else_its_heading_else_its_chapter() -> None:
    amplifiers = product_rule("85184000")
    assert amplifiers is not None and amplifiers.text == "CTSH or RVC40"
    assert amplifiers.hs2012 == "8518.40"
    recorder = product_rule("851981")  # only heading 85.19 is listed
    assert recorder is not None and (recorder.hs, recorder.text) == ("8519", "CTH or RVC40")
    chairs = product_rule("940171")  # only chapter 94 is listed
    assert chairs is not None and chairs.hs == "94"
    assert product_rule("854143") is None  # PV modules: no row on file (see SOURCES.md)


def test_a_change_of_chapter_meets_a_rule_that_asks_for_a_change_of_heading() -> None:
    chapter_94 = product_rule("940330")
    assert chapter_94 is not None
    assert rule_allows(chapter_94, "CC")
    assert rule_allows(chapter_94, "CTH")
    assert rule_allows(chapter_94, "RVC40")
    assert not rule_allows(chapter_94, "CTSH")
    # Wholly obtained and produced from originating materials apply to every tariff line.
    assert rule_allows(chapter_94, "WO") and rule_allows(chapter_94, "PE")


def test_box_10_prints_the_form_codes_not_our_finer_claims() -> None:
    assert [box_10_code(c) for c in ("WO", "PE", "CC", "CTH", "CTSH", "RVC40")] == [
        "WO",
        "PE",
        "CTC",
        "CTC",
        "CTC",
        "RVC",
    ]
    assert box_10_code("CTH", de_minimis=("CC", "CTH")) == "CTC, DMI"
    assert box_10_code("") == ""


# --- the two forms --------------------------------------------------------------------------


@pytest.fixture
def data(demo_shipment: Shipment) -> PackData:
    return selectors.pack_data(shipment_snapshot(demo_shipment))


def _text(data: PackData) -> str:
    rendered = APPLICATION.render(data, StampBook(lambda: STAMP).for_kind(APPLICATION.kind))
    reader = PdfReader(io.BytesIO(rendered[0].content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _to_thailand(
    data: PackData, origin: dict[str, Any] | None = None, *, recode: dict[str, str] | None = None
) -> PackData:
    """The demo shipment sent to Laem Chabang, its lines re-coded as ``recode`` says."""
    hs = recode or {}
    lines = [
        replace(line, hs_code=hs.get(f"line{line.line_no}", line.hs_code)) for line in data.lines
    ]
    return replace(
        data,
        destination=Place("THLCH", "Laem Chabang", "TH"),
        crossings=[],
        routing_countries=["CN", "TH"],
        lines=lines,
        origin_data=origin or {},
        departure=THAI_DEPARTURE,
    )


# Line 1 claims RVC40: FOB = invoice amount 59830.00 (FCA), non-originating 26000.00,
# RVC = (59830.00 - 26000.00) / 59830.00 = 56.54 %. Line 2 claims CTH: the iron
# castings of heading 73.25 change heading. Both HS codes have a rule on file
# (8518.40 CTSH or RVC40; chapter 94 CTH or RVC40).
CLAIMS: dict[str, Any] = {
    "lines": {
        "1": {
            "criterion": "RVC40",
            "materials": [
                {"description": "Cells", "hs_code": "854142", "value": "20000.00"},
                {"description": "Glass", "hs_code": "700719", "value": "6000.00"},
            ],
        },
        "2": {
            "criterion": "CTH",
            "materials": [{"description": "Castings", "hs_code": "732510", "value": "8000.00"}],
        },
    },
}
THAI_DEPARTURE = BookedDeparture(
    departs_at=datetime(2026, 10, 14, 2, 0, tzinfo=UTC),
    local_date=date(2026, 10, 14),
    train="X9001 Chongqing – Laem Chabang",
    transit_days=9,
)
RECODED = {"line1": "851840", "line2": "940330"}


def test_to_poland_it_is_the_chinese_certificate_with_its_twelve_numbered_boxes(
    data: PackData,
) -> None:
    assert not is_rcep(data)
    assert APPLICATION.applies(data)
    text = _text(data)
    boxes = [
        "1. Exporter 出口方",
        "2. Consignee 收货方",
        "3. Means of transport and route 运输方式和路线",
        "4. Country / region of destination 目的地国家（地区）",
        "5. For certifying authority use only 签证机构用栏",
        "6. Marks and numbers 运输标志",
        "7. Number and kind of packages; description of goods 商品名称、包装数量及种类",
        "8. H.S. Code 商品编码",
        "9. Quantity 数量",
        "10. Number and date of invoices 发票号码及日期",
        "11. Declaration by the exporter 出口方声明",
        "12. Certification 签证机构证明",
    ]
    positions = [text.find(box) for box in boxes]
    assert -1 not in positions, [b for b, p in zip(boxes, positions, strict=True) if p < 0]
    for value in (
        "CERTIFICATE OF ORIGIN OF THE PEOPLE’S REPUBLIC OF CHINA",
        "中华人民共和国原产地证明书",
        "Certificate No. 证书号",
        "Xi'an Silk Road Trading Co., Ltd.",
        "Łódź Żeglarska Import Sp. z o.o.",
        "From Xi'an to Łódź by rail via A",  # the China exit's spelling is the route's
        "Dostyk, ",  # the crossings in route order, whichever the route planner lists
        "Małaszewicze 铁路运输",
        "Train 班列: X8024",
        "Poland 波兰",
        "SRT/DUI/1-20 20",
        "Monocrystalline photovoltaic modules 550 W",
        "854143",
        "620 pcs 个",  # the unit by name (issue 12), not "PCS"
        "G.W. 18600 kg",
        "SRT-2026-118",
        "that all the goods were produced in China and that they comply with the Rules of "
        "Origin of the People’s Republic of China",
        "It is hereby certified that the declaration by the exporter is correct.",
    ):
        assert value in text, value
    assert "sea_rail" not in text and "RCEP" not in text


def test_the_rcep_form_prints_criterion_codes_and_no_confidential_figures(data: PackData) -> None:
    rcep = _to_thailand(data, CLAIMS, recode=RECODED)
    assert is_rcep(rcep) and certificate_problems(rcep) == [] and APPLICATION.applies(rcep)
    text = _text(rcep)
    for value in (
        "CERTIFICATE OF ORIGIN · Form RCEP",
        "4. Means of transport and route (if known)",
        "Departure date 离港日期: 2026-10-14",
        "By rail, train X9001 Chongqing – Laem Chabang",
        "Port of discharge 卸货口岸: Laem Chabang",
        "10. Origin conferring criterion",
        "851840 RVC China",
        "940330 CTC China",
        "FOB 59830.00",  # box 12: the FOB value where RVC is applied
        "13. Invoice number(s) and date(s)",
        "17. Tick where applicable",
        "These goods are exported to Thailand",
    ):
        assert value in text, value
    # The criterion as we store it, and the exporter's cost figures, are never printed.
    for secret in ("RVC40", "CTH", "56.54", "26000", "20000", "6000.00", "8000", "VNM", "VOM"):
        assert secret not in text, secret
    assert [line["criterion"] for line in APPLICATION.payload(rcep)["lines"]] == ["RVC", "CTC"]
    assert not any({"vnm", "vom", "rvc"} & set(line) for line in APPLICATION.payload(rcep)["lines"])


def test_box_4_states_the_ready_date_and_says_so_when_no_departure_is_booked(
    data: PackData,
) -> None:
    claims = {"lines": CLAIMS["lines"]}
    ready = replace(data, header=data.header | {"ready_date": "2026-10-09"})
    text = _text(replace(_to_thailand(ready, claims, recode=RECODED), departure=None))
    assert "Departure date 离港日期: 2026-10-09 (cargo ready date, departure not yet booked" in text
    assert "By rail, train X8024" in text


# --- findings: one failing line leaves out the certificate, only the certificate ---------


def _pack_checks(data: PackData) -> list[Any]:
    specs = [spec for spec in KINDS if spec.applies(data)]
    return check_pack([spec.facts(data) for spec in specs], data)


def test_an_rcep_claim_for_goods_without_a_product_rule_is_a_warning_naming_the_hs_code(
    data: PackData,
) -> None:
    # The demo's PV modules (8541.43) and brake pads (8708.30): no Annex 3A row on file.
    claims = {"lines": {"1": CLAIMS["lines"]["1"], "2": CLAIMS["lines"]["2"]}}
    rcep = _to_thailand(data, claims)
    found = certificate_problems(rcep)
    assert [(p.code, p.severity, p.path) for p in found] == [
        ("ORIGIN_PSR_MISSING", Severity.WARNING, "lines[0].origin_criterion"),
        ("ORIGIN_PSR_MISSING", Severity.WARNING, "lines[1].origin_criterion"),
    ]
    assert "Line 1" in found[0].message and "854143" in found[0].message
    assert "left out of the pack" in found[0].message
    assert not APPLICATION.applies(rcep)


def test_a_claim_the_product_rule_does_not_allow_is_a_warning_on_that_line_only(
    data: PackData,
) -> None:
    # Chapter 94 asks for CTH or RVC40; a change of subheading is not enough.
    claims = {"lines": CLAIMS["lines"] | {"2": CLAIMS["lines"]["2"] | {"criterion": "CTSH"}}}
    rcep = _to_thailand(data, claims, recode=RECODED)
    found = certificate_problems(rcep)
    assert [(p.code, p.path) for p in found] == [
        ("ORIGIN_PSR_NOT_MET", "lines[1].origin_criterion")
    ]
    assert "CTH or RVC40" in found[0].message and "Line 2" in found[0].message


def test_a_claim_the_materials_do_not_meet_leaves_out_the_certificate_and_nothing_else(
    data: PackData,
) -> None:
    # "Produced exclusively from originating materials", with cells and glass imported.
    claims = {"lines": CLAIMS["lines"] | {"1": CLAIMS["lines"]["1"] | {"criterion": "PE"}}}
    rcep = _to_thailand(data, claims, recode=RECODED)
    found = _pack_checks(rcep)
    assert "non-originating: Cells, Glass" in found[0].message
    assert [(p.code, p.severity) for p in found] == [("ORIGIN_CRITERION_NOT_MET", Severity.WARNING)]
    applying = [spec.kind for spec in KINDS if spec.applies(rcep)]
    assert DocumentKind.ORIGIN_APPLICATION not in applying
    assert DocumentKind.COMMERCIAL_INVOICE in applying
    assert DocumentKind.ORIGIN_APPLICATION not in attached_kinds(rcep)


def test_without_origin_data_every_rcep_line_is_a_warning_and_there_is_no_certificate(
    data: PackData,
) -> None:
    bare = _to_thailand(data, recode=RECODED)
    found = certificate_problems(bare)
    assert [(p.code, p.path) for p in found] == [
        ("ORIGIN_CRITERION_MISSING", "lines[0].origin_criterion"),
        ("ORIGIN_CRITERION_MISSING", "lines[1].origin_criterion"),
    ]
    assert not APPLICATION.applies(bare)


def test_goods_not_made_in_china_leave_out_the_chinese_certificate(data: PackData) -> None:
    german = replace(data, lines=[data.lines[0], replace(data.lines[1], origin_country="DE")])
    found = certificate_problems(german)
    assert [(p.code, p.path) for p in found] == [("ORIGIN_NOT_CHINESE", "lines[1].origin_country")]
    assert not APPLICATION.applies(german)


def test_an_import_has_no_certificate_and_no_certificate_findings(data: PackData) -> None:
    imported = replace(data, header=data.header | {"direction": "import"})
    assert not APPLICATION.applies(imported)
    assert certificate_problems(imported) == []


def test_issue_succeeds_without_the_certificate_when_a_line_fails_and_the_checks_said_so(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    GoodsLine.objects.filter(shipment=demo_shipment, line_no=2).update(origin_country="DE")
    shipment = Shipment.objects.get(pk=demo_shipment.pk)
    before = selectors.pack_findings(shipment)
    warned = [p for p in before.documents if p.code == "ORIGIN_NOT_CHINESE"]
    assert [(p.severity, p.path) for p in warned] == [(Severity.WARNING, "lines[1].origin_country")]
    assert not [p for p in before.errors if p.code.startswith("ORIGIN_")]

    pack = issue_pack(actor=tenants.actor(tenants.owner), shipment_id=demo_shipment.pk).pack

    kinds = {issued.kind for issued in pack.files.all()}
    assert DocumentKind.ORIGIN_APPLICATION not in kinds
    assert {DocumentKind.COMMERCIAL_INVOICE, DocumentKind.CIM_SMGS} <= kinds
    assert any(f["code"] == "ORIGIN_NOT_CHINESE" for f in pack.findings)


def test_the_pack_data_carries_the_first_confirmed_bookings_departure(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    assert booked_departure(demo_shipment.pk) is None
    make_nodes()
    service = make_service(code="XIA-LOD", name="Xi'an - Łódź", destination_id="PLLOD")
    departure = make_departure(service, departs_at=datetime(2026, 10, 12, 17, 30, tzinfo=UTC))
    Booking.objects.create(
        organization=demo_shipment.organization,
        shipment=demo_shipment,
        departure=departure,
        teu=Decimal("4"),
        status=BookingStatus.CONFIRMED,
    )
    # 17:30 UTC is 01:30 the next day in Xi'an (Asia/Shanghai): the station's date counts.
    assert booked_departure(demo_shipment.pk) == BookedDeparture(
        departs_at=datetime(2026, 10, 12, 17, 30, tzinfo=UTC),
        local_date=date(2026, 10, 13),
        train="XIA-LOD Xi'an - Łódź",
        transit_days=service.transit_days,
    )
    # An earlier train booked but not confirmed, and a later confirmed one, change nothing.
    for days, status in ((-5, BookingStatus.REQUESTED), (30, BookingStatus.CONFIRMED)):
        Booking.objects.create(
            organization=demo_shipment.organization,
            shipment=demo_shipment,
            departure=make_departure(
                service, departs_at=datetime(2026, 10, 12, 17, 30, tzinfo=UTC) + timedelta(days)
            ),
            teu=Decimal("4"),
            status=status,
        )
    found = booked_departure(demo_shipment.pk)
    assert found is not None and found.departs_at == datetime(2026, 10, 12, 17, 30, tzinfo=UTC)
