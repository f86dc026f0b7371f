"""The China customs declaration (报关单) as one record, derived from the shipment.

Every value the message and the printed form show is worked out here, once: the exit
(on an import, entry) customs and port from the route's China border station, the
declaring customs from the origin (import: destination) hub, the foreign port from the
destination (import: the origin, and the port of transit from the route), the domestic
region from the domestic party's address or else the hub, the 10-digit and CIQ codes
and the legal units from the tariff tables, the legal quantities from the line. A value
the user typed on the shipment wins over the derivation. Nothing is guessed: what
cannot be derived is left blank with ``Source.MISSING``, and ``findings`` asks for it.

Pure: reads ``PackData`` and its lookups, never the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from cloudcabin.documents.data import Line, PackData, Party, Place
from cloudcabin.numbers import legal_quantity, unit_price

MAX_ITEMS = 50  # a China customs declaration holds at most 50 items (项)

# Code tables of the reference app (reference.CustomsTable values).
CUSTOMS_DISTRICT = "customs_district"
DOMESTIC_PORT = "domestic_port"
DESTINATION_PORT = "destination_port"
DOMESTIC_REGION = "domestic_region"
ADMIN_DIVISION = "admin_division"
DUTY_MODE = "duty_mode"
LICENCE_DOCUMENT = "licence_document"

# Legal units that are masses: the legal quantity comes from the net mass.
KILOGRAM, GRAM, TONNE = "035", "036", "070"
MASS_FACTOR = {KILOGRAM: Decimal(1), GRAM: Decimal(1000), TONNE: Decimal("0.001")}

# 征免性质 101 一般征税 is declared with 征免方式 1 照章征税 (general trade, full duty).
GENERAL_LEVY, FULL_DUTY = "101", "1"
# 其他事项确认 on exports: the special-relationship, price-influence and royalty
# confirmations are "免予填报" for export goods (GACC filling rules), i.e. 9.
EXPORT_PROMISES = "999"

# 运输方式 for the route kind: the mode of the first leg (rail_road starts by rail,
# sea_rail by sea, so goods leave China by the first leg's mode).
TRANSPORT_MODE_FOR_ROUTE = {"rail": "3", "rail_road": "3", "sea": "2", "sea_rail": "2", "road": "4"}


class Source(StrEnum):
    """Where a declaration value came from, shown beside it on the shipment page."""

    ENTERED = "entered"
    ROUTE = "route"
    ORIGIN = "origin"
    DESTINATION = "destination"
    ADDRESS = "address"
    TARIFF = "tariff"
    RULE = "rule"
    MISSING = "missing"


@dataclass(frozen=True)
class Coded:
    code: str
    source: Source

    @property
    def missing(self) -> bool:
        return not self.code


MISSING = Coded("", Source.MISSING)


@dataclass(frozen=True)
class LineDeclaration:
    """One goods line as the declaration sees it."""

    index: int  # position in the shipment's lines, for paths "lines[i].…"
    line: Line
    code_ts: Coded  # 10-digit commodity code
    ciq_code: Coded
    first_unit: str  # legal units from the tariff, 3-digit codes ("" when none)
    second_unit: str
    first_qty: Decimal | None
    second_qty: Decimal | None
    region: Coded  # 境内货源地 (export) / 境内目的地 (import), 5 characters
    division: Coded  # 产地/目的地 administrative division, 6 digits
    duty_mode: Coded


@dataclass(frozen=True)
class Item:
    """Declaration item (项): the lines customs counts as one, with summed quantities."""

    no: int
    lines: list[LineDeclaration]
    quantity: Decimal | None
    first_qty: Decimal | None
    second_qty: Decimal | None
    amount: Decimal

    @property
    def first(self) -> LineDeclaration:
        return self.lines[0]

    @property
    def unit_price(self) -> Decimal | None:
        """The declared unit price: the item's amount over its summed quantity (the first
        line's own price when no quantity is stated)."""
        if self.quantity:
            return unit_price(self.amount / self.quantity)
        return self.first.line.unit_price


@dataclass(frozen=True)
class DeclarationRecord:
    is_import: bool
    declaring_customs: Coded  # 申报地海关
    border_customs: Coded  # 出境/进境关别
    border_port: Coded  # 离境/入境口岸
    foreign_port: Coded  # 指运港 (export) / 启运港 (import)
    transit_port: Coded  # 经停港 (import only)
    border_place: Place | None  # the China exit (or entry) station of the route
    border_unnamed: bool  # the planned route crosses the China border inside a long leg
    transport_mode: str
    trade_country: str  # 贸易国 (the foreign buyer's, or seller's on imports), alpha-2
    arrival_country: str  # 运抵国 (export) / 启运国 (import), alpha-2
    promise_items: Coded
    lines: list[LineDeclaration]
    items: list[Item]

    @property
    def parts(self) -> list[list[Item]]:
        """The items split into declarations of at most 50 items each."""
        return [self.items[i : i + MAX_ITEMS] for i in range(0, len(self.items), MAX_ITEMS)]

    def part_of(self, item: Item) -> int:
        return (item.no - 1) // MAX_ITEMS + 1

    def item_no_in_part(self, item: Item) -> int:
        return (item.no - 1) % MAX_ITEMS + 1


# -- places -------------------------------------------------------------------------


def china_border(data: PackData, is_import: bool) -> Place | None:
    """Where the goods leave (or enter) China: the route's China border crossing.

    With a planned route, the station where the route crosses out of China (or into it:
    ``PackData.china_exit``/``china_entry``); none when that border lies inside a
    longer leg. Without one, the hand-typed crossings: exports leave at the last Chinese
    one, imports enter at the first. A sea route without one leaves at its Chinese
    place of loading when that is not the origin.
    """
    if data.has_route:
        station = data.china_entry if is_import else data.china_exit
        if station is not None:
            return station
    else:
        chinese = [place for place in data.crossings if place.country == "CN"]
        if chinese:
            return chinese[0] if is_import else chinese[-1]
    loading = data.loading
    if loading and loading.country == "CN" and data.origin and loading.locode != data.origin.locode:
        return loading
    return None


def _code_at(data: PackData, table: str, place: Place | None, source: Source) -> Coded:
    if place is None:
        return MISSING
    code = data.lookups.filing.codes_at.get((table, place.locode), "")
    return Coded(code, source) if code else MISSING


def _port_of(data: PackData, place: Place | None, source: Source) -> Coded:
    """A foreign place's 港口代码: its own, else its country's (e.g. POL000)."""
    found = _code_at(data, DESTINATION_PORT, place, source)
    if found.code or place is None:
        return found
    country = data.lookups.country_alpha3.get(place.country, "")
    fallback = f"{country}000"
    if country and (DESTINATION_PORT, fallback) in data.lookups.customs_names:
        return Coded(fallback, source)
    return MISSING


def _last_foreign_before(data: PackData, border: Place | None) -> Place | None:
    """On an import, the last foreign crossing before the China entry (经停港)."""
    before: list[Place] = []
    for place in data.crossings:
        if border is not None and place.locode == border.locode:
            break
        before.append(place)
    foreign = [place for place in before if place.country != "CN"]
    return foreign[-1] if foreign else None


def _entered(value: str, derived: Coded) -> Coded:
    return Coded(value, Source.ENTERED) if value else derived


# -- regions from an address ----------------------------------------------------------


def _domestic_party(data: PackData, is_import: bool) -> Party | None:
    if is_import:
        return data.parties.get("consignee")
    return data.parties.get("producer") or data.parties.get("consignor")


def _place_texts(data: PackData, is_import: bool) -> list[tuple[str, Source]]:
    """Chinese texts that say where the goods come from (or go to), best first."""
    texts = []
    party = _domestic_party(data, is_import)
    if party is not None:
        text = " ".join(part for part in (party.address_local, party.name_local) if part)
        if text:
            texts.append((text, Source.ADDRESS))
    hub = data.destination if is_import else data.origin
    if hub is not None:
        name = data.lookups.filing.place_names_zh.get(hub.locode, "")
        if name:
            texts.append((name, Source.DESTINATION if is_import else Source.ORIGIN))
    return texts


def _best_name_match(
    data: PackData, table: str, texts: list[tuple[str, Source]], suffix: str = ""
) -> Coded:
    """The code whose name (less ``suffix``) is found in the first text that has one.

    Region names such as 西安其他 ("Xi'an, other") stand for the city: "西安" in the
    address picks them. The longest name wins, then the one found latest in the text
    (Chinese addresses go from province to district: 陕西省西安市 is in Xi'an, not just
    in Shaanxi). Names shorter than two characters never match.
    """
    names = [
        (code, name.removesuffix(suffix) if suffix else name)
        for code, name in data.lookups.customs_names.by_table.get(table, [])
        if not suffix or name.endswith(suffix)
    ]
    for text, source in texts:
        found = [
            (len(key), text.rfind(key), code)
            for code, key in names
            if len(key) >= 2 and key in text
        ]
        if found:
            return Coded(max(found)[2], source)
    return MISSING


# -- lines ----------------------------------------------------------------------------


def _code_ts(data: PackData, line: Line) -> Coded:
    code = line.national_code
    if len(code) == 10:
        return Coded(code, Source.ENTERED)
    known = data.lookups.filing.ten_digit_codes.get(code, []) if len(code) == 8 else []
    return Coded(known[0], Source.TARIFF) if len(known) == 1 else MISSING


def _ciq(data: PackData, line: Line, code_ts: Coded) -> Coded:
    if line.ciq_code:
        return Coded(line.ciq_code, Source.ENTERED)
    known = data.lookups.filing.ciq_codes.get(code_ts.code, [])
    return Coded(known[0][0], Source.TARIFF) if len(known) == 1 else MISSING


def _legal_qty(data: PackData, line: Line, unit: str, entered: Decimal | None) -> Decimal | None:
    """The quantity in a legal unit: as entered, else from the net mass or the quantity."""
    if entered is not None or not unit:
        return entered
    if unit in MASS_FACTOR:
        return legal_quantity(line.net_kg * MASS_FACTOR[unit]) if line.net_kg else None
    same_unit = data.lookups.filing.unit_rec20.get(unit, "") == line.unit and line.unit
    return line.quantity if same_unit and line.quantity is not None else None


def declare_line(
    data: PackData, index: int, line: Line, defaults: dict[str, Coded]
) -> LineDeclaration:
    code_ts = _code_ts(data, line)
    first_unit, second_unit = data.lookups.filing.legal_units.get(line.national_code[:8], ("", ""))
    return LineDeclaration(
        index=index,
        line=line,
        code_ts=code_ts,
        ciq_code=_ciq(data, line, code_ts),
        first_unit=first_unit,
        second_unit=second_unit,
        first_qty=_legal_qty(data, line, first_unit, line.first_qty),
        # A second quantity typed where the tariff has no second unit stays, so that
        # the findings can point at it rather than drop it silently.
        second_qty=_legal_qty(data, line, second_unit, line.second_qty),
        region=_entered(line.domestic_region, defaults["region"]),
        division=_entered(line.admin_division, defaults["division"]),
        duty_mode=_entered(line.duty_mode, defaults["duty_mode"]),
    )


def _item_key(declared: LineDeclaration) -> tuple[str, ...]:
    """Lines that customs counts as one item: the same codes, name, elements, unit, origin."""
    line = declared.line
    return (
        declared.code_ts.code or line.national_code or line.hs_code,
        declared.ciq_code.code,
        line.description_zh,
        line.declared_elements,
        line.customs_unit,
        line.origin_country,
        declared.region.code,
        declared.division.code,
        declared.duty_mode.code,
    )


def _sum(values: list[Decimal | None]) -> Decimal | None:
    if not values or any(value is None for value in values):
        return None
    return sum((value for value in values if value is not None), Decimal(0))


def merge_items(lines: list[LineDeclaration]) -> list[Item]:
    """Goods lines merged into declaration items (归并), in order of first appearance."""
    groups: dict[tuple[str, ...], list[LineDeclaration]] = {}
    for declared in lines:
        groups.setdefault(_item_key(declared), []).append(declared)
    return [
        Item(
            no=no,
            lines=group,
            quantity=_sum([d.line.quantity for d in group]),
            first_qty=_sum([d.first_qty for d in group]),
            second_qty=_sum([d.second_qty for d in group]) if group[0].second_unit else None,
            amount=sum((d.line.amount for d in group), Decimal(0)),
        )
        for no, group in enumerate(groups.values(), start=1)
    ]


# -- the record -----------------------------------------------------------------------


def _trade_and_arrival(data: PackData, imported: bool) -> tuple[str, str]:
    """贸易国 (the foreign seller's country on an import, the buyer's on an export) and
    运抵国/启运国: on an import, the country the route starts in (the origin's)."""
    seller = data.parties.get("seller") or data.parties.get("consignor")
    buyer = data.parties.get("buyer") or data.parties.get("consignee")
    if imported:
        start = data.route_stops[0] if data.has_route and data.route_stops else data.origin
        return (seller.country if seller else "", start.country if start else "")
    return (buyer.country if buyer else "", data.destination.country if data.destination else "")


def is_import(data: PackData) -> bool:
    return data.header.get("direction") == "import"


def declaration_record(data: PackData) -> DeclarationRecord:
    header = data.header
    imported = is_import(data)
    border = china_border(data, imported)
    hub = data.destination if imported else data.origin
    hub_source = Source.DESTINATION if imported else Source.ORIGIN
    foreign = data.origin if imported else data.destination
    texts = _place_texts(data, imported)
    levy = header.get("levy_nature") or ""
    defaults = {
        "region": _best_name_match(data, DOMESTIC_REGION, texts, suffix="其他"),
        "division": _best_name_match(data, ADMIN_DIVISION, texts),
        "duty_mode": Coded(FULL_DUTY, Source.RULE) if levy == GENERAL_LEVY else MISSING,
    }
    lines = [declare_line(data, index, line, defaults) for index, line in enumerate(data.lines)]
    trade, arrival = _trade_and_arrival(data, imported)
    if imported:
        foreign_port = _port_of(data, foreign, Source.ORIGIN)
        transit = _port_of(data, _last_foreign_before(data, border), Source.ROUTE)
        transit_port = _entered(
            header.get("transit_port") or "", transit if transit.code else foreign_port
        )
    else:
        foreign_port = _port_of(data, foreign, Source.DESTINATION)
        transit_port = MISSING
    return DeclarationRecord(
        is_import=imported,
        declaring_customs=_entered(
            header.get("declaring_customs") or "", _code_at(data, CUSTOMS_DISTRICT, hub, hub_source)
        ),
        border_customs=_entered(
            header.get("border_customs") or "",
            _code_at(data, CUSTOMS_DISTRICT, border, Source.ROUTE),
        ),
        border_port=_entered(
            header.get("border_port") or "", _code_at(data, DOMESTIC_PORT, border, Source.ROUTE)
        ),
        foreign_port=_entered(header.get("foreign_port") or "", foreign_port),
        transit_port=transit_port,
        border_place=border,
        border_unnamed=border is None
        and any(
            (crossing.to_country if imported else crossing.from_country) == "CN"
            for crossing in data.border_crossings
        ),
        transport_mode=TRANSPORT_MODE_FOR_ROUTE.get(header.get("route_kind") or "", ""),
        trade_country=trade,
        arrival_country=arrival,
        promise_items=_entered(
            header.get("promise_items") or "",
            MISSING if imported else Coded(EXPORT_PROMISES, Source.RULE),
        ),
        lines=lines,
        items=merge_items(lines),
    )
