"""The EU ICS2 entry summary declaration for rail (IE3F51): XML and a readable summary.

The XML is the IE3F51 message in the element names, order and cardinalities of the EU's
ICS2 HTI specification v2.02, in our own namespace (``documents/ens/`` builds it,
``xsd/ics2-ens-rail.xsd`` validates it and says where each part comes from). The filer
is the carrier: the operator that runs the train, with its EORI number.
"""

from __future__ import annotations

import datetime
from typing import Any

from cloudcabin.documents.data import PackData, Place
from cloudcabin.documents.ens import codes
from cloudcabin.documents.ens.consignment import (
    carrier,
    enters_the_eu,
    entry_office,
    estimated_arrival,
    first_entry_country,
    first_entry_place,
    house_consignments,
    train_nationality,
)
from cloudcabin.documents.ens.findings import ens_findings
from cloudcabin.documents.ens.message import ENS_XSD, ens_message, lrn
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
from cloudcabin.documents.models import DocumentKind
from cloudcabin.errors import Problem
from cloudcabin.numbers import number_text
from cloudcabin.xmlout import validated_xml

__all__ = ["Ics2EntrySummary", "ens_message", "enters_the_eu", "first_entry_country"]


def _place_json(place: Place | None) -> dict[str, str]:
    if place is None:
        return {"locode": "", "name": "", "country": ""}
    return {"locode": place.locode, "name": place.name, "country": place.country}


def _arrival_text(data: PackData) -> str:
    arrival = estimated_arrival(data)
    return arrival.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC") if arrival else ""


def ens_summary(data: PackData) -> dict[str, Any]:
    """What the PDF shows: the XML's values, in the same words as the XML."""
    office = entry_office(data)
    who = carrier(data)
    return {
        "lrn": lrn(data),
        "reference": data.header["reference"],
        "train": data.header.get("train_number") or "",
        "nationality": train_nationality(data),
        "arrival": _arrival_text(data),
        "routing": list(data.routing_countries),
        "first_entry_country": first_entry_country(data),
        "entry_place": _place_json(first_entry_place(data)),
        "office": office,
        "office_name": codes.office_names().get(office, ""),
        "transport_document": data.header.get("consignment_note_number") or "",
        "transport_document_type": codes.CIM_NOTE,
        "loading": _place_json(data.loading or data.origin),
        "unloading": _place_json(data.destination),
        "carrier": None
        if who is None
        else {"name": who.name, "eori": who.eori, "city": who.city, "country": who.country},
        "consignor": party_json(data.parties.get("consignor")),
        "consignee": party_json(data.parties.get("consignee")),
        "buyer": party_json(data.parties.get("buyer")),
        "seller": party_json(data.parties.get("seller")),
        "gross_kg": number_text(data.total_gross_kg),
        "packages": str(data.total_packages),
        "houses": [
            {
                "no": str(house.number),
                "gross_kg": number_text(house.gross_kg),
                "items": [
                    {
                        "no": str(index),
                        "hs_code": item.hs_code,
                        "description": item.description,
                        "package_type": item.package_type,
                        "packages": str(item.packages),
                        "marks": item.marks,
                        "gross_kg": number_text(item.gross_kg),
                        "un_number": item.un_number,
                        "lines": ", ".join(str(no) for no in item.lines),
                        "containers": item.containers,
                    }
                    for index, item in enumerate(house.items, start=1)
                ],
                "equipment": [
                    {"number": load.number, "size_type": load.size_type, "seals": load.seals}
                    for load in house.containers
                ],
            }
            for house in house_consignments(data)
        ],
    }


def _issued_at(stamps: Stamps) -> datetime.datetime | None:
    issued = stamps["xml"].issued_at
    return datetime.datetime.fromisoformat(issued) if issued else None


class Ics2EntrySummary:
    kind = DocumentKind.ICS2_ENS.value
    formats: tuple[str, ...] = ("pdf", "xml")

    def applies(self, data: PackData) -> bool:
        """Goods entering the EU by rail (or road). Entering by sea, the ENS is the
        maritime one, which this pack does not produce: the shipping instructions say so."""
        return enters_the_eu(data) and not data.first_eu_entry_by_sea

    def facts(self, data: PackData) -> Facts:
        consignor, consignee = data.parties.get("consignor"), data.parties.get("consignee")
        return Facts(
            kind=self.kind,
            consignor=consignor.name_latin if consignor else "",
            consignee=consignee.name_latin if consignee else "",
            gross_kg=data.total_gross_kg,
            packages=data.total_packages,
            routing_countries=tuple(data.routing_countries),
            hs_codes=tuple(line.hs_code for line in data.lines),
        )

    def findings(self, data: PackData) -> list[Problem]:
        return ens_findings(data)

    def render(self, data: PackData, stamps: Stamps) -> list[Rendered]:
        reference = data.header["reference"]
        message = ens_message(data, _issued_at(stamps))
        content = validated_xml(self.kind, message, ENS_XSD)
        payload = ens_summary(data) | {"stamp": stamp_json(stamps["pdf"])}
        return [
            pdf(self.kind, f"{reference}-ics2-ens.pdf", render_typst("ics2_ens", payload)),
            xml(self.kind, f"{reference}-ics2-ens.xml", content),
        ]
