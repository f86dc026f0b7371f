"""The declaration's content, part by part: the values the DecMessage XML and the printed
form show, and the XML itself in the Single Window's namespace and element order.

A shipment whose lines merge into more than 50 items is declared in several parts of
at most 50 items each (the same bill number; ``ClientSeqNo`` ``<reference>-<n>``),
each with its own totals. Freight, insurance and other charges are shared between the
parts in proportion to their value (a broker's 分摊), the last part taking the rounding
remainder so that the parts add up to the shipment.
"""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from cloudcabin.documents.data import PackData, Party
from cloudcabin.documents.declaration.elements import CARRIED, CONTAINERS, NAMESPACE, names
from cloudcabin.documents.declaration.record import DeclarationRecord, Item
from cloudcabin.numbers import mass, money, money_text, number_text
from cloudcabin.reference.codes import container_spec

MAX_MARKS = 400  # MarkNo an..400
NO_MARKS = "N/M"  # the filling rules' value when goods carry no marks
# 运费/保费/杂费标记: 3 = a total amount (1 a rate, 2 a unit rate).
TOTAL_MARK = "3"
CHARGES = (("Fee", "freight"), ("Insur", "insurance"), ("Other", "other_charges"))


@dataclass(frozen=True)
class Part:
    """One declaration: its number, the items in it, and what it states."""

    number: int
    of: int
    items: list[Item]
    head: dict[str, str]
    lists: list[dict[str, str]]
    containers: list[dict[str, str]]
    licences: list[dict[str, str]]
    other_packs: list[dict[str, str]]
    free_text: dict[str, str]
    sign: dict[str, str]

    @property
    def suffix(self) -> str:
        return f"-{self.number}of{self.of}" if self.of > 1 else ""

    @property
    def total_amount(self) -> Decimal:
        """The declaration's total value: its items' amounts (each item sums its lines)."""
        return money(sum((item.amount for item in self.items), Decimal(0)))


def _alpha3(data: PackData, alpha2: str) -> str:
    return data.lookups.country_alpha3.get(alpha2, "") if alpha2 else ""


def _name_local(party: Party | None) -> str:
    return (party.name_local or party.name_latin) if party else ""


def _wrap_types(items: list[Item]) -> list[tuple[str, int]]:
    """Package types by packages, most first (ties: the lowest code)."""
    counts: Counter[str] = Counter()
    for item in items:
        for declared in item.lines:
            if declared.line.package_type:
                counts[declared.line.package_type] += declared.line.packages
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))


def _marks(items: list[Item]) -> str:
    marks = "; ".join(dict.fromkeys(d.line.marks for i in items for d in i.lines if d.line.marks))
    if not marks:
        return NO_MARKS
    return marks if len(marks) <= MAX_MARKS else "见装箱单 / See packing list"


def _shares(total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """``total`` split in proportion to ``weights``; the last share takes the remainder."""
    whole = sum(weights, Decimal(0))
    if not whole:
        return [total] + [Decimal(0)] * (len(weights) - 1)
    shares = [money(total * weight / whole) for weight in weights[:-1]]
    return [*shares, total - sum(shares, Decimal(0))]


def _charges(data: PackData, parts: list[list[Item]]) -> list[dict[str, str]]:
    """Fee/Insur/Other mark, rate and currency per part."""
    amounts = [sum((item.amount for item in items), Decimal(0)) for items in parts]
    result: list[dict[str, str]] = [{} for _ in parts]
    for prefix, field in CHARGES:
        raw = data.header.get(f"{field}_amount")
        if raw in (None, ""):
            continue
        currency = data.header.get(f"{field}_currency") or data.currency
        for index, share in enumerate(_shares(Decimal(str(raw)), amounts)):
            result[index] |= {
                f"{prefix}Mark": TOTAL_MARK,
                f"{prefix}Rate": money_text(share),
                f"{prefix}Curr": currency,
            }
    return result


def _list_values(data: PackData, record: DeclarationRecord, item: Item) -> dict[str, str]:
    first = item.first
    line = first.line
    destination = data.destination.country if data.destination else ""
    return {
        "CodeTS": first.code_ts.code,
        "DutyMode": first.duty_mode.code,
        "GModel": line.declared_elements,
        "GName": line.description_zh,
        "GNo": str(record.item_no_in_part(item)),
        "OriginCountry": _alpha3(data, line.origin_country),
        "TradeCurr": data.currency,
        "GUnit": line.customs_unit,
        "FirstUnit": first.first_unit,
        "SecondUnit": first.second_unit,
        "DestinationCountry": _alpha3(data, destination),
        "CiqCode": first.ciq_code.code,
        "DeclGoodsEname": line.description_en[:100],
        "Uncode": line.un_number,
        "DestCode": first.division.code,
        "DistrictCode": first.region.code,
        **list_numbers(item),
    }


def list_numbers(item: Item) -> dict[str, str]:
    """The figures an item's DecList states (the findings check their digits)."""
    return {
        "DeclPrice": money_text(item.unit_price),
        "DeclTotal": money_text(money(item.amount)),
        "GQty": number_text(item.quantity) if item.quantity is not None else "",
        "FirstQty": number_text(item.first_qty) if item.first_qty is not None else "",
        "SecondQty": number_text(item.second_qty) if item.second_qty is not None else "",
    }


def head_numbers(items: list[Item]) -> dict[str, str]:
    """The totals a part's DecHead states (the findings check their digits)."""
    lines = [declared.line for item in items for declared in item.lines]
    return {
        "GrossWet": number_text(mass(sum((line.gross_kg for line in lines), Decimal(0)))),
        "NetWt": number_text(mass(sum((line.net_kg for line in lines), Decimal(0)))),
        "PackNo": str(sum(line.packages for line in lines)),
    }


def _head_values(
    data: PackData, record: DeclarationRecord, items: list[Item], charges: dict[str, str]
) -> dict[str, str]:
    header = data.header
    imported = record.is_import
    domestic = data.parties.get("consignee" if imported else "consignor")
    overseas = data.parties.get("consignor" if imported else "consignee")
    producer = data.parties.get("producer") or domestic
    declarant = data.parties.get("declarant")
    wrap = _wrap_types(items)
    overseas_code = (overseas.eori or overseas.tin) if overseas else ""
    side = "OverseasConsignor" if imported else "OverseasConsignee"
    values = {
        "IEFlag": "I" if imported else "E",
        "AgentCode": declarant.customs_code if declarant else "",
        "AgentName": _name_local(declarant),
        "BillNo": header.get("consignment_note_number") or "",
        "ContrNo": header.get("contract_number") or "",
        "CustomMaster": record.declaring_customs.code,
        "CutMode": header.get("levy_nature") or "",
        "DistinatePort": (record.transit_port if imported else record.foreign_port).code,
        "IEPort": record.border_customs.code,
        "OwnerCode": producer.customs_code if producer else "",
        "OwnerName": _name_local(producer),
        "TradeCode": domestic.customs_code if domestic else "",
        "TradeCountry": _alpha3(data, record.arrival_country),
        "TradeMode": header.get("supervision_mode") or "",
        "TradeName": _name_local(domestic),
        "TrafMode": record.transport_mode,
        "TrafName": header.get("transport_name") or "",
        "TransMode": header.get("transaction_mode") or "",
        "WrapType": wrap[0][0] if wrap else "",
        "EdiId": "1",  # 报关标志: 1 as the CargoWise and Odoo implementations send
        "DeclTrnRel": "0",  # 报关/转关关系标志: 0 = an ordinary declaration
        "OwnerCodeScc": producer.uscc if producer else "",
        "AgentCodeScc": declarant.uscc if declarant else "",
        "TradeCoScc": domestic.uscc if domestic else "",
        "PromiseItmes": record.promise_items.code,
        "TradeAreaCode": _alpha3(data, record.trade_country),
        "MarkNo": _marks(items),
        "DespPortCode": record.foreign_port.code if imported else "",
        "EntyPortCode": record.border_port.code,
        f"{side}Code": overseas_code or ("NO" if overseas else ""),
        f"{side}Ename": overseas.name_latin if overseas else "",
        "DomesticConsigneeEname": domestic.name_latin if domestic else "",
        **head_numbers(items),
    }
    if imported and overseas is not None:
        values["OverseasConsignorAddr"] = overseas.address_latin[:100]
    return values | charges


def _containers(
    data: PackData, record: DeclarationRecord, items: list[Item]
) -> list[dict[str, str]]:
    numbers = {d.line.line_no: record.item_no_in_part(item) for item in items for d in item.lines}
    result = []
    for load in data.containers:
        goods = dict.fromkeys(numbers[s.line_no] for s in load.lines if s.line_no in numbers)
        if not goods:
            continue
        result.append(
            {
                "ContainerId": load.number,
                "ContainerMd": container_spec(load.size_type),
                "GoodsNo": ",".join(str(no) for no in goods),
                "GoodsContaWt": number_text(load.gross_kg + load.tare_kg) if load.tare_kg else "",
                "ContainerWt": number_text(load.tare_kg) if load.tare_kg is not None else "",
            }
        )
    return result


def _complete(csv_block: str, values: dict[str, str]) -> dict[str, str]:
    """Every element of the block, in order, empty where the declaration has no value."""
    return {name: values.get(name, "") for name in _value_names(csv_block)}


@functools.cache
def _value_names(csv_block: str) -> tuple[str, ...]:
    # Once per block, not once per item (a 200-line declaration completes ~200 items).
    return tuple(name for name in names(csv_block) if name not in CONTAINERS)


def declaration_parts(data: PackData, record: DeclarationRecord) -> list[Part]:
    parts = record.parts or [[]]
    charges = _charges(data, parts)
    declarant = data.parties.get("declarant")
    licences = [
        {"DocuCode": str(d.get("code", "")), "CertCode": str(d.get("number", ""))}
        for d in data.header.get("licence_documents") or []
        if isinstance(d, dict)
    ]
    result = []
    for index, items in enumerate(parts):
        wrap = _wrap_types(items)
        result.append(
            Part(
                number=index + 1,
                of=len(parts),
                items=items,
                head=_complete("DecHead", _head_values(data, record, items, charges[index])),
                lists=[_complete("DecList", _list_values(data, record, item)) for item in items],
                containers=[
                    _complete("DecContainers/Container", values)
                    for values in _containers(data, record, items)
                ],
                licences=licences,
                other_packs=[{"PackQty": str(n), "PackType": code} for code, n in wrap[1:]],
                free_text={"VoyNo": data.header.get("voyage_no") or ""},
                sign={
                    "OperType": "G",  # G = 暂存: the broker reviews and declares
                    "CopCode": declarant.customs_code if declarant else "",
                    "ClientSeqNo": f"{data.header['reference']}-{index + 1}",
                },
            )
        )
    return result


# -- XML ------------------------------------------------------------------------------


def _fill(parent: ET.Element, csv_block: str, values: dict[str, str]) -> None:
    for name in names(csv_block):
        child = ET.SubElement(parent, name)
        if name in CONTAINERS:
            continue  # an empty list (e.g. DecGoodsLimits: no licence write-off per item)
        child.text = values.get(name, "")


def dec_message(part: Part) -> ET.Element:
    """The DecMessage of one part: every carried block and element, in the official order."""
    root = ET.Element("DecMessage", {"xmlns": NAMESPACE, "version": "4"})
    rows: dict[str, list[dict[str, str]]] = {
        "DecList": part.lists,
        "Container": part.containers,
        "LicenseDocu": part.licences,
        "DecOtherPack": part.other_packs,
    }
    single: dict[str, dict[str, str]] = {
        "DecHead": part.head,
        "DecFreeTxt": part.free_text,
        "DecSign": part.sign,
    }
    for block, child, csv_block in CARRIED:
        element = ET.SubElement(root, block)
        if child is None:
            _fill(element, csv_block, single[block])
            continue
        for values in rows.get(child, []):
            _fill(ET.SubElement(element, child), csv_block, values)
    return root
