"""The IE3F51 message (ENS for rail) as XML, in the element names and order of the EU's
ICS2 HTI specification v2.02; ``xsd/ics2-ens-rail.xsd`` says which part comes from where.
"""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from pathlib import Path

from cloudcabin.documents.data import PackData, Party, Place
from cloudcabin.documents.ens import codes
from cloudcabin.documents.ens.consignment import (
    Carrier,
    HouseConsignment,
    carrier,
    entry_office,
    estimated_arrival,
    house_consignments,
    train_nationality,
)
from cloudcabin.numbers import number_text
from cloudcabin.xmlout import element

# Our own namespace: the specification we read (HTI, the IEs as tables) does not state
# the namespace of the EU's IE3F51 schema, so the message is ours in the EU's structure.
ENS_NS = "urn:cloudcabin:documents:ics2-ie3f51:1"
ENS_XSD = Path(__file__).resolve().parent.parent / "xsd" / "ics2-ens-rail.xsd"
STREET = 70  # an..70 for a street and for its additional line


def lrn(data: PackData) -> str:
    return f"{data.header['reference']}-R{data.revision}"


def split_street(text: str) -> tuple[str, str]:
    """An address in the street (an..70) and the additional line (an..70), at a space."""
    text = " ".join(text.split())
    if len(text) <= STREET:
        return text, ""
    cut = text.rfind(" ", 0, STREET + 1)
    cut = cut if cut > 0 else STREET
    return text[:cut].rstrip(), text[cut:].strip()


def _address(parent: ET.Element, *, street: str, city: str, postcode: str, country: str) -> None:
    node = element(parent, "address")
    element(node, "city", city)
    element(node, "country", country)
    line, more = split_street(street)
    if line:
        element(node, "street", line)
    if postcode:
        element(node, "postCode", postcode)
    if more:
        element(node, "streetAdditionalLine", more)


def _party(parent: ET.Element, tag: str, party: Party) -> None:
    node = element(parent, tag)
    element(node, "name", party.name_latin)
    if party.eori:
        element(node, "identificationNumber", party.eori)
    element(node, "typeOfPerson", codes.chosen("CL729", "Legal person"))
    _address(
        node,
        street=party.address_latin or party.address_local,
        city=party.city,
        postcode=party.postcode,
        country=party.country,
    )


def _carrier(parent: ET.Element, tag: str, who: Carrier) -> None:
    node = element(parent, tag)
    element(node, "name", who.name)
    element(node, "identificationNumber", who.eori)
    _address(node, street=who.street, city=who.city, postcode=who.postcode, country=who.country)


def _place(parent: ET.Element, tag: str, place: Place | None) -> None:
    node = element(parent, tag)
    if place is not None:
        element(node, "UNLOCODE", place.locode)
        element(element(node, "address"), "country", place.country)


def _routing(parent: ET.Element, tag: str, countries: list[str]) -> None:
    for sequence, country in enumerate(countries, start=1):
        node = element(parent, tag)
        element(node, "sequenceNumber", str(sequence))
        element(node, "country", country)


def _house(parent: ET.Element, data: PackData, house: HouseConsignment) -> None:
    node = element(parent, "consignmentHouseLevel")
    in_containers = (
        "Goods carried in containers" if house.containers else "Goods not carried in containers"
    )
    element(node, "containerIndicator", codes.chosen("CL708", in_containers))
    element(node, "totalGrossMass", number_text(house.gross_kg))
    _place(node, "placeOfAcceptance", data.loading or data.origin)
    # Goods items are numbered from 1 in each house consignment.
    for index, item in enumerate(house.items, start=1):
        goods = element(node, "goodsItem")
        element(goods, "goodsItemNumber", str(index))
        commodity = element(goods, "commodity")
        element(commodity, "descriptionOfGoods", item.description)
        element(element(commodity, "commodityCode"), "harmonizedSystemSubHeadingCode", item.hs_code)
        if item.un_number:
            element(element(commodity, "dangerousGoods"), "UNNumber", item.un_number)
        element(element(goods, "weight"), "grossMass", number_text(item.gross_kg))
        packaging = element(goods, "packaging")
        if item.marks:
            element(packaging, "shippingMarks", item.marks)
        if item.packages:
            element(packaging, "numberOfPackages", str(item.packages))
        element(packaging, "typeOfPackages", item.package_type)
    charges = element(node, "transportCharges")
    element(charges, "methodOfPayment", codes.chosen("CL116", "Account holder with carrier"))
    _place(node, "placeOfDelivery", data.destination)
    buyer, seller = data.parties.get("buyer"), data.parties.get("seller")
    if buyer is not None and seller is not None:
        shipment = element(node, "goodsShipment")
        _party(shipment, "buyer", buyer)
        _party(shipment, "seller", seller)
    _routing(node, "countriesOfRoutingOfConsignment", data.routing_countries)
    for load in house.containers:
        equipment = element(node, "transportEquipment")
        element(equipment, "containerSizeAndType", load.size_type)
        element(equipment, "containerPackedStatus", codes.chosen("CL709", "Not empty"))
        element(equipment, "containerSupplierType", codes.chosen("CL711", "Carrier supplied"))
        element(equipment, "containerIdentificationNumber", load.number)
        element(equipment, "numberOfSeals", str(len(load.seals)))
        for seal in load.seals:
            element(element(equipment, "seal"), "identifier", seal)


def ens_message(data: PackData, issued_at: datetime.datetime | None = None) -> ET.Element:
    """The IE3F51 message of the pack: one master consignment, its house consignments."""
    issued = (issued_at or datetime.datetime.now(datetime.UTC)).astimezone(datetime.UTC)
    root = ET.Element("IE3F51", {"xmlns": ENS_NS})
    element(root, "LRN", lrn(data))
    element(root, "documentIssueDate", issued.strftime("%Y-%m-%dT%H:%M:%SZ"))
    element(
        root,
        "SpecificCircumstanceIndicator",
        codes.chosen("CL742", "ENS for rail (filing type of IE3F51)"),
    )
    element(root, "reEntryIndicator", codes.chosen("CL027", "No"))
    element(
        element(root, "splitConsignment"), "splitConsignmentIndicator", codes.chosen("CL027", "No")
    )
    means = element(root, "activeBorderTransportMeans")
    element(means, "identificationNumber", data.header.get("train_number") or "")
    element(means, "typeOfIdentification", codes.chosen("CL750", "Train number"))
    element(
        means,
        "typeOfMeansOfTransport",
        codes.chosen("CL751", "Rail transport (type not specified)"),
    )
    element(means, "nationality", train_nationality(data))
    element(means, "ModeOfTransport", codes.chosen("CL018", "Rail transport"))
    arrival = estimated_arrival(data)
    if arrival is not None:
        element(
            means,
            "estimatedDateAndTimeOfArrival",
            arrival.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
    _routing(means, "countriesOfRoutingOfMeansOfTransport", data.routing_countries)
    master = element(root, "consignmentMasterLevel")
    who = carrier(data)
    if who is not None:
        _carrier(master, "carrier", who)
    for role in ("consignee", "consignor"):
        party = data.parties.get(role)
        if party is not None:
            _party(master, role, party)
    charges = element(master, "transportCharges")
    element(charges, "methodOfPayment", codes.chosen("CL116", "Account holder with carrier"))
    _place(master, "placeOfDelivery", data.destination)
    for house in house_consignments(data):
        _house(master, data, house)
    _place(master, "placeOfLoading", data.loading or data.origin)
    document = element(master, "transportDocumentMasterLevel")
    element(document, "documentNumber", data.header.get("consignment_note_number") or "")
    element(document, "type", codes.CIM_NOTE)
    _place(master, "placeOfUnloading", data.destination)
    if who is not None:
        _carrier(root, "declarant", who)
    office = element(root, "customsOfficeOfFirstEntry")
    element(office, "referenceNumber", entry_office(data))
    return root
