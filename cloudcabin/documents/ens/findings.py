"""What would stop the rail ENS from being filed, as findings on the fields to fix.

Every limit the IE3F51 schema (``xsd/ics2-ens-rail.xsd``) puts on a value the shipment
supplies is checked here first, so that issue never fails where the findings were clean.
The place of delivery and unloading (the destination) is not asked for here: the
declaration, which every pack carries, already asks for it (DEC_COUNTRY_MISSING).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from cloudcabin.documents.data import PackData, Party
from cloudcabin.documents.ens.consignment import (
    MAX_HOUSES,
    MAX_ITEMS_PER_HOUSE,
    PACKAGE_TYPE_REC21,
    carrier,
    entry_office,
    first_entry_country,
    first_entry_place,
    goods_items,
)
from cloudcabin.documents.ens.message import STREET, lrn
from cloudcabin.errors import Problem, problem

# Formats of the specification (an..n: at most n characters; n..16,6: 10 integer digits).
LRN, NAME, CITY, POSTCODE, TRAIN, DOCUMENT, SEAL, MARKS = 22, 70, 35, 17, 35, 70, 20, 512
MAX_SEALS = 9
MAX_PACKAGES = 99_999_999  # n..8
MAX_MASS = Decimal("9999999999.999999")  # n..16,6
ENS_PARTIES = ("consignor", "consignee", "buyer", "seller")
MANDATORY_PARTIES = ("consignor", "consignee")


def _too_long(path: str, value: str, limit: int) -> list[Problem]:
    return [problem("ENS_TOO_LONG", path=path, limit=limit)] if len(value) > limit else []


def _header(data: PackData) -> list[Problem]:
    found: list[Problem] = []
    if len(lrn(data)) > LRN:
        found.append(
            problem("ENS_TOO_LONG", path="reference", limit=LRN - len(f"-R{data.revision}"))
        )
    train = data.header.get("train_number") or ""
    if not train:
        found.append(problem("ENS_TRAIN_MISSING", path="train_number"))
    found += _too_long("train_number", train, TRAIN)
    note = data.header.get("consignment_note_number") or ""
    if not note:
        found.append(problem("ENS_TRANSPORT_DOCUMENT_MISSING", path="consignment_note_number"))
    found += _too_long("consignment_note_number", note, DOCUMENT)
    if (data.loading or data.origin) is None:
        found.append(problem("ENS_LOADING_PLACE_MISSING", path="loading_locode"))
    return found


def _filer(data: PackData) -> list[Problem]:
    """The carrier, which files the ENS itself: the operator, with an EORI and a city."""
    who = carrier(data)
    if who is None or not who.eori:
        return [problem("ENS_CARRIER_MISSING", path="operator.eori")]
    found: list[Problem] = []
    if not who.city or not who.country:
        found.append(problem("ENS_CARRIER_ADDRESS_INCOMPLETE", path="operator.address"))
    found += _too_long("operator.name_en", who.name, NAME)
    if len(who.city) > CITY or len(who.postcode) > POSTCODE or len(who.street) > 2 * STREET:
        found.append(problem("ENS_TOO_LONG", path="operator.address", limit=2 * STREET))
    return found


def _entry(data: PackData) -> list[Problem]:
    if not data.has_route:
        return [problem("ENS_ROUTE_NOT_PLANNED", path="border_crossings")]
    place = first_entry_place(data)
    if place is None:
        country = first_entry_country(data)
        return [problem("ENS_ENTRY_PLACE_MISSING", path="border_crossings", country=country)]
    if not entry_office(data):
        return [
            problem(
                "ENS_ENTRY_OFFICE_UNKNOWN",
                path="border_crossings",
                place=place.name,
                locode=place.locode,
            )
        ]
    return []


def _parties(data: PackData) -> list[Problem]:
    found: list[Problem] = []
    seen: list[Party] = []
    for role in ENS_PARTIES:
        party = data.parties.get(role)
        if party is None:
            # Consignor and consignee are mandatory; buyer and seller come together in the
            # house consignment's goods shipment, which is conditional (C3020, whose text
            # we have not seen): stated when both are known, not asked for.
            if role in MANDATORY_PARTIES:
                found.append(problem("ENS_PARTY_MISSING", path=f"parties.{role}", role=role))
            continue
        # The seller is often the consignor (the buyer the consignee): one address-book
        # entry, whose findings are given once, on the role named first.
        if replace(party, role="") in seen:
            continue
        seen.append(replace(party, role=""))
        if not party.city:
            found.append(problem("ENS_PARTY_CITY_MISSING", path=f"parties.{role}.city", role=role))
        found += _too_long(f"parties.{role}.name_latin", party.name_latin, NAME)
        found += _too_long(f"parties.{role}.city", party.city, CITY)
        found += _too_long(f"parties.{role}.postcode", party.postcode, POSTCODE)
        field = "address_latin" if party.address_latin else "address_local"
        found += _too_long(
            f"parties.{role}.{field}", party.address_latin or party.address_local, 2 * STREET
        )
    return found


def _lines(data: PackData) -> list[Problem]:
    found: list[Problem] = []
    for index, line in enumerate(data.lines):
        path, no = f"lines[{index}]", line.line_no
        if not line.description_en:
            found.append(problem("ENS_DESCRIPTION_MISSING", path=f"{path}.description_en", line=no))
        if line.gross_kg <= 0:
            found.append(problem("ENS_GROSS_MISSING", path=f"{path}.gross_kg", line=no))
        if line.package_type not in PACKAGE_TYPE_REC21:
            found.append(
                problem(
                    "ENS_PACKAGE_TYPE_UNKNOWN",
                    path=f"{path}.package_type",
                    line=no,
                    package_type=line.package_type or "—",
                )
            )
        if len(line.marks) > MARKS:
            found.append(problem("ENS_LINE_TOO_LONG", path=f"{path}.marks", line=no, limit=MARKS))
    return found


def _items(data: PackData) -> list[Problem]:
    """Sums of aggregated lines the message cannot carry, named on the first line."""
    found: list[Problem] = []
    index_of = {line.line_no: index for index, line in enumerate(data.lines)}
    items = goods_items(data)
    if len(items) > MAX_HOUSES * MAX_ITEMS_PER_HOUSE:
        found.append(problem("ENS_TOO_MANY_ITEMS", path="lines", items=len(items)))
    for item in items:
        first = item.lines[0]
        if item.packages > MAX_PACKAGES:
            found.append(
                problem(
                    "ENS_ITEM_TOO_LARGE",
                    path=f"lines[{index_of[first]}].packages",
                    line=first,
                    limit=MAX_PACKAGES,
                )
            )
        if item.gross_kg > MAX_MASS:
            found.append(
                problem(
                    "ENS_ITEM_TOO_LARGE",
                    path=f"lines[{index_of[first]}].gross_kg",
                    line=first,
                    limit=MAX_MASS,
                )
            )
    return found


def _containers(data: PackData) -> list[Problem]:
    found: list[Problem] = []
    for index, load in enumerate(data.containers):
        if len(load.seals) > MAX_SEALS or any(len(seal) > SEAL for seal in load.seals):
            found.append(
                problem(
                    "ENS_SEALS_INVALID",
                    path=f"containers[{index}].seals",
                    number=load.number,
                    count=MAX_SEALS,
                    limit=SEAL,
                )
            )
    return found


def ens_findings(data: PackData) -> list[Problem]:
    return [
        *_header(data),
        *_filer(data),
        *_entry(data),
        *_parties(data),
        *_lines(data),
        *_items(data),
        *_containers(data),
    ]
