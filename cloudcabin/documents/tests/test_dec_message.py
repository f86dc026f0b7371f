"""The DecMessage's structure, the declaration's derivations, its findings and its split."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from lxml import etree

from cloudcabin.documents import selectors, services
from cloudcabin.documents.data import PackData
from cloudcabin.documents.declaration.elements import XSD_FILE, dec_message_xsd, names
from cloudcabin.documents.declaration.record import MAX_ITEMS, Source, declaration_record
from cloudcabin.documents.kinds.base import Stamp, StampBook
from cloudcabin.documents.kinds.customs_declaration import CustomsDeclaration
from cloudcabin.documents.models import DocumentKind
from cloudcabin.documents.tests.conftest import LINES
from cloudcabin.errors import ProblemError
from cloudcabin.shipments import services as shipment_services
from cloudcabin.shipments.models import GoodsLine, Shipment
from cloudcabin.shipments.snapshot import shipment_snapshot
from cloudcabin.xmlout import schema
from conftest import Tenants

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]

NS = "{http://www.chinaport.gov.cn/dec}"
STAMP = Stamp("PREVIEW", "http://testserver/v/PREVIEW/", 0, "Test Org", "")


def pack_data(shipment: Shipment) -> PackData:
    return selectors.pack_data(shipment_snapshot(Shipment.objects.get(pk=shipment.pk)))


def messages(data: PackData) -> list[ET.Element]:
    spec = CustomsDeclaration()
    rendered = spec.render(data, StampBook(lambda: STAMP).for_kind(spec.kind))
    return [ET.fromstring(item.content) for item in rendered if item.format == "xml"]


def codes(shipment: Shipment) -> dict[str, str]:
    """Finding code → path, of the shipment's findings now."""
    fresh = Shipment.objects.get(pk=shipment.pk)
    return {p.code + "@" + p.path: p.message for p in selectors.pack_findings(fresh).all}


def edit(tenants: Tenants, shipment: Shipment, **fields: Any) -> Shipment:
    return shipment_services.update_shipment(
        actor=tenants.actor(tenants.owner), shipment_id=shipment.pk, **fields
    )


def edit_line(tenants: Tenants, shipment: Shipment, line_no: int, **fields: Any) -> None:
    line = GoodsLine.objects.get(shipment=shipment, line_no=line_no)
    shipment_services.save_line(
        actor=tenants.actor(tenants.owner), shipment_id=shipment.pk, line_id=line.pk, **fields
    )


# --- structure --------------------------------------------------------------------------


def test_the_committed_xsd_is_the_one_the_element_list_makes():
    assert XSD_FILE.read_text(encoding="utf-8") == dec_message_xsd()


def test_the_message_carries_every_element_in_the_official_order(demo_shipment):
    (root,) = messages(pack_data(demo_shipment))

    assert root.tag == f"{NS}DecMessage"
    head = root.find(f"{NS}DecHead")
    assert head is not None
    assert [child.tag.removeprefix(NS) for child in head] == names("DecHead")
    item = root.find(f"{NS}DecLists/{NS}DecList")
    assert item is not None
    assert [child.tag.removeprefix(NS) for child in item] == names("DecList")
    blocks = [child.tag.removeprefix(NS) for child in root]
    assert blocks[:3] == ["DecHead", "DecLists", "DecContainers"]
    assert {"DecFreeTxt", "DecSign", "DecLicenseDocus", "DecCopPromises"} <= set(blocks)


# --- derivations --------------------------------------------------------------------------


def test_the_exit_customs_and_port_come_from_the_routes_china_crossing(demo_shipment):
    record = declaration_record(pack_data(demo_shipment))

    assert (record.border_customs.code, record.border_customs.source) == ("9404", Source.ROUTE)
    assert (record.border_port.code, record.border_port.source) == ("650302", Source.ROUTE)
    assert (record.declaring_customs.code, record.declaring_customs.source) == (
        "9009",
        Source.ORIGIN,
    )
    # Łódź has no code of its own in the port table: Poland's country-level code stands.
    assert record.foreign_port.code == "POL000"


def test_a_typed_code_overrides_the_derived_one(tenants, demo_shipment):
    edit(tenants, demo_shipment, border_customs="9402", border_port="650501")

    record = declaration_record(pack_data(demo_shipment))

    assert (record.border_customs.code, record.border_customs.source) == ("9402", Source.ENTERED)
    assert record.border_port.code == "650501"


def test_legal_quantities_come_from_the_net_mass_or_the_quantity(demo_shipment):
    lines = declaration_record(pack_data(demo_shipment)).lines

    modules, pads = lines
    assert (modules.first_unit, modules.first_qty) == ("007", Decimal("620"))
    assert (modules.second_unit, modules.second_qty) == ("035", Decimal("17360.00000"))
    assert (pads.first_unit, pads.first_qty) == ("035", Decimal("9120.00000"))
    assert (pads.second_unit, pads.second_qty) == ("", None)


def test_a_legal_quantity_in_another_unit_than_the_lines_must_be_entered(tenants, demo_shipment):
    # 台 (set) is not the line's H87 (piece): the quantity cannot be carried over.
    edit_line(tenants, demo_shipment, 1, unit="SET")
    data = pack_data(demo_shipment)
    first = replace(data.lines[0], unit="NAR")
    data = replace(data, lines=[first, *data.lines[1:]])

    modules = declaration_record(data).lines[0]

    assert modules.first_qty is None


# --- bad input: a finding naming the field and the line, never a 500 ----------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"border_customs": "9999"}, "DEC_CODE_UNKNOWN@border_customs"),
        ({"border_port": "999999"}, "DEC_CODE_UNKNOWN@border_port"),
        ({"foreign_port": "XXX999"}, "DEC_CODE_UNKNOWN@foreign_port"),
        ({"transport_name": ""}, "DEC_TRANSPORT_NAME_MISSING@transport_name"),
        ({"contract_number": ""}, "DEC_CONTRACT_MISSING@contract_number"),
        ({"parties": {"declarant": None}}, "DEC_DECLARANT_MISSING@parties.declarant"),
        ({"promise_items": "12"}, "DEC_PROMISES_INVALID@promise_items"),
        (
            {"licence_documents": [{"code": "Z9", "number": "1"}]},
            "DEC_LICENCE_INVALID@licence_documents[0]",
        ),
        ({"transaction_mode": "1"}, "DEC_FREIGHT_MISSING@freight_amount"),
        ({"transaction_mode": "1"}, "DEC_INSURANCE_MISSING@insurance_amount"),
        ({"transaction_mode": "2"}, "DEC_FREIGHT_MISSING@freight_amount"),
        # A route that never leaves China (planned from Almaty) names no China exit.
        (
            {"origin_locode": "KZALA", "loading_locode": "KZALA", "declaring_customs": "9009"},
            "DEC_BORDER_CUSTOMS_MISSING@border_customs",
        ),
    ],
)
def test_a_header_value_customs_would_reject_is_a_finding_on_its_field(
    tenants, demo_shipment, fields, expected
):
    assert not selectors.pack_findings(demo_shipment).errors
    edit(tenants, demo_shipment, **fields)

    assert expected in codes(demo_shipment)


@pytest.mark.parametrize(
    ("line_fields", "expected"),
    [
        ({"national_code": "8708309999"}, "DEC_CODE_TS_OUTSIDE@lines[1].national_code"),
        ({"ciq_code": "101"}, "DEC_CIQ_UNKNOWN@lines[1].ciq_code"),
        ({"first_qty": Decimal("0")}, "DEC_LEGAL_QTY_ZERO@lines[1].first_qty"),
        ({"second_qty": Decimal("5")}, "DEC_SECOND_QTY_NOT_IN_TARIFF@lines[1].second_qty"),
        ({"domestic_region": "99999"}, "DEC_LINE_CODE_UNKNOWN@lines[1].domestic_region"),
        ({"admin_division": "999999"}, "DEC_LINE_CODE_UNKNOWN@lines[1].admin_division"),
        ({"duty_mode": "X"}, "DEC_LINE_CODE_UNKNOWN@lines[1].duty_mode"),
        ({"package_type": ""}, "DEC_PACKAGE_TYPE_MISSING@lines[1].package_type"),
        ({"description_zh": ""}, "DEC_NAME_ZH_MISSING@lines[1].description_zh"),
    ],
)
def test_a_line_value_customs_would_reject_is_a_finding_naming_the_line(
    tenants, demo_shipment, line_fields, expected
):
    edit_line(tenants, demo_shipment, 2, **line_fields)

    found = codes(demo_shipment)

    assert expected in found
    if "Line" in found[expected]:
        assert "Line 2" in found[expected]


def test_a_10_digit_code_is_picked_when_the_tariff_lists_several(tenants, demo_shipment):
    edit_line(tenants, demo_shipment, 2, national_code="87083099", ciq_code="")

    found = codes(demo_shipment)

    message = found["DEC_CODE_TS_CHOOSE@lines[1].national_code"]
    assert "8708309919" in message and "Line 2" in message


def test_an_empty_shipment_is_not_ready(tenants, demo_shipment):
    actor = tenants.actor(tenants.owner)
    empty = shipment_services.create_shipment(actor=actor, reference="CC-EMPTY")

    found = codes(empty)

    assert "PACK_NO_LINES@lines" in found and "PACK_NO_CONTAINERS@containers" in found
    with pytest.raises(ProblemError) as refused:
        services.issue_pack(actor=actor, shipment_id=empty.pk)
    assert refused.value.status == 409


# --- more than 50 items ---------------------------------------------------------------------


@pytest.fixture
def consolidation(tenants: Tenants, demo_shipment: Shipment) -> Shipment:
    """The demo with 60 more brake-pad lines that differ by model: 62 items."""
    actor = tenants.actor(tenants.owner)
    pads = LINES[1]
    total = Decimal(0)
    for n in range(3, 63):
        line = shipment_services.save_line(
            actor=actor,
            shipment_id=demo_shipment.pk,
            **(
                pads
                | {
                    "declared_elements": f"0|0|制动片|型号 BP-{n}",
                    "quantity": Decimal("20"),
                    "amount": Decimal("224.00"),
                    "net_kg": Decimal("100"),
                    "gross_kg": Decimal("110"),
                    "packages": 1,
                }
            ),
        )
        total += line.amount or 0
        shipment_services.stow(
            actor=actor,
            shipment_id=demo_shipment.pk,
            container_id=demo_shipment.containers.order_by("id")[1].pk,
            line_id=line.pk,
            packages=1,
        )
    return shipment_services.update_shipment(
        actor=actor,
        shipment_id=demo_shipment.pk,
        invoice_total=Decimal("79990.00") + total,
        declared_packages=38 + 60,
        declared_gross_kg=Decimal("28140") + 60 * Decimal("110"),
        transaction_mode="2",
        freight_amount=Decimal("4200.00"),
        freight_currency="USD",
    )


def test_more_than_50_items_are_declared_in_parts_of_at_most_50(consolidation):
    data = pack_data(consolidation)

    parts = messages(data)

    assert [len(root.findall(f"{NS}DecLists/{NS}DecList")) for root in parts] == [50, 12]
    assert MAX_ITEMS == 50
    for root in parts:
        schema(XSD_FILE).assertValid(etree.fromstring(ET.tostring(root)))
        numbers = [int(e.text or 0) for e in root.iter(f"{NS}GNo")]
        assert numbers == list(range(1, len(numbers) + 1))
        assert root.findtext(f"{NS}DecHead/{NS}BillNo") == "24680135"
    packages = [int(root.findtext(f"{NS}DecHead/{NS}PackNo") or 0) for root in parts]
    assert sum(packages) == data.total_packages
    freight = [Decimal(root.findtext(f"{NS}DecHead/{NS}FeeRate") or 0) for root in parts]
    assert sum(freight) == Decimal("4200.00")  # shared by value, adding up exactly
    sequence = [root.findtext(f"{NS}DecSign/{NS}ClientSeqNo") for root in parts]
    assert sequence == ["CC-DOC-1-1", "CC-DOC-1-2"]


def test_a_split_declaration_is_issued_with_every_other_document(tenants, consolidation, client):
    actor = tenants.actor(tenants.owner)
    assert not selectors.pack_findings(consolidation).errors

    pack = services.issue_pack(actor=actor, shipment_id=consolidation.pk).pack

    files = {(f.kind, f.format, f.part) for f in pack.files.all()}
    declaration = DocumentKind.CUSTOMS_DECLARATION.value
    assert {(declaration, fmt, part) for fmt in ("pdf", "xml") for part in (1, 2)} <= files
    assert {kind for kind, _, _ in files} >= {
        DocumentKind.COMMERCIAL_INVOICE.value,
        DocumentKind.PACKING_LIST.value,
        DocumentKind.CIM_SMGS.value,
        DocumentKind.ICS2_ENS.value,
    }
    client.force_login(tenants.owner)
    second = client.get(
        f"/api/v1/documents/shipments/{consolidation.pk}/packs/1/files/{declaration}.xml?part=2"
    )
    assert second.status_code == 200
    assert b"<ClientSeqNo>CC-DOC-1-2</ClientSeqNo>" in second.content
    checks = client.get(f"/api/v1/documents/shipments/{consolidation.pk}/checks").json()
    assert [part["items"] for part in checks["declarations"]] == [50, 12]
    page = client.get(f"/documents/shipments/{consolidation.pk}/").content.decode()
    assert 'data-testid="declaration-split"' in page
