"""Shipping instructions for the sea legs: what the ocean carrier makes the bill of lading from.

Applies when the route has a sea leg (Chongqing → rail → Qinzhou → sea → Singapore). The
PDF is the form a shipper sends (English and Chinese); the XML carries the same values in
the element names of DCSA's Shipping Instructions (eBL 3.0.0), in our namespace, validated
by ``xsd/dcsa-shipping-instructions.xsd`` (its header says where each part comes from).

What the shipment does not know is not invented: the carrier's booking reference and the
vessel and voyage are marked "to be advised" on the PDF and left out of the XML, for the
carrier to fill in from its booking.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils import timezone

from cloudcabin.documents.data import PackData, Party, Place
from cloudcabin.documents.ens.consignment import PACKAGE_TYPE_REC21
from cloudcabin.documents.kinds.base import (
    Facts,
    Rendered,
    Stamps,
    incoterm_place,
    party_json,
    pdf,
    render_typst,
    stamp_json,
    xml,
)
from cloudcabin.documents.models import DocumentKind
from cloudcabin.errors import Problem, problem
from cloudcabin.numbers import number_text
from cloudcabin.xmlout import element, validated_xml

NAMESPACE = "urn:cloudcabin:documents:dcsa-shipping-instructions:3"
XSD = Path(__file__).resolve().parent.parent / "xsd" / "dcsa-shipping-instructions.xsd"

# A paper bill of lading in a full set of three originals: what a documentary credit
# usually asks for, and the most a carrier issues. Charges are not printed on them.
TRANSPORT_DOCUMENT_TYPE = "BOL"
ORIGINALS = 3
# Who pays the main (sea) carriage, by Incoterms 2020: the seller under the C- and
# D-rules (freight prepaid), the buyer under E- and F-rules (freight collect).
PREPAID_INCOTERMS = frozenset({"CFR", "CIF", "CPT", "CIP", "DAP", "DPU", "DDP"})
COLLECT_INCOTERMS = frozenset({"EXW", "FCA", "FAS", "FOB"})
# The ICS2 zone: the EU with Norway and Switzerland (Northern Ireland is in it as XI).
ICS2_BEYOND_EU = frozenset({"NO", "CH", "XI"})


def _ics2_zone(data: PackData) -> frozenset[str]:
    return data.lookups.code_lists.eu_members_on(timezone.localdate()) | ICS2_BEYOND_EU


# DCSA modes of transport for pre- and on-carriage.
DCSA_MODE = {"rail": "RAIL", "road": "TRUCK", "sea": "VESSEL"}
# UN/ECE Rec. 21 type of packages → the word a bill of lading prints.
PACKAGE_NAMES = {
    "NE": "Unpacked",
    "BG": "Bags",
    "CT": "Cartons",
    "CS": "Cases",
    "BX": "Boxes",
    "DR": "Drums",
    "PX": "Pallets",
    "PK": "Packages",
}
FREIGHT_LABELS = {"PRE": ("Freight prepaid", "运费预付"), "COL": ("Freight collect", "运费到付")}


@dataclass(frozen=True)
class CargoItem:
    """One goods line's share of one container."""

    line_no: int
    container: str
    packages: int
    gross_kg: Decimal


def freight_payment_term(data: PackData) -> str:
    """PRE or COL from the Incoterm; "" when there is none (a finding of its own)."""
    incoterm = data.header.get("incoterm") or ""
    if incoterm in PREPAID_INCOTERMS:
        return "PRE"
    return "COL" if incoterm in COLLECT_INCOTERMS else ""


def cargo_items(data: PackData) -> list[CargoItem]:
    """Each line's packages per container, with their share of the line's gross mass."""
    known = {line.line_no for line in data.lines if line.packages}
    items = [
        CargoItem(stowed.line_no, load.number, stowed.packages, stowed.gross_kg)
        for load in data.containers
        for stowed in load.lines
        if stowed.line_no in known
    ]
    return sorted(items, key=lambda item: (item.line_no, item.container))


def carriage(data: PackData) -> tuple[str, str]:
    """The DCSA mode of the carriage before the sea (pre-) and after it (on-carriage).

    The rail part is the one carriage by land the route names (the rail note's); it is
    pre-carriage when it ends before the ship loads, on-carriage when it starts after.
    """
    rail, port = data.rail_part, data.port_of_loading
    if rail is None or port is None:
        return "", ""
    stops = [place.locode for place in data.route_stops]
    if stops.index(rail.end.locode) <= stops.index(port.locode):
        return DCSA_MODE["rail"], ""
    return "", DCSA_MODE["rail"]


def _place_json(place: Place | None) -> dict[str, str]:
    if place is None:
        return {"locode": "", "name": "", "name_zh": "", "country": ""}
    return {
        "locode": place.locode,
        "name": place.name,
        "name_zh": place.name_zh,
        "country": place.country,
    }


def _party(data: PackData, role: str) -> Party | None:
    return data.parties.get(role)


class ShippingInstructions:
    kind = DocumentKind.SHIPPING_INSTRUCTIONS.value
    formats: tuple[str, ...] = ("pdf", "xml")

    def applies(self, data: PackData) -> bool:
        return bool(data.sea_legs)

    def facts(self, data: PackData) -> Facts:
        shipper, consignee = _party(data, "consignor"), _party(data, "consignee")
        return Facts(
            kind=self.kind,
            consignor=shipper.name_latin if shipper else "",
            consignee=consignee.name_latin if consignee else "",
            gross_kg=data.total_gross_kg,
            packages=data.total_packages,
            hs_codes=tuple(line.hs_code for line in data.lines),
        )

    def findings(self, data: PackData) -> list[Problem]:
        found: list[Problem] = []
        for leg in data.sea_legs:
            for code, place, is_port in (
                ("SI_PORT_OF_LOADING_NOT_A_PORT", leg.port_of_loading, leg.loading_is_port),
                ("SI_PORT_OF_DISCHARGE_NOT_A_PORT", leg.port_of_discharge, leg.discharge_is_port),
            ):
                if not is_port:
                    found.append(
                        problem(code, path="route_option", place=place.name, locode=place.locode)
                    )
        # A missing shipper or consignee is the shipment rules' PARTY_MISSING already.
        if _party(data, "notify_party") is None:
            found.append(problem("SI_NOTIFY_PARTY_MISSING", path="parties.notify_party"))
        for index, line in enumerate(data.lines):
            if not line.description_en.strip():
                path = f"lines[{index}].description_en"
                found.append(problem("SI_DESCRIPTION_MISSING", path=path, line=line.line_no))
        for index, load in enumerate(data.containers):
            if not [seal for seal in load.seals if seal.strip()]:
                path = f"containers[{index}].seals"
                found.append(problem("SI_SEALS_MISSING", path=path, number=load.number))
        # Entering the EU by sea, the ENS is the maritime one (the rail ENS is left out of
        # the pack by its applies()): said here, on the document the carrier files it from.
        entry = data.first_eu_entry
        if data.first_eu_entry_by_sea and entry is not None:
            found.append(
                problem(
                    "ENS_MARITIME_NOT_PRODUCED",
                    path="route_option",
                    place=entry.name,
                    locode=entry.locode,
                )
            )
        return found

    def payload(self, data: PackData) -> dict[str, Any]:
        """What the PDF prints, before the stamp; the tests read it too."""
        header = data.header
        term = freight_payment_term(data)
        pre, on = carriage(data)
        items = cargo_items(data)
        names = data.lookups.customs_names
        return {
            "reference": header["reference"],
            "invoice_number": header.get("invoice_number") or "",
            "booking_reference": "",  # the carrier's, not on the shipment: to be advised
            "vessel": "",
            "voyage": "",
            "document_type": TRANSPORT_DOCUMENT_TYPE,
            "originals": ORIGINALS,
            "freight": term,
            "freight_label": list(FREIGHT_LABELS.get(term, ("", ""))),
            "incoterm": " ".join(
                part for part in (str(header.get("incoterm") or ""), incoterm_place(data)) if part
            ),
            "shipper": party_json(_party(data, "consignor")),
            "consignee": party_json(_party(data, "consignee")),
            "notify": party_json(_party(data, "notify_party")),
            "pre_carriage": pre,
            "on_carriage": on,
            "rail_from": _place_json(data.rail_part.start if data.rail_part else None),
            "rail_to": _place_json(data.rail_part.end if data.rail_part else None),
            "place_of_receipt": _place_json(data.origin),
            "port_of_loading": _place_json(data.port_of_loading),
            "port_of_discharge": _place_json(data.port_of_discharge),
            "place_of_delivery": _place_json(data.destination),
            "containers": [
                {
                    "number": load.number,
                    "size_type": load.size_type,
                    "seals": ", ".join(load.seals),
                    "packages": load.packages,
                    "gross_kg": number_text(load.gross_kg),
                    "tare_kg": number_text(load.tare_kg) if load.tare_kg is not None else "",
                }
                for load in data.containers
            ],
            "lines": [
                {
                    "line_no": line.line_no,
                    "marks": line.marks,
                    "packages": line.packages,
                    "package_type": line.package_type,
                    "package_name": PACKAGE_NAMES.get(
                        PACKAGE_TYPE_REC21.get(line.package_type, ""), ""
                    ),
                    "package_name_zh": names.get(("packaging_type", line.package_type), ""),
                    "description": line.description_en,
                    "description_zh": line.description_zh,
                    "hs_code": line.hs_code,
                    "gross_kg": number_text(line.gross_kg),
                    "containers": ", ".join(
                        item.container for item in items if item.line_no == line.line_no
                    ),
                }
                for line in data.lines
            ],
            "total_packages": data.total_packages,
            "total_gross_kg": number_text(data.total_gross_kg),
        }

    def message(self, data: PackData) -> ET.Element:
        """The XML: DCSA's Shipping Instructions structure (see the XSD)."""
        root = ET.Element("ShippingInstructions", {"xmlns": NAMESPACE})
        element(root, "transportDocumentTypeCode", TRANSPORT_DOCUMENT_TYPE)
        element(root, "isShippedOnBoardType", "true")
        term = freight_payment_term(data)
        if term:
            element(root, "freightPaymentTermCode", term)
        element(root, "isElectronic", "false")
        element(root, "isToOrder", "false")
        element(root, "numberOfOriginalsWithCharges", 0)
        element(root, "numberOfOriginalsWithoutCharges", ORIGINALS)
        discharge = data.port_of_discharge
        element(
            root,
            "isCargoDeliveredInICS2Zone",
            "true" if discharge is not None and discharge.country in _ics2_zone(data) else "false",
        )
        references = element(root, "references")
        reference = element(references, "reference")
        element(reference, "type", "SI")  # DCSA reference type: the shipper's reference
        element(reference, "value", data.header["reference"])
        self._transports(element(root, "transports"), data)
        parties = element(root, "documentParties")
        for tag, role in (("shipper", "consignor"), ("consignee", "consignee")):
            party = _party(data, role)
            if party is not None:
                _party_xml(element(parties, tag), party)
        notify = _party(data, "notify_party")
        if notify is not None:
            _party_xml(element(element(parties, "notifyParties"), "notifyParty"), notify)
        self._consignment_items(element(root, "consignmentItems"), data)
        equipments = element(root, "utilizedTransportEquipments")
        for load in data.containers:
            used = element(equipments, "utilizedTransportEquipment")
            equipment = element(used, "equipment")
            element(equipment, "equipmentReference", load.number)
            if load.size_type:
                element(equipment, "ISOEquipmentCode", load.size_type)
            if load.tare_kg is not None:
                _weight(element(equipment, "tareWeight"), load.tare_kg)
            _weight(element(used, "cargoGrossWeight"), load.gross_kg)
            seals = element(used, "seals")
            for seal in load.seals:
                element(element(seals, "seal"), "number", seal)
        return root

    def _transports(self, transports: ET.Element, data: PackData) -> None:
        pre, on = carriage(data)
        if pre:
            element(transports, "preCarriageBy", pre)
        if on:
            element(transports, "onCarriageBy", on)
        for tag, place in (
            ("placeOfReceipt", data.origin),
            ("portOfLoading", data.port_of_loading),
            ("portOfDischarge", data.port_of_discharge),
            ("placeOfDelivery", data.destination),
        ):
            if place is not None:
                located = element(transports, tag)
                element(located, "locationName", place.name)
                element(located, "UNLocationCode", place.locode)

    def _consignment_items(self, parent: ET.Element, data: PackData) -> None:
        items = cargo_items(data)
        for line in data.lines:
            consignment = element(parent, "consignmentItem")
            element(consignment, "descriptionOfGoods", line.description_en)
            element(consignment, "HSCodes", line.hs_code)
            cargo = element(consignment, "cargoItems")
            for item in (i for i in items if i.line_no == line.line_no):
                entry = element(cargo, "cargoItem")
                element(entry, "equipmentReference", item.container)
                _weight(element(entry, "cargoGrossWeight"), item.gross_kg)
                packaging = element(entry, "outerPackaging")
                code = PACKAGE_TYPE_REC21.get(line.package_type)
                if code:
                    element(packaging, "packageCode", code)
                if code:
                    element(packaging, "description", PACKAGE_NAMES[code])
                element(packaging, "numberOfPackages", item.packages)
            if line.marks:
                element(consignment, "shippingMarks", line.marks)

    def render(self, data: PackData, stamps: Stamps) -> list[Rendered]:
        reference = data.header["reference"]
        content = validated_xml(self.kind, self.message(data), XSD)
        payload = self.payload(data) | {"stamp": stamp_json(stamps["pdf"])}
        return [
            pdf(
                self.kind,
                f"{reference}-shipping-instructions.pdf",
                render_typst("shipping_instructions", payload),
            ),
            xml(self.kind, f"{reference}-shipping-instructions.xml", content),
        ]


def _weight(parent: ET.Element, kg: Decimal) -> None:
    element(parent, "value", kg)
    element(parent, "unit", "KGM")


def _party_xml(parent: ET.Element, party: Party) -> None:
    element(parent, "partyName", party.name_latin)
    address = element(parent, "address")
    street = party.address_latin or party.address_local
    if street:
        element(address, "street", street)
    if party.postcode:
        element(address, "postCode", party.postcode)
    if party.city:
        element(address, "city", party.city)
    element(address, "countryCode", party.country)
    codes = [
        (kind, value)
        for kind, value in (("USCC", party.uscc), ("EORI", party.eori), ("VAT", party.vat_number))
        if value
    ]
    if codes:
        references = element(parent, "taxLegalReferences")
        for kind, value in codes:
            reference = element(references, "taxLegalReference")
            element(reference, "type", kind)
            element(reference, "countryCode", party.country)
            element(reference, "value", value)
