"""The EU ICS2 (Release 3) entry summary declaration for rail: a data set XML and a summary.

The XML follows our own schema, ``xsd/ics2-ens-rail.xsd``, modelled on the ICS2 R3
rail data elements in trade-documents.md §3c; it is not the EU's message format
(the rail filing-type codes are unverified there). Every file is validated before it
is returned.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from cloudcabin.accounts.identifiers import EU_COUNTRIES
from cloudcabin.documents.data import PackData, Party, Place
from cloudcabin.documents.kinds.base import (
    Facts,
    Rendered,
    Stamps,
    party_json,
    pdf,
    render_typst,
    stamp_json,
    xml,
)
from cloudcabin.documents.kinds.xmlutil import element, number, validated_xml
from cloudcabin.documents.models import DocumentKind
from cloudcabin.errors import Problem, ProblemError, problem

ENS_NS = "urn:cloudcabin:documents:ics2-ens-rail:1"
# UN/ECE Rec. 19 mode of transport, as ICS2 uses it: 2 = rail.
RAIL = "2"
# China customs package type (包装种类) → UN/ECE Rec. 21 type of packages. Only the
# unambiguous ones: bulk (00) and spherical tanks (04) are left for the filer.
PACKAGE_TYPE_REC21 = {
    "01": "NE",  # unpacked
    "06": "BG",  # bag
    "22": "CT",  # carton
    "23": "CS",  # case
    "29": "BX",  # box
    "32": "DR",  # drum
    "33": "DR",
    "39": "DR",
    "92": "PX",  # pallet
    "93": "PX",
    "99": "PK",  # package
}


def enters_the_eu(routing: list[str]) -> bool:
    """Whether the goods pass from a non-EU country into the EU somewhere on the route.

    An ENS is lodged for goods brought into the EU customs territory, so goods that
    only leave the EU (an import into China from Duisburg) need none.
    """
    return bool(first_entry_country(routing))


def first_entry_country(routing: list[str]) -> str:
    """The first EU country after a non-EU one: the country of the office of first entry."""
    for index, country in enumerate(routing):
        if index > 0 and country in EU_COUNTRIES and routing[index - 1] not in EU_COUNTRIES:
            return country
    return ""


def _place(parent: ET.Element, tag: str, place: Place | None) -> None:
    node = element(parent, tag)
    element(node, "UNLocode", place.locode if place else "")
    element(node, "Country", place.country if place else "")


def _party(parent: ET.Element, tag: str, party: Party | None) -> None:
    if party is None:
        return
    node = element(parent, tag)
    element(node, "Name", party.name_latin)
    if party.eori:
        element(node, "IdentificationNumber", party.eori)
    address = element(node, "Address")
    element(address, "Street", party.address_latin or party.address_local)
    element(address, "PostCode", party.postcode)
    element(address, "City", party.city)
    element(address, "Country", party.country)


def _equipment_of(data: PackData) -> dict[int, list[str]]:
    held: dict[int, list[str]] = {}
    for load in data.containers:
        for line_no, _ in load.lines:
            held.setdefault(line_no, []).append(load.number)
    return held


def ens_fields(data: PackData) -> dict[str, Any]:
    """What the XML and the summary show, as strings, computed once."""
    header = data.header
    held = _equipment_of(data)
    return {
        "lrn": f"{header['reference']}-R{data.revision}",
        "reference": header["reference"],
        "invoice_number": header.get("invoice_number") or "",
        "mode": RAIL,
        "routing": list(data.routing_countries),
        "first_entry_country": first_entry_country(data.routing_countries),
        "transport_document": header.get("consignment_note_number") or "",
        "loading": data.loading or data.origin,
        "unloading": data.destination,
        "gross_kg": number(data.total_gross_kg),
        "packages": str(data.total_packages),
        "items": [
            {
                "no": str(index),
                "hs_code": line.hs_code,
                "description": line.description_en,
                "package_type": PACKAGE_TYPE_REC21.get(line.package_type, ""),
                "packages": str(line.packages),
                "marks": line.marks,
                "gross_kg": number(line.gross_kg),
                "un_number": line.un_number,
                "equipment": held.get(line.line_no, []),
            }
            for index, line in enumerate(data.lines, start=1)
        ],
        "equipment": [
            {"no": str(index), "number": load.number, "seals": list(load.seals)}
            for index, load in enumerate(data.containers, start=1)
        ],
    }


def ens_message(data: PackData) -> ET.Element:
    f = ens_fields(data)
    root = ET.Element("EntrySummaryDeclaration", {"xmlns": ENS_NS, "version": "1"})
    head = element(root, "Header")
    element(head, "LRN", f["lrn"])
    element(head, "SplitConsignmentIndicator", "false")
    _party(root, "Declarant", data.parties.get("declarant"))
    means = element(root, "ActiveBorderTransportMeans")
    element(means, "ModeOfTransport", f["mode"])
    routing = element(means, "CountriesOfRouting")
    for sequence, country in enumerate(f["routing"], start=1):
        element(routing, "Country", country).set("sequence", str(sequence))
    office = element(root, "CustomsOfficeOfFirstEntry")
    element(office, "Country", f["first_entry_country"])
    if data.header.get("office_of_first_entry"):
        element(office, "ReferenceNumber", data.header["office_of_first_entry"])
    master = element(root, "MasterConsignment")
    document = element(master, "TransportDocument")
    element(document, "Type", "CIM_SMGS")
    element(document, "ReferenceNumber", f["transport_document"])
    _place(master, "PlaceOfLoading", f["loading"])
    _place(master, "PlaceOfUnloading", f["unloading"])
    _party(master, "Consignor", data.parties.get("consignor"))
    _party(master, "Consignee", data.parties.get("consignee"))
    _party(master, "NotifyParty", data.parties.get("notify_party"))
    element(master, "TotalGrossMass", f["gross_kg"])
    for item in f["equipment"]:
        equipment = element(master, "TransportEquipment")
        equipment.set("sequence", item["no"])
        element(equipment, "ContainerIdentificationNumber", item["number"])
        element(equipment, "NumberOfSeals", str(len(item["seals"])))
        for seal in item["seals"]:
            element(equipment, "SealIdentifier", seal)
    for item in f["items"]:
        goods = element(master, "GoodsItem")
        goods.set("sequence", item["no"])
        element(goods, "HarmonizedSystemSubHeadingCode", item["hs_code"])
        element(goods, "DescriptionOfGoods", item["description"])
        packaging = element(goods, "Packaging")
        if item["package_type"]:
            element(packaging, "TypeOfPackages", item["package_type"])
        element(packaging, "NumberOfPackages", item["packages"])
        element(packaging, "ShippingMarks", item["marks"])
        element(goods, "GrossMass", item["gross_kg"])
        if item["un_number"]:
            element(goods, "UNNumber", item["un_number"])
        for number_ in item["equipment"]:
            element(goods, "TransportEquipmentReference", number_)
    return root


# ICS2 takes at most 999 goods items in one consignment (the XSD says the same).
MAX_GOODS_ITEMS = 999
# Limits of xsd/ics2-ens-rail.xsd the shipment's own fields do not already keep:
# the "Text" type (streets, seals) and the seals one piece of equipment carries.
TEXT_LIMIT = 512
MAX_SEALS = 99
ENS_PARTIES = ("declarant", "consignor", "consignee", "notify_party")


def ens_findings(data: PackData) -> list[Problem]:
    """What the ENS XSD would reject, as findings on the shipment's fields.

    The place of unloading (the destination) is not asked for here: the declaration,
    which every pack carries, already asks for it (DEC_COUNTRY_MISSING).
    """
    found: list[Problem] = []
    if len(data.lines) > MAX_GOODS_ITEMS:
        found.append(problem("ENS_TOO_MANY_ITEMS", path="lines", items=len(data.lines)))
    if (data.loading or data.origin) is None:
        found.append(problem("ENS_LOADING_PLACE_MISSING", path="loading_locode"))
    for role in ENS_PARTIES:
        party = data.parties.get(role)
        if party is None:
            continue
        field = "address_latin" if party.address_latin else "address_local"
        if len(party.address_latin or party.address_local) > TEXT_LIMIT:
            found.append(problem("ENS_TOO_LONG", path=f"parties.{role}.{field}", limit=TEXT_LIMIT))
    for index, line in enumerate(data.lines):
        if not line.description_en:
            found.append(
                problem(
                    "ENS_DESCRIPTION_MISSING",
                    path=f"lines[{index}].description_en",
                    line=line.line_no,
                )
            )
        if line.gross_kg <= 0:
            found.append(
                problem("ENS_GROSS_MISSING", path=f"lines[{index}].gross_kg", line=line.line_no)
            )
    for index, load in enumerate(data.containers):
        if len(load.seals) > MAX_SEALS or any(len(seal) > TEXT_LIMIT for seal in load.seals):
            found.append(
                problem(
                    "ENS_SEALS_INVALID",
                    path=f"containers[{index}].seals",
                    number=load.number,
                    count=MAX_SEALS,
                    limit=TEXT_LIMIT,
                )
            )
    return found


class Ics2EntrySummary:
    kind = DocumentKind.ICS2_ENS.value
    formats: tuple[str, ...] = ("pdf", "xml")

    def applies(self, data: PackData) -> bool:
        return enters_the_eu(data.routing_countries)

    def facts(self, data: PackData) -> Facts:
        consignor, consignee = data.parties.get("consignor"), data.parties.get("consignee")
        return Facts(
            kind=self.kind,
            consignor=consignor.name_latin if consignor else "",
            consignee=consignee.name_latin if consignee else "",
            gross_kg=data.total_gross_kg,
            packages=data.total_packages,
            routing_countries=tuple(ens_fields(data)["routing"]),
            hs_codes=tuple(line.hs_code for line in data.lines),
        )

    def findings(self, data: PackData) -> list[Problem]:
        return ens_findings(data)

    def render(self, data: PackData, stamps: Stamps) -> list[Rendered]:
        reference = data.header["reference"]
        if len(data.lines) > MAX_GOODS_ITEMS:
            raise ProblemError.of("ENS_TOO_MANY_ITEMS", path="lines", items=len(data.lines))
        content = validated_xml(self.kind, ens_message(data), "ics2-ens-rail.xsd")
        fields = ens_fields(data)
        payload = fields | {
            "loading": _place_json(fields["loading"]),
            "unloading": _place_json(fields["unloading"]),
            "consignor": party_json(data.parties.get("consignor")),
            "consignee": party_json(data.parties.get("consignee")),
            "notify_party": party_json(data.parties.get("notify_party")),
            "declarant": party_json(data.parties.get("declarant")),
            "office_of_first_entry": data.header.get("office_of_first_entry") or "",
            "stamp": stamp_json(stamps["pdf"]),
        }
        return [
            pdf(self.kind, f"{reference}-ics2-ens.pdf", render_typst("ics2_ens", payload)),
            xml(self.kind, f"{reference}-ics2-ens.xml", content),
        ]


def _place_json(place: Place | None) -> dict[str, str]:
    if place is None:
        return {"locode": "", "name": "", "country": ""}
    return {"locode": place.locode, "name": place.name, "country": place.country}
