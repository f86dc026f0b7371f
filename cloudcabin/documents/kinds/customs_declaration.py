"""The China customs goods declaration (报关单): the printed form and the DecMessage XML.

Export shipments give 出口货物报关单, import shipments 进口货物报关单. The values come
from ``documents.declaration`` (record → findings → parts); this module only presents
them. More than 50 items make several declarations, each a PDF and an XML of its own.
"""

from __future__ import annotations

from typing import Any

from cloudcabin.documents.data import PackData
from cloudcabin.documents.declaration.elements import XSD_FILE
from cloudcabin.documents.declaration.findings import declaration_findings
from cloudcabin.documents.declaration.message import Part, dec_message, declaration_parts
from cloudcabin.documents.declaration.record import (
    CUSTOMS_DISTRICT,
    DESTINATION_PORT,
    DOMESTIC_PORT,
    DOMESTIC_REGION,
    DUTY_MODE,
    LICENCE_DOCUMENT,
    DeclarationRecord,
)
from cloudcabin.documents.kinds.base import (
    Facts,
    Rendered,
    Stamps,
    in_parallel,
    party_json,
    pdf,
    render_typst,
    stamp_json,
    xml,
)
from cloudcabin.documents.models import DocumentKind
from cloudcabin.errors import Problem
from cloudcabin.numbers import money_text
from cloudcabin.xmlout import validated_xml

# Our attached documents, as the 随附单据 box lists them.
ATTACHED = (DocumentKind.COMMERCIAL_INVOICE.value, DocumentKind.PACKING_LIST.value)


def _label(data: PackData, table: str, code: str) -> str:
    name = data.lookups.customs_names.get((table, code), "")
    return f"{code} {name}".strip()


def _country(data: PackData, alpha3: str) -> str:
    alpha2 = next((a2 for a2, a3 in data.lookups.country_alpha3.items() if a3 == alpha3), "")
    english, chinese = data.lookups.country_names.get(alpha2, ("", ""))
    return " ".join(part for part in (alpha3, chinese, english) if part)


def _printed_part(data: PackData, record: DeclarationRecord, part: Part) -> dict[str, Any]:
    """One part as the form prints it: the XML's values with the names of their codes."""
    head = part.head
    unit_names = data.lookups.customs_unit_names
    seals = {load.number: load.seals for load in data.containers}
    port_table = DESTINATION_PORT
    return {
        "number": part.number,
        "of": part.of,
        "head": head,
        "labels": {
            "CustomMaster": _label(data, CUSTOMS_DISTRICT, head["CustomMaster"]),
            "IEPort": _label(data, CUSTOMS_DISTRICT, head["IEPort"]),
            "EntyPortCode": _label(data, DOMESTIC_PORT, head["EntyPortCode"]),
            "DistinatePort": _label(data, port_table, head["DistinatePort"]),
            "DespPortCode": _label(data, port_table, head["DespPortCode"]),
            "TrafMode": _label(data, "transport_mode", head["TrafMode"]),
            "TradeMode": _label(data, "supervision_mode", head["TradeMode"]),
            "CutMode": _label(data, "levy_nature", head["CutMode"]),
            "TransMode": _label(data, "transaction_mode", head["TransMode"]),
            "WrapType": _label(data, "packaging_type", head["WrapType"]),
            "TradeCountry": _country(data, head["TradeCountry"]),
            "TradeAreaCode": _country(data, head["TradeAreaCode"]),
        },
        "other_packs": [
            _label(data, "packaging_type", p["PackType"]) + f" × {p['PackQty']}"
            for p in part.other_packs
        ],
        "licences": [
            f"{_label(data, LICENCE_DOCUMENT, lic['DocuCode'])} {lic['CertCode']}"
            for lic in part.licences
        ],
        "containers": [
            container | {"seals": ", ".join(seals.get(container["ContainerId"], []))}
            for container in part.containers
        ],
        "lines": [
            values
            | {
                "lines": ",".join(str(d.line.line_no) for d in item.lines),
                "first_unit_name": unit_names.get(values["FirstUnit"], ""),
                "second_unit_name": unit_names.get(values["SecondUnit"], ""),
                "unit_name": unit_names.get(values["GUnit"], ""),
                "origin_label": _country(data, values["OriginCountry"]),
                "destination_label": _country(data, values["DestinationCountry"]),
                "region_label": _label(data, DOMESTIC_REGION, values["DistrictCode"]),
                "duty_label": _label(data, DUTY_MODE, values["DutyMode"]),
            }
            for item, values in zip(part.items, part.lists, strict=True)
        ],
        "voyage_no": part.free_text["VoyNo"],
        "client_seq": part.sign["ClientSeqNo"],
        "total_amount": money_text(part.total_amount),
    }


class CustomsDeclaration:
    kind = DocumentKind.CUSTOMS_DECLARATION.value
    formats: tuple[str, ...] = ("pdf", "xml")

    def applies(self, data: PackData) -> bool:
        return True

    def facts(self, data: PackData) -> Facts:
        consignor, consignee = data.parties.get("consignor"), data.parties.get("consignee")
        return Facts(
            kind=self.kind,
            consignor=consignor.name_latin if consignor else "",
            consignee=consignee.name_latin if consignee else "",
            gross_kg=data.total_gross_kg,
            packages=data.total_packages,
            amount=data.total_amount,
            currency=data.currency,
            bill_no=data.header.get("consignment_note_number") or "",
            hs_codes=tuple(line.hs_code for line in data.lines),
            attached=ATTACHED,
        )

    def findings(self, data: PackData) -> list[Problem]:
        return declaration_findings(data, data.declaration)

    def parts(self, data: PackData) -> list[Part]:
        return declaration_parts(data, data.declaration)

    def render(self, data: PackData, stamps: Stamps) -> list[Rendered]:
        reference = data.header["reference"]
        record = data.declaration
        common = {
            "ie_flag": "I" if record.is_import else "E",
            "reference": reference,
            "invoice_number": data.header.get("invoice_number") or "",
            "domestic": party_json(
                data.parties.get("consignee" if record.is_import else "consignor")
            ),
            "overseas": party_json(
                data.parties.get("consignor" if record.is_import else "consignee")
            ),
            "producer": party_json(
                data.parties.get("producer")
                or data.parties.get("consignee" if record.is_import else "consignor")
            ),
            "declarant": party_json(data.parties.get("declarant")),
            "currency": data.currency,
        }

        def files_of(part: Part) -> list[Rendered]:
            name = f"{reference}-customs-declaration{part.suffix}"
            content = validated_xml(self.kind, dec_message(part), XSD_FILE)
            payload = common | _printed_part(data, record, part)
            payload["stamp"] = stamp_json(stamps.get("pdf", part.number))
            return [
                pdf(
                    self.kind,
                    f"{name}.pdf",
                    render_typst("customs_declaration", payload),
                    part.number,
                ),
                xml(self.kind, f"{name}.xml", content, part.number),
            ]

        # The parts of a large consolidation compile side by side, in order.
        return [
            item
            for files in in_parallel(files_of, declaration_parts(data, record))
            for item in files
        ]
