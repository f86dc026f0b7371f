"""What the customs (or our XSD) would reject in a declaration, as findings with field paths.

Each rule reads the ``DeclarationRecord`` and says, in the user's language, which field
of which line to fix ("Line 2: the CIQ code is missing"), never an XPath. The same
findings show on the shipment page, in ``GET …/checks`` and block issue, so "ready"
and "issue succeeds" are the same statement; ``DecMessage`` XML that still fails its
XSD would be a bug here, which the property test in ``tests/test_readiness.py`` hunts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from cloudcabin.documents.data import PackData
from cloudcabin.documents.declaration.elements import fits, integer_digits
from cloudcabin.documents.declaration.message import head_numbers, list_numbers
from cloudcabin.documents.declaration.record import (
    ADMIN_DIVISION,
    CUSTOMS_DISTRICT,
    DESTINATION_PORT,
    DOMESTIC_PORT,
    DOMESTIC_REGION,
    DUTY_MODE,
    LICENCE_DOCUMENT,
    Coded,
    DeclarationRecord,
    Item,
    LineDeclaration,
    Source,
)
from cloudcabin.errors import Problem, problem
from cloudcabin.numbers import money

PROMISES = re.compile(r"^[019]{3}[019]{0,2}$")
PARTY_CODE = re.compile(r"^[0-9A-Z]{10}$")
GMODEL_BYTES = 255  # the Single Window counts GModel in GBK bytes (two per Chinese character)
# Message limits narrower than the shipment's own fields (cn-dec-message-elements.csv).
CONTRACT_LIMIT = 32
NAME_LIMIT = 70
# 成交方式 → the charges it includes, which the declaration must then state
# (export: CIF includes freight and insurance, C&F freight, C&I insurance; an import
# on FOB/C&F terms declares what its CIF value adds).
EXPORT_CHARGES = {"1": ("freight", "insurance"), "2": ("freight",), "4": ("insurance",)}
IMPORT_CHARGES = {"3": ("freight", "insurance"), "2": ("insurance",), "4": ("freight",)}


def _known(data: PackData, table: str, code: str) -> bool:
    return (table, code) in data.lookups.customs_names


def _coded_header(
    data: PackData, value: Coded, table: str, path: str, missing_code: str
) -> Iterator[Problem]:
    if value.missing:
        yield problem(missing_code, path=path)
    elif not _known(data, table, value.code):
        yield problem("DEC_CODE_UNKNOWN", path=path, value=value.code)


# Header codes the shipment keeps itself (监管方式, 征免性质, 成交方式), with their labels.
HEADER_CODES = (
    ("supervision_mode", "supervision_mode", "监管方式 supervision mode"),
    ("levy_nature", "levy_nature", "征免性质 levy nature"),
    ("transaction_mode", "transaction_mode", "成交方式 transaction mode"),
)
CERT_LIMIT = 32  # CertCode an..32


def header_findings(data: PackData, record: DeclarationRecord) -> Iterator[Problem]:
    """The declaration's header, in the order the form reads: the shipment's own codes, the
    countries, customs and ports, transport and contract, charges, licences."""
    yield from _own_code_findings(data)
    yield from _country_findings(data, record)
    yield from _customs_and_port_findings(data, record)
    yield from _transport_and_contract_findings(data, record)
    yield from _charge_findings(data, record)
    yield from _licence_findings(data)


def _own_code_findings(data: PackData) -> Iterator[Problem]:
    for field, table, label in HEADER_CODES:
        value = data.header.get(field) or ""
        if not value:
            yield problem("DEC_HEADER_CODE_MISSING", path=field, label=label)
        elif not _known(data, table, value):
            yield problem("DEC_CODE_UNKNOWN", path=field, value=value)
    if not data.currency:
        # 成交币制 of every item; the shipment rules check a currency that is given.
        yield problem("DEC_CURRENCY_MISSING", path="currency")


def _country_findings(data: PackData, record: DeclarationRecord) -> Iterator[Problem]:
    alpha3 = data.lookups.country_alpha3
    if not alpha3.get(record.arrival_country):
        place = "origin_locode" if record.is_import else "destination_locode"
        yield problem("DEC_COUNTRY_MISSING", path=place)
    destination = data.destination.country if data.destination else ""
    if record.is_import and not alpha3.get(destination):
        # 最终目的国 of every item (on an export it is the country of arrival, above).
        yield problem("DEC_COUNTRY_MISSING", path="destination_locode")
    if not alpha3.get(record.trade_country):
        yield problem(
            "DEC_COUNTRY_MISSING", path="parties.seller" if record.is_import else "parties.buyer"
        )


def _customs_and_port_findings(data: PackData, record: DeclarationRecord) -> Iterator[Problem]:
    yield from _coded_header(
        data,
        record.declaring_customs,
        CUSTOMS_DISTRICT,
        "declaring_customs",
        "DEC_DECLARING_CUSTOMS_MISSING",
    )
    # A route crossing the border inside a long leg names no station to derive both from:
    # say so rather than blame the code tables.
    unnamed = "DEC_ROUTE_NO_CHINA_ENTRY" if record.is_import else "DEC_ROUTE_NO_CHINA_EXIT"
    yield from _coded_header(
        data,
        record.border_customs,
        CUSTOMS_DISTRICT,
        "border_customs",
        unnamed if record.border_unnamed else "DEC_BORDER_CUSTOMS_MISSING",
    )
    yield from _coded_header(
        data,
        record.border_port,
        DOMESTIC_PORT,
        "border_port",
        unnamed if record.border_unnamed else "DEC_BORDER_PORT_MISSING",
    )
    yield from _coded_header(
        data, record.foreign_port, DESTINATION_PORT, "foreign_port", "DEC_FOREIGN_PORT_MISSING"
    )
    transit = record.transit_port.code
    if record.is_import and transit and not _known(data, DESTINATION_PORT, transit):
        yield problem("DEC_CODE_UNKNOWN", path="transit_port", value=transit)


def _transport_and_contract_findings(
    data: PackData, record: DeclarationRecord
) -> Iterator[Problem]:
    header = data.header
    if not record.transport_mode:
        yield problem("DEC_TRANSPORT_MODE_MISSING", path="route_kind")
    if not header.get("transport_name"):
        yield problem("DEC_TRANSPORT_NAME_MISSING", path="transport_name")
    contract = header.get("contract_number") or ""
    if not contract:
        yield problem("DEC_CONTRACT_MISSING", path="contract_number")
    elif len(contract) > CONTRACT_LIMIT:
        yield problem("DEC_TOO_LONG", path="contract_number", limit=CONTRACT_LIMIT)
    if record.promise_items.missing:
        yield problem("DEC_PROMISES_MISSING", path="promise_items")
    elif not PROMISES.match(record.promise_items.code):
        yield problem("DEC_PROMISES_INVALID", path="promise_items", value=record.promise_items.code)


def _charge_findings(data: PackData, record: DeclarationRecord) -> Iterator[Problem]:
    """The charges the terms of sale include must be stated (freight, insurance)."""
    header = data.header
    mode = header.get("transaction_mode") or ""
    charges = (IMPORT_CHARGES if record.is_import else EXPORT_CHARGES).get(mode, ())
    for charge in charges:
        if header.get(f"{charge}_amount") in (None, ""):
            terms = data.lookups.customs_names.get(("transaction_mode", mode), mode)
            yield problem(f"DEC_{charge.upper()}_MISSING", path=f"{charge}_amount", terms=terms)


def _licence_findings(data: PackData) -> Iterator[Problem]:
    for index, document in enumerate(data.header.get("licence_documents") or []):
        code = str(document.get("code", "")) if isinstance(document, dict) else ""
        number = str(document.get("number", "")) if isinstance(document, dict) else ""
        if not _known(data, LICENCE_DOCUMENT, code) or not number or len(number) > CERT_LIMIT:
            yield problem("DEC_LICENCE_INVALID", path=f"licence_documents[{index}]", value=code)


def party_findings(data: PackData, record: DeclarationRecord) -> Iterator[Problem]:
    declarant = data.parties.get("declarant")
    if declarant is None:
        yield problem("DEC_DECLARANT_MISSING", path="parties.declarant")
    domestic_role = "consignee" if record.is_import else "consignor"
    domestic = data.parties.get(domestic_role)
    if domestic is None:
        yield problem("DEC_DOMESTIC_PARTY_MISSING", path=f"parties.{domestic_role}")
    for role, party in ((domestic_role, domestic), ("declarant", declarant)):
        if party is None:
            continue
        if not PARTY_CODE.match(party.customs_code):
            yield problem(
                "DEC_PARTY_CODE_MISSING", path=f"parties.{role}.customs_code", party=party.name
            )
    # The producer's code (消费使用/生产销售单位) may be left out, but not given malformed.
    producer = data.parties.get("producer")
    if (
        producer is not None
        and producer.customs_code
        and not PARTY_CODE.match(producer.customs_code)
    ):
        yield problem(
            "DEC_PARTY_CODE_MISSING", path="parties.producer.customs_code", party=producer.name
        )
    for role in ("producer", domestic_role, "declarant"):
        party = data.parties.get(role)
        if party is not None and len(party.name_local or party.name_latin) > NAME_LIMIT:
            yield problem("DEC_TOO_LONG", path=f"parties.{role}.name_local", limit=NAME_LIMIT)


def _path(declared: LineDeclaration, name: str) -> str:
    return f"lines[{declared.index}].{name}"


def _code_findings(data: PackData, declared: LineDeclaration) -> Iterator[Problem]:
    line, no = declared.line, declared.line.line_no
    code8 = line.national_code[:8]
    path = _path(declared, "national_code")
    filing = data.lookups.filing
    known10 = filing.ten_digit_codes.get(code8, [])
    if not line.national_code:
        yield problem("DEC_NATIONAL_CODE_MISSING", path=path, line=no)
        return
    if declared.code_ts.missing:
        if len(known10) > 1:
            yield problem(
                "DEC_CODE_TS_CHOOSE", path=path, line=no, tariff=code8, choices=", ".join(known10)
            )
        else:
            yield problem("DEC_CODE_TS_MISSING", path=path, line=no, tariff=code8)
    elif known10 and declared.code_ts.code not in known10:
        yield problem(
            "DEC_CODE_TS_OUTSIDE",
            path=path,
            line=no,
            value=declared.code_ts.code,
            tariff=code8,
            choices=", ".join(known10),
        )
    ciq_known = filing.ciq_codes.get(declared.code_ts.code, [])
    ciq_path = _path(declared, "ciq_code")
    if declared.ciq_code.missing:
        if len(ciq_known) > 1:
            choices = ", ".join(f"{code} {name}" for code, name in ciq_known)
            yield problem("DEC_CIQ_CHOOSE", path=ciq_path, line=no, choices=choices)
        elif not declared.code_ts.missing:
            yield problem("DEC_CIQ_MISSING", path=ciq_path, line=no, tariff=declared.code_ts.code)
    elif not re.fullmatch(r"\d{3}", declared.ciq_code.code) or (
        ciq_known and declared.ciq_code.code not in {code for code, _ in ciq_known}
    ):
        yield problem(
            "DEC_CIQ_UNKNOWN",
            path=ciq_path,
            line=no,
            value=declared.ciq_code.code,
            tariff=declared.code_ts.code,
        )


def _quantity_findings(data: PackData, declared: LineDeclaration) -> Iterator[Problem]:
    line, no = declared.line, declared.line.line_no
    names = data.lookups.customs_unit_names
    if line.national_code[:8] in data.lookups.filing.legal_units and not declared.first_unit:
        yield problem(
            "DEC_LEGAL_UNIT_UNKNOWN",
            path=_path(declared, "national_code"),
            line=no,
            tariff=line.national_code[:8],
        )
    for name, unit, quantity in (
        ("first_qty", declared.first_unit, declared.first_qty),
        ("second_qty", declared.second_unit, declared.second_qty),
    ):
        path = _path(declared, name)
        if not unit:
            if quantity is not None and name == "second_qty" and declared.first_unit:
                yield problem(
                    "DEC_SECOND_QTY_NOT_IN_TARIFF",
                    path=path,
                    line=no,
                    tariff=line.national_code[:8],
                )
            continue
        label = f"{unit} {names.get(unit, '')}".strip()
        if quantity is None:
            yield problem("DEC_LEGAL_QTY_MISSING", path=path, line=no, unit=label)
        elif quantity <= Decimal(0):
            yield problem("DEC_LEGAL_QTY_ZERO", path=path, line=no, unit=label)


# A line's coded fields, as the message names them in the user's words.
LINE_CODE_LABELS = {
    "package_type": "包装种类 package type",
    "domestic_region": "境内货源地/目的地 domestic region",
    "admin_division": "产地/目的地代码 administrative division",
    "duty_mode": "征免方式 duty mode",
}


def _unknown_line_code(declared: LineDeclaration, name: str, value: str) -> Problem:
    return problem(
        "DEC_LINE_CODE_UNKNOWN",
        path=_path(declared, name),
        line=declared.line.line_no,
        label=LINE_CODE_LABELS[name],
        value=value,
    )


def _line_field_findings(data: PackData, declared: LineDeclaration) -> Iterator[Problem]:
    line, no = declared.line, declared.line.line_no
    if not line.description_zh:
        yield problem("DEC_NAME_ZH_MISSING", path=_path(declared, "description_zh"), line=no)
    if not line.declared_elements:
        yield problem("DEC_ELEMENTS_MISSING", path=_path(declared, "declared_elements"), line=no)
    elif len(line.declared_elements.encode("gbk", errors="replace")) > GMODEL_BYTES:
        yield problem(
            "DEC_ELEMENTS_TOO_LONG",
            path=_path(declared, "declared_elements"),
            line=no,
            limit=GMODEL_BYTES,
        )
    if line.quantity is None or line.quantity <= 0:
        yield problem("DEC_QUANTITY_MISSING", path=_path(declared, "quantity"), line=no)
    if line.unit and not line.customs_unit:
        yield problem("DEC_UNIT_NOT_CUSTOMS", path=_path(declared, "unit"), line=no, unit=line.unit)
    if not line.package_type:
        yield problem("DEC_PACKAGE_TYPE_MISSING", path=_path(declared, "package_type"), line=no)
    elif not _known(data, "packaging_type", line.package_type):
        yield _unknown_line_code(declared, "package_type", line.package_type)
    if not line.origin_country:
        yield problem("DEC_ORIGIN_MISSING", path=_path(declared, "origin_country"), line=no)
    for name, coded, table, missing_code in (
        ("domestic_region", declared.region, DOMESTIC_REGION, "DEC_REGION_MISSING"),
        ("duty_mode", declared.duty_mode, DUTY_MODE, "DEC_DUTY_MODE_MISSING"),
    ):
        if coded.missing:
            yield problem(missing_code, path=_path(declared, name), line=no)
        elif not _known(data, table, coded.code):
            yield _unknown_line_code(declared, name, coded.code)
    division = declared.division
    if division.source == Source.ENTERED and not _known(data, ADMIN_DIVISION, division.code):
        yield _unknown_line_code(declared, "admin_division", division.code)


# The numbers the message writes, by element, and the shipment field each comes from.
CHARGE_ELEMENTS = (
    ("FeeRate", "freight_amount", "运费 freight"),
    ("InsurRate", "insurance_amount", "保险费 insurance"),
    ("OtherRate", "other_charges_amount", "杂费 other charges"),
)
TOTAL_ELEMENTS = (
    ("PackNo", "packages", "件数 packages"),
    ("GrossWet", "gross_kg", "毛重 gross mass (kg)"),
    ("NetWt", "net_kg", "净重 net mass (kg)"),
)
ITEM_ELEMENTS = (
    ("GQty", "quantity", "成交数量 quantity"),
    ("FirstQty", "first_qty", "法定第一数量 legal first quantity"),
    ("SecondQty", "second_qty", "法定第二数量 legal second quantity"),
    ("DeclPrice", "unit_price", "申报单价 unit price"),
    ("DeclTotal", "amount", "申报总价 total price"),
)


def _part_number_findings(items: list[Item]) -> Iterator[Problem]:
    """The figures of one part (its items) larger than their elements take."""
    head = head_numbers(items)
    for element, name, label in TOTAL_ELEMENTS:
        value = head[element]
        if value and not fits("DecHead", element, value):
            # The total of the part is too large: point at the line adding the most to it.
            largest = max(
                (d for item in items for d in item.lines),
                key=lambda d: getattr(d.line, name) or 0,
            )
            yield problem(
                "DEC_TOTAL_TOO_LARGE",
                path=_path(largest, name),
                line=largest.line.line_no,
                label=label,
                value=value,
                digits=integer_digits("DecHead", element),
            )
    for item in items:
        values = list_numbers(item)
        for element, name, label in ITEM_ELEMENTS:
            value = values[element]
            if value and not fits("DecList", element, value):
                yield problem(
                    "DEC_LINE_NUMBER_TOO_LARGE",
                    path=_path(item.first, name),
                    line=item.first.line.line_no,
                    label=label,
                    value=value,
                    digits=integer_digits("DecList", element),
                )


def number_findings(data: PackData, record: DeclarationRecord) -> Iterator[Problem]:
    """Figures larger than their element of the message takes (e.g. GQty n(14,5)).

    Read from the values the message writes (``head_numbers``, ``list_numbers``), so
    that merged items are judged as declared. Charges are judged whole, as no part's
    share of them is larger.
    """
    for element, name, label in CHARGE_ELEMENTS:
        raw = data.header.get(name)
        value = str(money(Decimal(str(raw)))) if raw not in (None, "") else ""
        if value and not fits("DecHead", element, value):
            yield problem(
                "DEC_NUMBER_TOO_LARGE",
                path=name,
                label=label,
                value=value,
                digits=integer_digits("DecHead", element),
            )
    for items in record.parts or [[]]:
        yield from _part_number_findings(items)


def line_findings(data: PackData, record: DeclarationRecord) -> Iterator[Problem]:
    for declared in record.lines:
        yield from _code_findings(data, declared)
        yield from _quantity_findings(data, declared)
        yield from _line_field_findings(data, declared)


def declaration_findings(data: PackData, record: DeclarationRecord) -> list[Problem]:
    return [
        *header_findings(data, record),
        *party_findings(data, record),
        *line_findings(data, record),
        *number_findings(data, record),
    ]
