"""The EU ICS2 entry summary for rail (IE3F51): golden files, structure, findings.

The XML must equal the reviewed fixture under ``fixtures/`` (regenerate with
``UPDATE_GOLDEN=1`` and review the diff), validate against our XSD, and use only the
element paths of the EU specification; the PDF must show the values the XML states.
"""

from __future__ import annotations

import csv
import io
import os
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from cloudcabin.documents import selectors
from cloudcabin.documents.data import BookedDeparture, Line, PackData, Place
from cloudcabin.documents.ens import codes
from cloudcabin.documents.ens.consignment import goods_items, house_consignments
from cloudcabin.documents.ens.message import ENS_XSD
from cloudcabin.documents.kinds.base import Rendered, Stamp, StampBook
from cloudcabin.documents.kinds.ics2_ens import Ics2EntrySummary, ens_message
from cloudcabin.documents.tests.conftest import make_demo_shipment
from cloudcabin.errors import ProblemError
from cloudcabin.network.journey import share_of_planned_days
from cloudcabin.shipments import services
from cloudcabin.shipments.models import Shipment
from cloudcabin.shipments.snapshot import shipment_snapshot
from cloudcabin.xmlout import schema, validated_xml
from conftest import Tenants

FIXTURES = Path(__file__).resolve().parent / "fixtures"
NS = {"e": "urn:cloudcabin:documents:ics2-ie3f51:1"}
# Issued, so that the document issue date in the golden files is fixed.
STAMP = Stamp(
    "ABCD1234", "http://testserver/v/ABCD1234/", 1, "Test Org", "2026-10-12T08:00:00+00:00"
)
ENS = Ics2EntrySummary()
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]


def pack_data(shipment: Shipment) -> PackData:
    return selectors.pack_data(shipment_snapshot(shipment))


def render(data: PackData) -> dict[str, Rendered]:
    return {
        item.format: item for item in ENS.render(data, StampBook(lambda: STAMP).for_kind(ENS.kind))
    }


def assert_golden(content: bytes, name: str) -> None:
    path = FIXTURES / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(content)
    assert content.decode() == path.read_text(encoding="utf-8")


def codes_of(data: PackData) -> list[str]:
    return [f"{p.code}@{p.path}" for p in ENS.findings(data)]


@pytest.fixture
def duisburg_shipment(tenants: Tenants, demo_shipment: Shipment) -> Shipment:
    """A second route: Xi'an → Duisburg, with the Łódź buyer's goods delivered to Duisburg."""
    shipment = make_demo_shipment(tenants, "CC-DOC-2")
    return services.update_shipment(
        actor=tenants.actor(tenants.owner), shipment_id=shipment.pk, destination_locode="DEDUI"
    )


CASES = [("demo_shipment", "CC-DOC-1"), ("duisburg_shipment", "CC-DOC-2")]


@pytest.mark.parametrize(("fixture", "reference"), CASES)
def test_the_ens_xml_equals_the_reviewed_golden_file(fixture, reference, request):
    data = pack_data(request.getfixturevalue(fixture))

    content = render(data)["xml"].content

    assert_golden(content, f"ics2_ens_{reference}.xml")
    schema(ENS_XSD).assertValid(etree.fromstring(content))


def _spec_paths() -> set[str]:
    """The XML name paths of the IE3F51 elements in the EU extract we hold."""
    with (codes.EU_DATA / "eu-ics2-rail-ens-elements.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    # The extract starts inside the consignor's address: its parents by their XML names.
    names = {"CIS": "IE3F51", "CIS/Consignment": "consignmentMasterLevel"}
    names |= {"CIS/Consignment/Consignor": "consignor"}
    names |= {"CIS/Consignment/Consignor/Address": "address"}
    names |= {row["element_path"]: row["xml_name"] for row in rows}
    paths = set()
    for row in rows:
        parts = row["element_path"].split("/")
        paths.add("/".join(names["/".join(parts[: n + 1])] for n in range(len(parts))))
    return paths


def _paths(node: ET.Element, prefix: str = "") -> list[str]:
    path = f"{prefix}/{node.tag.split('}')[1]}" if prefix else node.tag.split("}")[1]
    return [path] + [p for child in node for p in _paths(child, path)]


# The parts of the message outside our IE3F51 extract, with the part of the specification
# they follow (see the XSD's header comment): header [F34/F42], active means [F34],
# carrier, consignee, consignor [F34/F42], unloading, declarant, office of entry [F50].
OUTSIDE_THE_EXTRACT = {
    "IE3F51",
    "IE3F51/LRN",
    "IE3F51/documentIssueDate",
    "IE3F51/SpecificCircumstanceIndicator",
    "IE3F51/reEntryIndicator",
    "IE3F51/splitConsignment",
    "IE3F51/splitConsignment/splitConsignmentIndicator",
    "IE3F51/activeBorderTransportMeans",
    "IE3F51/activeBorderTransportMeans/identificationNumber",
    "IE3F51/activeBorderTransportMeans/typeOfIdentification",
    "IE3F51/activeBorderTransportMeans/typeOfMeansOfTransport",
    "IE3F51/activeBorderTransportMeans/nationality",
    "IE3F51/activeBorderTransportMeans/estimatedDateAndTimeOfArrival",
    "IE3F51/activeBorderTransportMeans/ModeOfTransport",
    "IE3F51/activeBorderTransportMeans/countriesOfRoutingOfMeansOfTransport",
    "IE3F51/activeBorderTransportMeans/countriesOfRoutingOfMeansOfTransport/sequenceNumber",
    "IE3F51/activeBorderTransportMeans/countriesOfRoutingOfMeansOfTransport/country",
    "IE3F51/consignmentMasterLevel",
    "IE3F51/consignmentMasterLevel/placeOfUnloading",
    "IE3F51/consignmentMasterLevel/placeOfUnloading/UNLOCODE",
    "IE3F51/consignmentMasterLevel/placeOfUnloading/address",
    "IE3F51/consignmentMasterLevel/placeOfUnloading/address/country",
    "IE3F51/customsOfficeOfFirstEntry",
    "IE3F51/customsOfficeOfFirstEntry/referenceNumber",
}
PARTY_PARTS = {"name", "identificationNumber", "typeOfPerson", "address", "address/city"}
PARTY_PARTS |= {"address/country", "address/street", "address/postCode"}


def test_every_element_of_the_golden_files_is_an_element_of_the_eu_specification():
    """Reviewed element by element: inside our extract, every path is the EU's own;
    outside it, each is listed above with the part of the specification it follows."""
    known = _spec_paths() | OUTSIDE_THE_EXTRACT
    for role in ("carrier", "consignee", "consignor"):
        known |= {f"IE3F51/consignmentMasterLevel/{role}"}
        known |= {f"IE3F51/consignmentMasterLevel/{role}/{part}" for part in PARTY_PARTS}
    known |= {"IE3F51/declarant"} | {f"IE3F51/declarant/{part}" for part in PARTY_PARTS}
    for _, reference in CASES:
        root = ET.parse(FIXTURES / f"ics2_ens_{reference}.xml").getroot()

        unknown = sorted(set(_paths(root)) - known)

        assert unknown == []


def test_the_golden_ens_states_the_filing_facts_element_by_element():
    root = ET.parse(FIXTURES / "ics2_ens_CC-DOC-2.xml").getroot()

    def text(path: str) -> list[str]:
        return [node.text or "" for node in root.findall(path, NS)]

    means = "e:activeBorderTransportMeans"
    master = "e:consignmentMasterLevel"
    house = f"{master}/e:consignmentHouseLevel"
    assert text("e:LRN") == ["CC-DOC-2-R1"]
    assert text("e:documentIssueDate") == ["2026-10-12T08:00:00Z"]
    assert text("e:SpecificCircumstanceIndicator") == ["F51"]
    # The train, by its number, as rail (CL018 2).
    assert text(f"{means}/e:identificationNumber") == ["X8024"]
    assert text(f"{means}/e:typeOfIdentification") == ["21"]
    assert text(f"{means}/e:ModeOfTransport") == ["2"]
    # Belarusian Railways brings the train over the border from Brest.
    assert text(f"{means}/e:nationality") == ["BY"]
    # No confirmed booking: no estimated arrival (0..1), never a guessed one.
    assert text(f"{means}/e:estimatedDateAndTimeOfArrival") == []
    routing = text(f"{means}/e:countriesOfRoutingOfMeansOfTransport/e:country")
    assert routing[0] == "CN" and routing[-1] == "DE" and "PL" in routing
    assert routing == text(f"{house}/e:countriesOfRoutingOfConsignment/e:country")
    # The carrier files: the operator, with its EORI, as carrier and declarant.
    assert text(f"{master}/e:carrier/e:identificationNumber") == ["PL1234567890000"]
    assert text("e:declarant/e:identificationNumber") == ["PL1234567890000"]
    assert text(f"{master}/e:consignee/e:identificationNumber") == ["PL5260250274"]
    # The CIM consignment note (CL754 N720) and the Polish office at Małaszewicze.
    assert text(f"{master}/e:transportDocumentMasterLevel/e:type") == ["N720"]
    assert text(f"{master}/e:transportDocumentMasterLevel/e:documentNumber") == ["24680135"]
    assert text("e:customsOfficeOfFirstEntry/e:referenceNumber") == ["PL000005"]
    assert text(f"{master}/e:placeOfLoading/e:UNLOCODE") == ["CNXIA"]
    assert text(f"{master}/e:placeOfUnloading/e:UNLOCODE") == ["DEDUI"]
    # One house consignment: buyer and seller, two goods items, two containers.
    assert text(f"{house}/e:containerIndicator") == ["1"]
    assert text(f"{house}/e:totalGrossMass") == ["28140"]
    assert text(f"{house}/e:goodsShipment/e:buyer/e:name") == ["Łódź Żeglarska Import Sp. z o.o."]
    assert text(f"{house}/e:goodsShipment/e:seller/e:name") == ["Xi'an Silk Road Trading Co., Ltd."]
    item = f"{house}/e:goodsItem"
    assert text(f"{item}/e:goodsItemNumber") == ["1", "2"]
    hs = f"{item}/e:commodity/e:commodityCode/e:harmonizedSystemSubHeadingCode"
    assert text(hs) == ["854143", "870830"]
    assert text(f"{item}/e:packaging/e:typeOfPackages") == ["CT", "CT"]
    assert text(f"{item}/e:packaging/e:numberOfPackages") == ["20", "18"]
    assert text(f"{item}/e:weight/e:grossMass") == ["18600", "9540"]
    equipment = f"{house}/e:transportEquipment"
    assert text(f"{equipment}/e:containerIdentificationNumber") == ["CSQU3054383", "TGHU1234567"]
    assert text(f"{equipment}/e:containerSizeAndType") == ["45G1", "45G1"]
    assert text(f"{equipment}/e:containerPackedStatus") == ["B", "B"]
    assert text(f"{equipment}/e:seal/e:identifier") == ["CN2026001", "CN2026002"]


def test_the_ens_pdf_shows_what_the_xml_states(demo_shipment):
    data = pack_data(demo_shipment)

    reader = PdfReader(io.BytesIO(render(data)["pdf"].content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)

    for value in [
        "CC-DOC-1-R1",
        "24680135",
        "N720",
        "X8024",
        "PL000005",
        "PL1234567890000",
        "Cloudcabin Forwarding",
        "Łódź Żeglarska Import Sp. z o.o.",
        "854143",
        "Brake pads for motor vehicles",
        "20 CT",
        "CSQU3054383",
        "CN2026002",
        " → ".join(data.routing_countries),
    ]:
        assert value in text


def test_the_office_of_first_entry_is_the_polish_office_where_the_route_enters_the_eu(
    demo_shipment,
):
    data = pack_data(demo_shipment)
    facts = ENS.facts(data)

    assert facts.routing_countries == tuple(data.routing_countries)
    assert "PL" in data.routing_countries and data.routing_countries[0] == "CN"
    xml = render(data)["xml"].content.decode()
    assert "<referenceNumber>PL000005</referenceNumber>" in xml


def test_a_confirmed_departure_gives_the_arrival_at_the_eu_entry_from_its_timetable(
    demo_shipment,
):
    data = pack_data(demo_shipment)
    departs = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
    booked = replace(
        data,
        departure=BookedDeparture(departs, departs.date(), "XIA-DUI Chang'an", transit_days=14),
    )
    assert data.first_eu_entry is not None and data.first_eu_entry.name == "Małaszewicze"
    share = share_of_planned_days(data.header["route_option"], data.first_eu_entry.locode)
    assert share is not None and 0 < share < 1

    xml = render(booked)["xml"].content.decode()

    hours = round(14 * 24 * float(share))
    expected = departs + timedelta(hours=hours)
    assert f"<estimatedDateAndTimeOfArrival>{expected:%Y-%m-%dT%H:%M:%SZ}<" in xml
    assert expected < departs + timedelta(days=14)
    schema(ENS_XSD).assertValid(etree.fromstring(xml.encode()))


def test_no_ens_is_lodged_for_goods_that_only_leave_the_eu(demo_shipment):
    data = pack_data(demo_shipment)

    assert not ENS.applies(replace(data, routing_countries=["PL", "BY", "RU", "KZ", "CN"]))


def test_an_ens_with_a_short_hs_code_is_refused_by_its_schema(demo_shipment):
    data = pack_data(demo_shipment)
    broken = replace(data, lines=[replace(data.lines[0], hs_code="8541")])

    with pytest.raises(ProblemError) as refused:
        ENS.render(broken, StampBook(lambda: STAMP).for_kind(ENS.kind))

    assert refused.value.problems[0].code == "XML_INVALID"


def test_without_the_operators_eori_the_ens_is_a_finding_not_a_wrong_message(demo_shipment):
    data = pack_data(demo_shipment)
    operator = data.organization["operator"]
    no_eori = replace(data, organization=data.organization | {"operator": operator | {"eori": ""}})
    no_operator = replace(data, organization=data.organization | {"operator": None})

    assert codes_of(no_eori) == ["ENS_CARRIER_MISSING@operator.eori"]
    assert codes_of(no_operator) == ["ENS_CARRIER_MISSING@operator.eori"]
    with pytest.raises(ProblemError):
        validated_xml(ENS.kind, ens_message(no_eori), ENS_XSD)


def test_an_operator_address_without_a_city_is_a_finding(demo_shipment):
    data = pack_data(demo_shipment)
    operator = data.organization["operator"] | {"address": "Xi'an International Port"}

    found = codes_of(replace(data, organization=data.organization | {"operator": operator}))

    assert found == ["ENS_CARRIER_ADDRESS_INCOMPLETE@operator.address"]


def test_a_route_entering_the_eu_where_no_office_is_known_is_a_finding(demo_shipment):
    data = pack_data(demo_shipment)
    kena = Place("LTKEN", "Kena", "LT")
    changes: dict[str, object] = {
        "crossings": [*data.crossings[:-1], kena],
        "routing_countries": ["CN", "KZ", "RU", "BY", "LT", "PL"],
    }
    changes["first_eu_entry"] = kena
    via_lithuania = replace(data, **changes)

    assert codes_of(via_lithuania) == ["ENS_ENTRY_OFFICE_UNKNOWN@border_crossings"]
    (found,) = ENS.findings(via_lithuania)
    assert "Kena (LTKEN)" in found.message


def test_crossings_typed_by_hand_without_a_planned_route_are_a_finding_not_an_ens(
    tenants, demo_shipment
):
    actor = tenants.actor(tenants.owner)
    services.clear_shipment_route(actor=actor, shipment_id=demo_shipment.pk)
    # Four stations typed by hand still leave Russia and Belarus out of the routing.
    services.update_shipment(
        actor=actor,
        shipment_id=demo_shipment.pk,
        border_crossings=["CNAKL", "KZDOS", "PLMAA"],
    )
    data = pack_data(Shipment.objects.get(pk=demo_shipment.pk))

    assert data.routing_countries == ["CN", "KZ", "PL"]
    assert "ENS_ROUTE_NOT_PLANNED@border_crossings" in codes_of(data)


def test_a_shipment_without_a_train_or_consignment_note_gets_findings(demo_shipment):
    data = pack_data(demo_shipment)
    header = data.header | {"train_number": "", "consignment_note_number": ""}

    assert codes_of(replace(data, header=header)) == [
        "ENS_TRAIN_MISSING@train_number",
        "ENS_TRANSPORT_DOCUMENT_MISSING@consignment_note_number",
    ]


def _lines(count: int, kinds: int) -> list[Line]:
    """``count`` lines of ``kinds`` different goods (description and marks repeat)."""
    return [
        Line(
            line_no=number,
            description_zh="",
            description_en=f"Brake pads, model {number % kinds}",
            hs_code="870830",
            national_code="87083010",
            declared_elements="",
            quantity=Decimal(10),
            unit="H87",
            customs_unit="007",
            net_kg=Decimal(10),
            gross_kg=Decimal("11.5"),
            packages=2,
            package_type="22",
            unit_price=Decimal("11.20"),
            amount=Decimal("112.00"),
            origin_country="CN",
            marks=f"BP/{number % kinds}",
            un_number="",
        )
        for number in range(1, count + 1)
    ]


def test_lines_that_state_the_same_are_one_goods_item_with_their_sums(demo_shipment):
    data = replace(pack_data(demo_shipment), lines=_lines(30, 3), containers=[])

    items = goods_items(data)

    assert [item.description for item in items] == [f"Brake pads, model {n}" for n in (1, 2, 0)]
    assert [(len(item.lines), item.packages, item.gross_kg) for item in items] == [
        (10, 20, Decimal("115.0"))
    ] * 3
    assert items[0].lines == [1, 4, 7, 10, 13, 16, 19, 22, 25, 28]


def test_a_5000_line_consolidation_is_filed_as_several_house_consignments(demo_shipment):
    """1,500 different goods in 5,000 lines: 1,500 goods items, 999 and 501 per house."""
    demo = pack_data(demo_shipment)
    data = replace(demo, lines=_lines(5000, 1500), containers=demo.containers[:1])

    houses = house_consignments(data)
    content = validated_xml(ENS.kind, ens_message(data), ENS_XSD)

    assert [len(house.items) for house in houses] == [999, 501]
    assert codes_of(data) == []
    root = ET.fromstring(content)
    house_nodes = root.findall("e:consignmentMasterLevel/e:consignmentHouseLevel", NS)
    assert len(house_nodes) == 2
    numbers = house_nodes[1].findall("e:goodsItem/e:goodsItemNumber", NS)
    assert (numbers[0].text, numbers[-1].text) == ("1", "501")
    assert sum(Decimal(n.findtext("e:totalGrossMass", "", NS)) for n in house_nodes) == Decimal(
        "57500"
    )


def test_the_code_choices_say_which_codes_no_source_confirmed():
    unconfirmed = {c.code_list for c in codes.code_choices() if c.status == "unconfirmed"}

    assert codes.CIM_NOTE in codes.transport_document_types()
    assert {"CL742", "CL750", "CL751", "CL709", "CL711"} <= unconfirmed
    assert codes.entry_offices()["PLMAA"] == "PL000005"
