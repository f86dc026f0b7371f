"""The demo Xi'an → Duisburg shipment yields a declaration a broker can file as it stands.

Issue 9's "done when": Single Window namespace, 10-digit and CIQ codes, legal first and
second quantities (620 个 + 17,360 千克 for the modules, 9,120 千克 for the brake
pads), exit customs 9404 and port 650302 via Alashankou, declaring customs,
destination port, domestic region and duty mode — in the XML and on the printed form.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from cloudcabin.documents import selectors
from cloudcabin.documents.ens.message import ens_message
from cloudcabin.documents.kinds.base import Stamp, StampBook
from cloudcabin.documents.kinds.cim_smgs import consignment_identifier
from cloudcabin.documents.kinds.customs_declaration import CustomsDeclaration
from cloudcabin.documents.tests.test_declaration_and_ens import (  # noqa: F401 (fixture)
    assert_golden,
    import_shipment,
)
from cloudcabin.shipments.models import Shipment
from cloudcabin.shipments.snapshot import shipment_snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]

NS = {"d": "http://www.chinaport.gov.cn/dec"}
STAMP = Stamp("PREVIEW", "http://testserver/v/PREVIEW/", 0, "Test Org", "")


@pytest.fixture
def demo() -> Shipment:
    # As prepare_demo does: the network first, so the demo's route is planned on it.
    call_command("load_network", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo_shipments", stdout=StringIO())
    return Shipment.objects.get(reference="XSR-2026-0001")


def _files(shipment: Shipment) -> dict[str, bytes]:
    data = selectors.pack_data(shipment_snapshot(shipment))
    spec = CustomsDeclaration()
    rendered = spec.render(data, StampBook(lambda: STAMP).for_kind(spec.kind))
    return {item.format: item.content for item in rendered}


def _text(root: ET.Element, path: str) -> str:
    found = root.find(path, NS)
    assert found is not None, path
    return found.text or ""


def test_the_demo_shipment_has_no_finding_that_stops_its_documents(demo):
    assert selectors.pack_findings(demo).errors == []


def test_the_demo_declaration_carries_every_value_a_broker_files(demo):
    content = _files(demo)["xml"]
    assert_golden(content, "customs_declaration_XSR-2026-0001.xml")
    root = ET.fromstring(content)
    assert root.tag == "{http://www.chinaport.gov.cn/dec}DecMessage"
    head = {
        name: _text(root, f"d:DecHead/d:{name}")
        for name in (
            "IEFlag",
            "CustomMaster",
            "IEPort",
            "EntyPortCode",
            "DistinatePort",
            "TrafMode",
            "TrafName",
            "BillNo",
            "ContrNo",
            "TradeMode",
            "CutMode",
            "TradeCountry",
            "AgentCode",
            "TradeCode",
            "PromiseItmes",
            "PackNo",
            "GrossWet",
            "NetWt",
        )
    }
    assert head == {
        "IEFlag": "E",
        "CustomMaster": "9009",  # 车站海关, Xi'an: the origin hub's declaring office
        "IEPort": "9404",  # 阿拉山口: the route's China exit
        "EntyPortCode": "650302",  # 阿拉山口铁路
        "DistinatePort": "DEU039",  # 杜伊斯堡
        "TrafMode": "3",  # rail
        "TrafName": "XAJJD20261012007",
        "BillNo": "27104",
        "ContrNo": "XSR-DI-2026-017",
        "TradeMode": "0110",
        "CutMode": "101",
        "TradeCountry": "DEU",
        "AgentCode": "6101980XYZ",
        "TradeCode": "6101960ABC",
        "PromiseItmes": "999",
        "PackNo": "38",
        "GrossWet": "28200",
        "NetWt": "26480",
    }
    items = [
        {
            name: _text(item, f"d:{name}")
            for name in (
                "GNo",
                "CodeTS",
                "CiqCode",
                "FirstQty",
                "FirstUnit",
                "SecondQty",
                "SecondUnit",
                "GQty",
                "GUnit",
                "DistrictCode",
                "DestCode",
                "DutyMode",
            )
        }
        for item in root.findall("d:DecLists/d:DecList", NS)
    ]
    assert items == [
        {
            "GNo": "1",
            "CodeTS": "8541430000",  # entered: our CIQ table predates HS 2022
            "CiqCode": "999",
            "FirstQty": "620",  # 个, the legal first unit: the quantity (units agree)
            "FirstUnit": "007",
            "SecondQty": "17360",  # 千克, the legal second unit: the net mass
            "SecondUnit": "035",
            "GQty": "620",
            "GUnit": "007",
            "DistrictCode": "61019",  # 西安其他, from the consignor's address
            "DestCode": "610111",  # 西安市灞桥区
            "DutyMode": "1",  # 照章征税 under 一般征税
        },
        {
            "GNo": "2",
            "CodeTS": "8708301000",  # the one 10-digit code of 8708.30.10
            "CiqCode": "999",  # its one CIQ code
            "FirstQty": "9120",  # 千克: the net mass
            "FirstUnit": "035",
            "SecondQty": "",  # the tariff lists no second unit
            "SecondUnit": "",
            "GQty": "3040",
            "GUnit": "007",
            "DistrictCode": "61019",
            "DestCode": "610111",
            "DutyMode": "1",
        },
    ]


def test_the_printed_demo_declaration_shows_the_same_values(demo):
    pdf = _files(demo)["pdf"]
    text = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split()
    )
    for value in (
        "9009 车站海关",
        "9404 阿拉山口",
        "650302 阿拉山口铁路",
        "DEU039 杜伊斯堡",
        "8541430000",
        "8708301000",
        "CIQ 999",
        "620 个 17360 千克 620 个",  # legal first, legal second, transaction quantity
        "9120 千克 — 3040 个",
        "61019",
        "XAJJD20261012007",
    ):
        assert value in text, value


def test_an_import_declaration_takes_its_ports_and_countries_from_the_route(
    import_shipment,  # noqa: F811 (the fixture)
):
    """Łódź → Małaszewicze → Dostyk → Alashankou → Xi'an, declared on import at Xi'an."""
    content = _files(import_shipment)["xml"]
    root = ET.fromstring(content)

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
            "OverseasConsignorEname",
            "PromiseItmes",
        )
    }
    assert head == {
        "IEFlag": "I",
        "CustomMaster": "9009",  # declared at the destination hub, Xi'an
        "IEPort": "9404",  # entry customs: Alashankou, the route's China crossing
        "EntyPortCode": "650302",  # port of entry (入境口岸), not left blank
        "DespPortCode": "POL000",  # port of departure: Łódź, by its country's code
        "DistinatePort": "KAZ906",  # port of transit: Dostyk, the last stop before China
        "TradeCountry": "POL",  # 启运国
        "TradeAreaCode": "POL",
        "TradeCode": "6101234567",  # the domestic consignee
        "OverseasConsignorCode": "PL5260250274",
        "OverseasConsignorEname": "Łódź Żeglarska Import Sp. z o.o.",
        "PromiseItmes": "000",
    }
    first = root.find("d:DecLists/d:DecList", NS)
    assert first is not None
    assert _text(first, "d:DestinationCountry") == "CHN"
    assert _text(first, "d:DistrictCode") == "61019"  # 境内目的地, from the consignee's address


def test_the_booked_demo_states_its_train_and_arrival_at_the_eu_border_in_the_ens(demo):
    call_command("seed_schedules", stdout=StringIO())
    call_command("seed_demo_bookings", stdout=StringIO())
    data = selectors.pack_data(shipment_snapshot(demo))
    assert data.departure is not None and data.departure.train.startswith("XIA-DUI")

    ens = ET.fromstring(ET.tostring(ens_message(data)))
    means = "e:activeBorderTransportMeans"
    ns = {"e": "urn:cloudcabin:documents:ics2-ie3f51:1"}

    routing = [
        c.text for c in ens.findall(f"{means}/e:countriesOfRoutingOfMeansOfTransport/e:country", ns)
    ]
    assert routing == ["CN", "KZ", "RU", "BY", "PL", "DE"]
    assert (
        ens.findtext("e:customsOfficeOfFirstEntry/e:referenceNumber", namespaces=ns) == "PL000005"
    )
    assert ens.findtext(f"{means}/e:nationality", namespaces=ns) == "BY"
    arrival = ens.findtext(f"{means}/e:estimatedDateAndTimeOfArrival", namespaces=ns) or ""
    departs = data.departure.departs_at
    assert departs.strftime("%Y-%m-%dT%H:%M:%SZ") < arrival
    assert arrival < (departs + timedelta(days=data.departure.transit_days)).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )


def test_the_demo_rail_note_names_the_border_stations_and_box_62_verifies(demo):
    data = selectors.pack_data(shipment_snapshot(demo))

    crossings = [place.name for place in data.crossings]
    identifier = consignment_identifier(data)

    assert crossings[0].startswith("Alashankou") and crossings[1:] == [
        "Dostyk",
        "Brest",
        "Małaszewicze",
    ]
    assert identifier["number"] == "27104"
    digits = identifier["number"] + identifier["check_digit"]
    # Luhn over the 5 digits and the check digit: the total is a multiple of 10 (CIT).
    total = sum(
        sum(divmod(int(d) * (2 if i % 2 == 0 else 1), 10)) for i, d in enumerate(digits[:5])
    ) + int(digits[5])
    assert total % 10 == 0
