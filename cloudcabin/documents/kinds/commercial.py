"""The commercial invoice and the packing list, with bilingual Chinese/English labels."""

from __future__ import annotations

from typing import Any

from cloudcabin.documents.data import PackData
from cloudcabin.documents.kinds.base import (
    Facts,
    Rendered,
    Stamps,
    incoterm_place,
    party_json,
    pdf,
    render_typst,
    stamp_json,
    unit_name,
)
from cloudcabin.documents.models import DocumentKind
from cloudcabin.errors import Problem


def _common(data: PackData) -> dict[str, Any]:
    header = data.header
    return {
        "reference": header["reference"],
        "invoice_number": header.get("invoice_number") or "",
        "invoice_date": header.get("invoice_date") or "",
        "contract_number": header.get("contract_number") or "",
        "incoterm": header.get("incoterm") or "",
        "incoterm_place": incoterm_place(data),
        "currency": data.currency,
        "origin": data.origin.name if data.origin else "",
        "destination": data.destination.name if data.destination else "",
        "seller": party_json(data.parties.get("seller") or data.parties.get("consignor")),
        "buyer": party_json(data.parties.get("buyer") or data.parties.get("consignee")),
        "consignor": party_json(data.parties.get("consignor")),
        "consignee": party_json(data.parties.get("consignee")),
        "total_packages": data.total_packages,
        "total_net_kg": data.total_net_kg,
        "total_gross_kg": data.total_gross_kg,
        "total_amount": data.total_amount,
    }


def _line_json(data: PackData) -> list[dict[str, Any]]:
    return [
        {
            "line_no": line.line_no,
            "description": line.description_en,
            "description_zh": line.description_zh,
            "hs_code": line.hs_code,
            "quantity": line.quantity if line.quantity is not None else "",
            "unit": unit_name(data, line.unit) if line.unit else "",
            "unit_price": line.unit_price if line.unit_price is not None else "",
            "amount": line.amount,
            "packages": line.packages,
            "net_kg": line.net_kg,
            "gross_kg": line.gross_kg,
            "origin_country": line.origin_country,
            "marks": line.marks,
        }
        for line in data.lines
    ]


def _names(data: PackData) -> tuple[str, str]:
    consignor = data.parties.get("consignor")
    consignee = data.parties.get("consignee")
    return (consignor.name_latin if consignor else "", consignee.name_latin if consignee else "")


class CommercialInvoice:
    kind = DocumentKind.COMMERCIAL_INVOICE.value
    formats: tuple[str, ...] = ("pdf",)

    def applies(self, data: PackData) -> bool:
        return True

    def facts(self, data: PackData) -> Facts:
        consignor, consignee = _names(data)
        return Facts(
            kind=self.kind,
            consignor=consignor,
            consignee=consignee,
            gross_kg=data.total_gross_kg,
            packages=data.total_packages,
            amount=data.total_amount,
            currency=data.currency,
            hs_codes=tuple(line.hs_code for line in data.lines),
        )

    def findings(self, data: PackData) -> list[Problem]:
        return []

    def render(self, data: PackData, stamps: Stamps) -> list[Rendered]:
        payload = _common(data) | {"lines": _line_json(data), "stamp": stamp_json(stamps["pdf"])}
        content = render_typst("commercial_invoice", payload)
        return [pdf(self.kind, f"{data.header['reference']}-invoice.pdf", content)]


class PackingList:
    kind = DocumentKind.PACKING_LIST.value
    formats: tuple[str, ...] = ("pdf",)

    def applies(self, data: PackData) -> bool:
        return True

    def facts(self, data: PackData) -> Facts:
        consignor, consignee = _names(data)
        return Facts(
            kind=self.kind,
            consignor=consignor,
            consignee=consignee,
            gross_kg=data.total_gross_kg,
            packages=data.total_packages,
            hs_codes=tuple(line.hs_code for line in data.lines),
        )

    def findings(self, data: PackData) -> list[Problem]:
        return []

    def render(self, data: PackData, stamps: Stamps) -> list[Rendered]:
        lines = {line["line_no"]: line for line in _line_json(data)}
        containers = [
            {
                "number": load.number,
                "size_type": load.size_type,
                "seals": ", ".join(load.seals),
                "packages": load.packages,
                "net_kg": load.net_kg,
                "gross_kg": load.gross_kg,
                "lines": [
                    lines[stowed.line_no]
                    | {
                        "marks": stowed.marks,
                        "stowed_packages": stowed.packages,
                        "stowed_net_kg": stowed.net_kg,
                        "stowed_gross_kg": stowed.gross_kg,
                    }
                    for stowed in load.lines
                    if stowed.line_no in lines
                ],
            }
            for load in data.containers
        ]
        payload = _common(data) | {
            "lines": list(lines.values()),
            "containers": containers,
            "stamp": stamp_json(stamps["pdf"]),
        }
        content = render_typst("packing_list", payload)
        return [pdf(self.kind, f"{data.header['reference']}-packing-list.pdf", content)]
