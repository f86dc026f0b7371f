"""Sea–rail: the documents follow the route's legs (demo CQS-2026-0001, Chongqing → Qinzhou
port by rail, then by sea to Singapore): the rail note stops at Qinzhou, the sea leg gets
shipping instructions, and no document prints a raw route kind."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from io import StringIO

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.documents import selectors
from cloudcabin.documents.data import PackData
from cloudcabin.documents.kinds import KINDS
from cloudcabin.documents.kinds.base import Stamp, StampBook, plain
from cloudcabin.documents.kinds.cim_smgs import CimSmgsNote
from cloudcabin.documents.kinds.ics2_ens import Ics2EntrySummary
from cloudcabin.documents.kinds.origin import transport
from cloudcabin.documents.kinds.shipping_instructions import ShippingInstructions
from cloudcabin.documents.tests.test_api import _client
from cloudcabin.documents.tests.test_declaration_and_ens import assert_golden
from cloudcabin.reference.models import CustomsCode
from cloudcabin.shipments import services
from cloudcabin.shipments.models import Shipment
from cloudcabin.shipments.snapshot import shipment_snapshot
from conftest import Tenants

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]

NOTE = CimSmgsNote()
SI = ShippingInstructions()
STAMP = Stamp("PREVIEW", "http://testserver/v/PREVIEW/", 0, "Test Org", "")


@pytest.fixture
def demo() -> Shipment:
    call_command("load_network", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo_shipments", stdout=StringIO())
    return Shipment.objects.get(reference="CQS-2026-0001")


@pytest.fixture
def data(demo: Shipment) -> PackData:
    return selectors.pack_data(shipment_snapshot(demo))


def _owner(shipment: Shipment) -> Actor:
    return Actor(organization=shipment.organization, role="owner", can_write=True, user=None)


def _si_files(data: PackData) -> dict[str, bytes]:
    rendered = SI.render(data, StampBook(lambda: STAMP).for_kind(SI.kind))
    return {item.format: item.content for item in rendered}


def test_the_demo_goes_by_rail_to_qinzhou_port_and_by_sea_to_singapore(data):
    assert data.rail_part is not None
    assert (data.rail_part.start.locode, data.rail_part.end.locode) == ("CNCQI", "CNQZH")
    assert data.port_of_loading is not None and data.port_of_loading.locode == "CNQZH"
    assert data.port_of_discharge is not None and data.port_of_discharge.locode == "SGSIN"
    assert [spec.kind for spec in KINDS if spec.applies(data)] == [
        "commercial_invoice",
        "packing_list",
        "cim_smgs",
        "shipping_instructions",
        "customs_declaration",
    ]


def test_the_rail_note_ends_at_qinzhou_port_as_the_reviewed_golden_file_says(data):
    payload = NOTE.payload(data)
    facts = NOTE.facts(data)
    stated = {
        "variant": payload["variant"],
        "title": payload["title"],
        "departure": payload["departure"],
        "destination": payload["destination"],
        "crossings": payload["crossings"],
        "consignee": payload["consignee"]["name"],
        "total_packages": payload["total_packages"],
        "total_gross_kg": payload["total_gross_kg"],
        "facts": {
            "consignor": facts.consignor,
            "consignee": facts.consignee,
            "gross_kg": facts.gross_kg,
            "packages": facts.packages,
            "crossings": facts.crossings,
            "attached": facts.attached,
        },
    }
    content = json.dumps(plain(stated), ensure_ascii=False, indent=2) + "\n"

    assert_golden(content.encode(), "cim_smgs_CQS-2026-0001.json")
    assert payload["destination"]["locode"] == "CNQZH"
    assert "Singapore" not in json.dumps(payload["destination"])


def test_the_shipping_instructions_xml_equals_the_reviewed_golden_file(data):
    assert_golden(_si_files(data)["xml"], "shipping_instructions_CQS-2026-0001.xml")


def test_the_shipping_instructions_pdf_names_ports_parties_and_what_is_to_be_advised(data):
    reader = PdfReader(io.BytesIO(_si_files(data)["pdf"]))
    text = " ".join(page.extract_text() for page in reader.pages)

    for expected in (
        "海运托运单",
        "Qinzhou 钦州 (CNQZH)",
        "Singapore 新加坡 (SGSIN)",
        "Chongqing 重庆 → Qinzhou 钦州",
        "Lion City Electronics Pte. Ltd.",
        "Straits Customs & Forwarding Pte. Ltd.",
        "CQ2026110601",
        "Freight prepaid",
        "3 originals",
        "To be advised",
        "847130",
    ):
        assert expected in text, expected


def test_the_shipping_instructions_agree_with_the_rest_of_the_pack(demo, data):
    found = selectors.findings_for(demo, data)
    codes = [p.code for p in found.all]

    assert not [code for code in codes if code.startswith(("XDOC_", "SI_", "XML_"))]
    invoice = next(spec for spec in KINDS if spec.kind == "commercial_invoice").facts(data)
    si = SI.facts(data)
    assert (si.consignee, si.gross_kg, si.packages) == (
        invoice.consignee,
        invoice.gross_kg,
        invoice.packages,
    )


def test_each_gap_in_the_shipping_instructions_is_a_finding_naming_its_field(data):
    (leg,) = data.sea_legs
    gappy = replace(
        data,
        parties=data.parties | {"notify_party": None},
        containers=[replace(load, seals=[]) for load in data.containers],
        lines=[replace(line, description_en="") for line in data.lines],
        sea_legs=[replace(leg, loading_is_port=False)],
    )

    assert sorted(f"{p.code}@{p.path}" for p in SI.findings(gappy)) == [
        "SI_DESCRIPTION_MISSING@lines[0].description_en",
        "SI_NOTIFY_PARTY_MISSING@parties.notify_party",
        "SI_PORT_OF_LOADING_NOT_A_PORT@route_option",
        "SI_SEALS_MISSING@containers[0].seals",
    ]
    assert SI.findings(data) == []


def test_a_shipment_without_a_consignee_is_refused_before_its_shipping_instructions(demo):
    services.update_shipment(actor=_owner(demo), shipment_id=demo.pk, parties={"consignee": None})

    findings = selectors.pack_findings(Shipment.objects.get(pk=demo.pk))

    assert "PARTY_MISSING@parties.consignee" in [f"{p.code}@{p.path}" for p in findings.errors]


def _node(locode: str, name: str, kind: str) -> dict[str, str]:
    return {"locode": locode, "name": name, "name_zh": "", "country": locode[:2], "kind": kind}


def _leg(origin: str, destination: str, mode: str, countries: list[str]) -> dict[str, object]:
    return {"origin": origin, "destination": destination, "mode": mode, "countries": countries}


def test_goods_entering_the_eu_by_sea_get_no_rail_ens_but_a_finding_that_says_so(demo):
    # Chongqing → Shanghai by rail, by sea to Rotterdam, on by rail to Duisburg.
    route = {
        "nodes": [
            _node("CNCQI", "Chongqing", "inland_hub"),
            _node("CNSGH", "Shanghai", "seaport"),
            _node("NLRTM", "Rotterdam", "seaport"),
            _node("DEDUI", "Duisburg", "inland_hub"),
        ],
        "legs": [
            _leg("CNCQI", "CNSGH", "rail_1435", ["CN"]),
            _leg("CNSGH", "NLRTM", "sea", ["CN", "NL"]),
            _leg("NLRTM", "DEDUI", "rail_1435", ["NL", "DE"]),
        ],
    }
    Shipment.objects.filter(pk=demo.pk).update(route_option=route, destination_locode="DEDUI")

    data = selectors.pack_data(shipment_snapshot(Shipment.objects.get(pk=demo.pk)))

    assert data.first_eu_entry_country == "NL" and data.first_eu_entry_by_sea
    assert not Ics2EntrySummary().applies(data)
    assert [f"{p.code}@{p.path}" for p in SI.findings(data)] == [
        "ENS_MARITIME_NOT_PRODUCED@route_option"
    ]
    assert NOTE.payload(data)["destination"]["locode"] == "CNSGH"
    assert b"<preCarriageBy>RAIL</preCarriageBy>" in _si_files(data)["xml"]


def test_goods_coming_by_sea_first_go_on_by_rail_from_the_port(demo):
    route = {
        "nodes": [
            _node("SGSIN", "Singapore", "seaport"),
            _node("CNQZH", "Qinzhou", "seaport"),
            _node("CNCQI", "Chongqing", "inland_hub"),
        ],
        "legs": [
            _leg("SGSIN", "CNQZH", "sea", ["SG", "CN"]),
            _leg("CNQZH", "CNCQI", "rail_1435", ["CN"]),
        ],
    }
    Shipment.objects.filter(pk=demo.pk).update(
        route_option=route, origin_locode="SGSIN", loading_locode="", destination_locode="CNCQI"
    )

    data = selectors.pack_data(shipment_snapshot(Shipment.objects.get(pk=demo.pk)))

    note = NOTE.payload(data)
    assert (note["departure"]["locode"], note["destination"]["locode"]) == ("CNQZH", "CNCQI")
    payload = SI.payload(data)
    assert (payload["pre_carriage"], payload["on_carriage"]) == ("", "RAIL")
    assert (payload["port_of_loading"]["locode"], payload["port_of_discharge"]["locode"]) == (
        "SGSIN",
        "CNQZH",
    )


def test_a_route_entering_the_eu_by_rail_keeps_its_rail_ens(data):
    by_rail = replace(data, routing_countries=["CN", "KZ", "PL"], sea_legs=[])

    assert Ics2EntrySummary().applies(by_rail)
    assert not SI.applies(by_rail)


def test_the_certificate_prints_the_means_of_transport_in_words_from_the_legs(demo, data):
    routed = transport(data)
    services.clear_shipment_route(actor=_owner(demo), shipment_id=demo.pk)
    unrouted = transport(selectors.pack_data(shipment_snapshot(Shipment.objects.get(pk=demo.pk))))

    assert (routed["means_en"], routed["means_zh"]) == ("By rail and sea", "铁海联运")
    assert routed["via"] == "Qinzhou"
    assert routed["route"] == "Chongqing (CNCQI) → Qinzhou (CNQZH) → Singapore (SGSIN)"
    # Without a route, the route kind sea_rail in words, never the raw value.
    assert (unrouted["means_en"], unrouted["means_zh"]) == ("By sea and rail", "海铁联运")


def test_a_sea_rail_pack_is_issued_with_shipping_instructions_and_no_rail_ens(
    tenants: Tenants, demo_shipment: Shipment
) -> None:
    # The clean Xi'an demo sent on to Singapore: rail to Qinzhou port, then by sea.
    actor = tenants.actor(tenants.owner)
    consignee = Shipment.objects.get(pk=demo_shipment.pk).consignee
    assert consignee is not None
    # Our port table has no Singapore code for 指运港: added as an operator would.
    CustomsCode.objects.create(
        table="destination_port", code="SGP000", name_zh="新加坡", locode="SGSIN"
    )
    services.update_shipment(
        actor=actor,
        shipment_id=demo_shipment.pk,
        destination_locode="SGSIN",
        parties={"notify_party": consignee.pk},
    )
    services.plan_shipment_route(actor=actor, shipment_id=demo_shipment.pk)

    response = _client(tenants).post(f"/api/v1/documents/shipments/{demo_shipment.pk}/issue")

    assert response.status_code == 201, response.content
    files = {(f["kind"], f["format"]) for f in response.json()["files"]}
    assert {("shipping_instructions", "pdf"), ("shipping_instructions", "xml")} <= files
    assert ("cim_smgs", "pdf") in files
    assert not {kind for kind, _format in files} & {"ics2_ens"}
