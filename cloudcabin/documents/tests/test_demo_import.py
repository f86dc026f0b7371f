"""The demo import Hamburg → Xi'an: its China import declaration derives from the route.

Entry customs 9404 and port of entry 650302 from the route's China entry (Alashankou),
port of departure Hamburg (DEU063), port of transit Dostyk (KAZ906), country of
departure and of trade Germany, domestic destination Xi'an. No ENS (the goods leave
the EU) and no certificate-of-origin application (an export document).
"""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET
from io import StringIO

import pytest
from django.core.management import call_command
from lxml import etree

from cloudcabin.documents import selectors
from cloudcabin.documents.declaration.elements import XSD_FILE
from cloudcabin.documents.declaration.record import Source, declaration_record
from cloudcabin.documents.kinds import KINDS
from cloudcabin.documents.kinds.customs_declaration import CustomsDeclaration
from cloudcabin.documents.models import DocumentKind
from cloudcabin.documents.tests.test_declaration_and_ens import assert_golden
from cloudcabin.documents.tests.test_demo_declaration import NS, _files, _text
from cloudcabin.shipments.models import Direction, Shipment
from cloudcabin.shipments.snapshot import shipment_snapshot
from cloudcabin.xmlout import schema

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]

# Almaty → Khorgos by road, then rail: the border lies inside the 370 km road leg, so
# the route names no station where the goods enter China.
ROAD_INTO_CHINA = {
    "summary": "Almaty → Khorgos → Urumqi → Xi'an",
    "nodes": [
        {"locode": "KZALA", "name": "Almaty", "name_zh": "阿拉木图", "country": "KZ"},
        {"locode": "CNHRS", "name": "Khorgos", "name_zh": "霍尔果斯", "country": "CN"},
        {"locode": "CNURM", "name": "Urumqi", "name_zh": "乌鲁木齐", "country": "CN"},
        {"locode": "CNXIA", "name": "Xi'an", "name_zh": "西安", "country": "CN"},
    ],
    "legs": [
        {
            "origin": "KZALA",
            "destination": "CNHRS",
            "mode": "road",
            "distance_km": "370",
            "countries": ["KZ", "CN"],
        },
        {"origin": "CNHRS", "destination": "CNURM", "mode": "rail_1435", "distance_km": "670"},
        {"origin": "CNURM", "destination": "CNXIA", "mode": "rail_1435", "distance_km": "2570"},
    ],
}


@pytest.fixture
def demo_import() -> Shipment:
    call_command("load_network", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo_shipments", stdout=StringIO())
    return Shipment.objects.get(reference="XSR-2026-0002")


def test_the_demo_import_is_planned_through_alashankou_and_has_no_finding(demo_import):
    nodes = [node["locode"] for node in demo_import.route_option["nodes"]]

    assert demo_import.direction == Direction.IMPORT
    assert nodes[0] == "DEHAM" and nodes[-1] == "CNXIA" and "CNAKL" in nodes
    assert demo_import.consignee is not None and demo_import.consignee.country == "CN"
    assert demo_import.consignor is not None and demo_import.consignor.eori.startswith("DE")
    assert selectors.pack_findings(demo_import).errors == []


def test_the_demo_import_declaration_equals_its_reviewed_golden_file(demo_import):
    content = _files(demo_import)["xml"]

    assert_golden(content, "customs_declaration_XSR-2026-0002.xml")
    schema(XSD_FILE).assertValid(etree.fromstring(content))


def test_the_import_declaration_takes_entry_ports_and_countries_from_the_route(demo_import):
    root = ET.fromstring(_files(demo_import)["xml"])

    head = {
        name: _text(root, f"d:DecHead/d:{name}")
        for name in (
            "IEFlag",
            "CustomMaster",
            "IEPort",
            "EntyPortCode",
            "DespPortCode",
            "DistinatePort",
            "TradeCountry",
            "TradeAreaCode",
            "TradeCode",
            "OverseasConsignorCode",
        )
    }
    assert head == {
        "IEFlag": "I",
        "CustomMaster": "9009",  # declared at the destination hub, Xi'an
        "IEPort": "9404",  # 进境关别: Alashankou, the route's China entry
        "EntyPortCode": "650302",  # 入境口岸: 阿拉山口铁路
        "DespPortCode": "DEU063",  # 启运港: Hamburg, the origin
        "DistinatePort": "KAZ906",  # 经停港: Dostyk, the last stop before China
        "TradeCountry": "DEU",  # 启运国: where the route starts
        "TradeAreaCode": "DEU",  # 贸易国: the German seller
        "TradeCode": "6101960ABC",  # the Xi'an importer
        "OverseasConsignorCode": "DE7391046520001",  # the German consignor's EORI
    }
    regions = {_text(item, "d:DistrictCode") for item in root.findall("d:DecLists/d:DecList", NS)}
    assert regions == {"61019"}  # 境内目的地: 西安其他


def test_without_an_address_the_domestic_destination_is_the_destination_hub(demo_import):
    snapshot = copy.deepcopy(shipment_snapshot(demo_import))
    for field in ("address_local", "name_local"):
        snapshot["parties"]["consignee"][field] = ""

    record = declaration_record(selectors.pack_data(snapshot))

    assert {(d.region.code, d.region.source) for d in record.lines} == {
        ("61019", Source.DESTINATION)
    }


def test_the_import_pack_has_no_ens_and_no_origin_certificate_application(demo_import):
    data = selectors.pack_data(shipment_snapshot(demo_import))

    kinds = {spec.kind for spec in KINDS if spec.applies(data)}

    assert DocumentKind.CUSTOMS_DECLARATION in kinds
    assert DocumentKind.ICS2_ENS not in kinds
    assert DocumentKind.ORIGIN_APPLICATION not in kinds


def test_a_route_entering_china_inside_a_long_leg_is_named_as_the_missing_entry(demo_import):
    snapshot = copy.deepcopy(shipment_snapshot(demo_import))
    snapshot["shipment"] |= {
        "origin_locode": "KZALA",
        "loading_locode": "KZALA",
        "route_option": ROAD_INTO_CHINA,
    }
    data = selectors.pack_data(snapshot)

    found = [(p.code, p.path) for p in CustomsDeclaration().findings(data)]

    assert data.has_route and data.china_entry is None
    assert ("DEC_ROUTE_NO_CHINA_ENTRY", "border_customs") in found
    assert ("DEC_ROUTE_NO_CHINA_ENTRY", "border_port") in found
    assert not {"DEC_BORDER_CUSTOMS_MISSING", "DEC_BORDER_PORT_MISSING"} & {c for c, _ in found}
