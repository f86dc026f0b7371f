"""The China customs goods declaration (报关单): the printed form and a DecMessage XML.

Export shipments give 出口货物报关单, import shipments 进口货物报关单. Element names
follow trade-documents.md §3b. The XML is described by our own schema,
``xsd/dec-message.xsd`` (not GACC's, which we do not have), and every file is
validated against it before it is returned.

Fields our data does not hold (customs district 关别, domestic port 离境口岸, 指运港
port code, 境内货源地, 征免 code, licence documents) are read from the snapshot header
when present and otherwise left blank for the broker: they are never guessed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from decimal import Decimal
from typing import Any

from cloudcabin.documents.data import Line, PackData, Party
from cloudcabin.documents.kinds.base import (
    Facts,
    Rendered,
    Stamp,
    party_json,
    pdf,
    render_typst,
    stamp_json,
    xml,
)
from cloudcabin.documents.kinds.xmlutil import element, money_text, number, validated_xml
from cloudcabin.documents.models import DocumentKind
from cloudcabin.errors import ProblemError

DEC_NS = "urn:cloudcabin:documents:dec-message:1"

# 运输方式 for the route kind: the mode of the first leg (rail_road starts by rail,
# sea_rail by sea, so goods leave China by the first leg's mode). The Chinese name
# comes from the CustomsCode transport_mode table.
TRANSPORT_MODE_FOR_ROUTE = {"rail": "3", "rail_road": "3", "sea": "2", "sea_rail": "2", "road": "4"}

# Our attached documents, as the 随附单证 box lists them (not 监管证件 codes: those
# licence codes are not in our reference data, so DecLicenseDocus stays empty).
ATTACHED = (DocumentKind.COMMERCIAL_INVOICE.value, DocumentKind.PACKING_LIST.value)


# -- the declaration's fields --------------------------------------------------------


def is_import(data: PackData) -> bool:
    return data.header.get("direction") == "import"


def _domestic_and_overseas(data: PackData) -> tuple[Party | None, Party | None]:
    consignor, consignee = data.parties.get("consignor"), data.parties.get("consignee")
    return (consignee, consignor) if is_import(data) else (consignor, consignee)


def _alpha3(data: PackData, alpha2: str) -> str:
    return data.lookups.country_alpha3.get(alpha2, "") if alpha2 else ""


def _country_label(data: PackData, alpha2: str) -> str:
    english, chinese = data.lookups.country_names.get(alpha2, ("", ""))
    return " ".join(part for part in (_alpha3(data, alpha2), chinese, english) if part)


def _coded(data: PackData, table: str, code: str) -> str:
    name = data.lookups.customs_names.get((table, code), "")
    return f"{code} {name}".strip()


def _trade_and_arrival(data: PackData) -> tuple[str, str]:
    """(贸易国, 运抵国 — or 启运国 on imports) as alpha-2 codes."""
    seller = data.parties.get("seller") or data.parties.get("consignor")
    buyer = data.parties.get("buyer") or data.parties.get("consignee")
    if is_import(data):
        return (seller.country if seller else "", data.origin.country if data.origin else "")
    return (buyer.country if buyer else "", data.destination.country if data.destination else "")


def _wrap_type(data: PackData) -> str:
    """The package type of most packages (ties: the lowest code)."""
    counts: Counter[str] = Counter()
    for line in data.lines:
        if line.package_type:
            counts[line.package_type] += line.packages
    return min(counts, key=lambda code: (-counts[code], code)) if counts else ""


def _fees(data: PackData) -> list[tuple[str, str, str, str]]:
    """(prefix, mark, amount, currency) for freight, insurance and other charges given."""
    fees = []
    for prefix, field in (("Fee", "freight"), ("Insur", "insurance"), ("Other", "other_charges")):
        amount = data.header.get(f"{field}_amount")
        if amount not in (None, ""):
            currency = data.header.get(f"{field}_currency") or data.currency
            # Mark 3 = a total amount (trade-documents.md §3b, unverified there).
            fees.append((prefix, "3", money_text(Decimal(str(amount))), currency))
    return fees


def _container_spec(size_type: str) -> str:
    """ISO 6346 size-type → ContainerMd: length 2 = S(tandard), 4/L = L (2x); G/R/T/other."""
    if len(size_type) < 3:
        return ""
    large = size_type[0] in "4L"
    group = {"G": 1, "R": 2, "T": 3}.get(size_type[2])
    if group is None:
        return "32" if large else "31"
    return f"{1 if large else 2}{group}"


MAX_ITEMS = 50  # a China customs declaration holds at most 50 items (项)
MAX_MARKS = 500


def _item_key(line: Line) -> tuple[str, str, str, str, str]:
    """Lines that customs counts as one item: same code, name, elements, unit and origin."""
    return (
        line.national_code or line.hs_code,
        line.description_zh,
        line.declared_elements,
        line.customs_unit,
        line.origin_country,
    )


def declaration_items(data: PackData) -> list[list[Line]]:
    """The goods lines merged into declaration items (归并), in order of first appearance."""
    items: dict[tuple[str, str, str, str, str], list[Line]] = {}
    for line in data.lines:
        items.setdefault(_item_key(line), []).append(line)
    return list(items.values())


def item_numbers(data: PackData) -> dict[int, int]:
    """Goods line number → declaration item number (项号)."""
    return {
        line.line_no: number
        for number, lines in enumerate(declaration_items(data), start=1)
        for line in lines
    }


def _lines(data: PackData) -> list[dict[str, str]]:
    destination = data.destination.country if data.destination else ""
    result = []
    for item_no, lines in enumerate(declaration_items(data), start=1):
        first = lines[0]
        quantities = [line.quantity for line in lines]
        quantity = (
            sum((q for q in quantities if q is not None), Decimal(0))
            if all(q is not None for q in quantities)
            else None
        )
        amount = sum((line.amount for line in lines), Decimal(0))
        unit_price = (
            (amount / quantity).quantize(Decimal("0.0001")) if quantity else first.unit_price
        )
        result.append(
            {
                "no": str(item_no),
                "lines": ",".join(str(line.line_no) for line in lines),
                "code": first.national_code or first.hs_code,
                "name": first.description_zh,
                "model": first.declared_elements,
                "name_en": first.description_en,
                "quantity": number(quantity) if quantity is not None else "",
                "unit": first.customs_unit,
                "unit_rec20": first.unit,
                "unit_name": data.lookups.customs_unit_names.get(first.customs_unit, ""),
                "unit_price": money_text(unit_price),
                "amount": money_text(amount),
                "currency": data.currency,
                "origin": _alpha3(data, first.origin_country),
                "origin_label": _country_label(data, first.origin_country),
                "destination": _alpha3(data, destination),
                "destination_label": _country_label(data, destination),
                "district": "",
                "duty_mode": "",
                "un_number": first.un_number,
            }
        )
    return result


def _marks(data: PackData) -> str:
    marks = "; ".join(dict.fromkeys(line.marks for line in data.lines if line.marks))
    return marks if len(marks) <= MAX_MARKS else "见装箱单 / See packing list"


def declaration_fields(data: PackData) -> dict[str, Any]:
    """Everything both the form and the XML show, as strings, computed once."""
    header = data.header
    domestic, overseas = _domestic_and_overseas(data)
    producer = data.parties.get("producer") or domestic
    declarant = data.parties.get("declarant")
    trade, arrival = _trade_and_arrival(data)
    traf_mode = TRANSPORT_MODE_FOR_ROUTE.get(header.get("route_kind") or "", "")
    wrap_type = _wrap_type(data)
    items = item_numbers(data)
    return {
        "ie_flag": "I" if is_import(data) else "E",
        "reference": header["reference"],
        "invoice_number": header.get("invoice_number") or "",
        "customs_district": header.get("customs_district") or "",
        "port_code": header.get("port_code") or "",
        "destination_port_code": header.get("destination_port_code") or "",
        "destination_port": data.destination.name if data.destination else "",
        "destination_locode": data.destination.locode if data.destination else "",
        "domestic": party_json(domestic),
        "overseas": party_json(overseas),
        "producer": party_json(producer),
        "declarant": party_json(declarant),
        "traf_mode": traf_mode,
        "traf_mode_label": _coded(data, "transport_mode", traf_mode),
        "traf_name": header.get("transport_name") or "",
        "bill_no": header.get("consignment_note_number") or "",
        "trade_mode": header.get("supervision_mode") or "",
        "trade_mode_label": _coded(data, "supervision_mode", header.get("supervision_mode") or ""),
        "cut_mode": header.get("levy_nature") or "",
        "cut_mode_label": _coded(data, "levy_nature", header.get("levy_nature") or ""),
        "trans_mode": header.get("transaction_mode") or "",
        "trans_mode_label": _coded(data, "transaction_mode", header.get("transaction_mode") or ""),
        "contract_number": header.get("contract_number") or "",
        "trade_country": _alpha3(data, trade),
        "trade_country_label": _country_label(data, trade),
        "arrival_country": _alpha3(data, arrival),
        "arrival_country_label": _country_label(data, arrival),
        "wrap_type": wrap_type,
        "wrap_type_label": _coded(data, "packaging_type", wrap_type),
        "packages": str(data.total_packages),
        "gross_kg": number(data.total_gross_kg),
        "net_kg": number(data.total_net_kg),
        "total_amount": money_text(data.total_amount),
        "currency": data.currency,
        "fees": [
            {"prefix": p, "mark": m, "amount": a, "currency": c} for p, m, a, c in _fees(data)
        ],
        "marks": _marks(data),
        "lines": _lines(data),
        "containers": [
            {
                "number": load.number,
                "size_type": load.size_type,
                "spec": _container_spec(load.size_type),
                "goods_no": ",".join(
                    str(no)
                    for no in dict.fromkeys(
                        items[line_no] for line_no, _ in load.lines if line_no in items
                    )
                ),
                "tare_kg": number(load.tare_kg) if load.tare_kg is not None else "",
                "seals": ", ".join(load.seals),
            }
            for load in data.containers
        ],
    }


def _head(root: ET.Element, f: dict[str, Any]) -> None:
    head = element(root, "DecHead")
    domestic, overseas = f["domestic"] or {}, f["overseas"] or {}
    producer, declarant = f["producer"] or {}, f["declarant"] or {}
    party = "OverseasConsignor" if f["ie_flag"] == "I" else "OverseasConsignee"
    for tag, value in (
        ("IEFlag", f["ie_flag"]),
        ("CustomMaster", f["customs_district"]),
        ("IEPort", f["customs_district"]),
        ("TradeCode", domestic.get("customs_code", "")),
        ("TradeCoScc", domestic.get("uscc", "")),
        ("TradeName", domestic.get("name_local") or domestic.get("name_latin", "")),
        ("OwnerCode", producer.get("customs_code", "")),
        ("OwnerCodeScc", producer.get("uscc", "")),
        ("OwnerName", producer.get("name_local") or producer.get("name_latin", "")),
        ("AgentCode", declarant.get("customs_code", "")),
        ("AgentCodeScc", declarant.get("uscc", "")),
        ("AgentName", declarant.get("name_local") or declarant.get("name_latin", "")),
        (f"{party}Code", overseas.get("eori") or overseas.get("tin", "")),
        (f"{party}Ename", overseas.get("name_latin", "")),
        ("TrafMode", f["traf_mode"]),
        ("TrafName", f["traf_name"]),
        ("BillNo", f["bill_no"]),
        ("TradeMode", f["trade_mode"]),
        ("CutMode", f["cut_mode"]),
        ("ContrNo", f["contract_number"]),
        ("TradeCountry", f["arrival_country"]),
        ("TradeAreaCode", f["trade_country"]),
        ("DistinatePort", f["destination_port_code"]),
        ("DespPortCode", f["port_code"]),
        ("WrapType", f["wrap_type"]),
        ("PackNo", f["packages"]),
        ("GrossWet", f["gross_kg"]),
        ("NetWt", f["net_kg"]),
        ("TransMode", f["trans_mode"]),
    ):
        element(head, tag, value)
    for fee in f["fees"]:
        element(head, f"{fee['prefix']}Mark", fee["mark"])
        element(head, f"{fee['prefix']}Rate", fee["amount"])
        element(head, f"{fee['prefix']}Curr", fee["currency"])
    element(head, "MarkNo", f["marks"])


def dec_message(data: PackData) -> ET.Element:
    f = declaration_fields(data)
    root = ET.Element("DecMessage", {"xmlns": DEC_NS, "version": "1"})
    _head(root, f)
    items = element(root, "DecLists")
    for line in f["lines"]:
        item = element(items, "DecList")
        for tag, key in (
            ("GNo", "no"),
            ("CodeTS", "code"),
            ("GName", "name"),
            ("GModel", "model"),
            ("GQty", "quantity"),
            ("GUnit", "unit"),
            ("DeclPrice", "unit_price"),
            ("DeclTotal", "amount"),
            ("TradeCurr", "currency"),
            ("OriginCountry", "origin"),
            ("DestinationCountry", "destination"),
            ("DistrictCode", "district"),
            ("DutyMode", "duty_mode"),
            ("DeclGoodsEname", "name_en"),
            ("Uncode", "un_number"),
        ):
            if line[key] or tag not in {"GQty", "DeclPrice", "Uncode"}:
                element(item, tag, line[key])
    containers = element(root, "DecContainers")
    for load in f["containers"]:
        container = element(containers, "Container")
        element(container, "ContainerId", load["number"])
        element(container, "ContainerMd", load["spec"])
        element(container, "GoodsNo", load["goods_no"])
        if load["tare_kg"]:
            element(container, "ContainerWt", load["tare_kg"])
    element(root, "DecLicenseDocus")
    return root


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

    def render(self, data: PackData, stamps: dict[str, Stamp]) -> list[Rendered]:
        reference = data.header["reference"]
        items = len(declaration_items(data))
        if items > MAX_ITEMS:
            raise ProblemError.of("DECLARATION_TOO_MANY_ITEMS", path="lines", items=items)
        content = validated_xml(self.kind, dec_message(data), "dec-message.xsd")
        payload = declaration_fields(data) | {"stamp": stamp_json(stamps["pdf"])}
        return [
            pdf(
                self.kind,
                f"{reference}-customs-declaration.pdf",
                render_typst("customs_declaration", payload),
            ),
            xml(self.kind, f"{reference}-customs-declaration.xml", content),
        ]
