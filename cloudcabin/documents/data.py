"""The facts every document is rendered from (``PackData``), and the reference answers
they need (``Lookups``); ``documents.derive.build_pack_data`` makes them from a frozen
shipment snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any

from cloudcabin.reference.codes import CodeLists

if TYPE_CHECKING:
    from cloudcabin.documents.declaration.record import DeclarationRecord


class CustomsNames(dict[tuple[str, str], str]):
    """(table, code) → Chinese name, for every row of every customs code table, with each
    table's rows listed once: a declaration matches its places against the 1,021 region and
    3,533 division names, not twice against all 8,000 rows (the copy lives as long as the
    process's copy of the tables, ``declaration.lookups.customs_names``)."""

    @cached_property
    def by_table(self) -> dict[str, list[tuple[str, str]]]:
        """Table → [(code, name)], in the dict's order."""
        tables: dict[str, list[tuple[str, str]]] = {}
        for (table, code), name in self.items():
            tables.setdefault(table, []).append((code, name))
        return tables


@dataclass(frozen=True)
class Place:
    """A place as every document spells it: the network's name when the place is on the
    route (e.g. Xi'an, Łódź, with its Chinese name), the UN/LOCODE name otherwise."""

    locode: str
    name: str
    country: str
    name_zh: str = ""


@dataclass(frozen=True)
class BorderCrossing:
    """A border on the route; a station is None when the crossing lies inside a long leg."""

    from_country: str
    to_country: str
    exit: Place | None
    entry: Place | None
    by_sea: bool = False  # on a sea leg: the ship's border, not the rail note's


@dataclass(frozen=True)
class GaugeChange:
    place: Place
    from_gauge: int
    to_gauge: int


@dataclass(frozen=True)
class SeaLeg:
    """An ocean leg of the route (the ship's part, under a bill of lading)."""

    port_of_loading: Place
    port_of_discharge: Place
    # Whether each end is a port on the network (a route through an inland node to sea
    # is a data error the shipping instructions point out).
    loading_is_port: bool
    discharge_is_port: bool


@dataclass(frozen=True)
class RailPart:
    """What the rail consignment note covers on a route that also goes by sea."""

    start: Place
    end: Place
    crossings: list[Place]  # the border stations between start and end
    countries: list[str]  # the countries it runs through, in order


@dataclass(frozen=True)
class FilingLookups:
    """Reference answers for the China customs declaration (documents.declaration)."""

    # (table, UN/LOCODE) → the code serving that place (e.g. customs_district, CNAKL → 9404)
    codes_at: dict[tuple[str, str], str] = field(default_factory=dict)
    # UN/LOCODE → Chinese name of the place (network hubs)
    place_names_zh: dict[str, str] = field(default_factory=dict)
    # 8-digit tariff code → (legal first unit, legal second unit), 3-digit unit codes
    legal_units: dict[str, tuple[str, str]] = field(default_factory=dict)
    # 8-digit tariff code → the 10-digit codes the tables list under it
    ten_digit_codes: dict[str, list[str]] = field(default_factory=dict)
    # 10-digit code → [(CIQ code, name)]
    ciq_codes: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # China customs unit code → UN/ECE Rec. 20 code
    unit_rec20: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Lookups:
    places: dict[str, Place]  # UN/LOCODE → place
    country_alpha3: dict[str, str]  # alpha-2 → alpha-3
    country_names: dict[str, tuple[str, str]]  # alpha-2 → (English, Chinese)
    customs_unit_for_rec20: dict[str, str]  # Rec. 20 → China customs unit code
    customs_names: CustomsNames  # (table, code) → Chinese name
    customs_unit_names: dict[str, str] = field(default_factory=dict)  # unit code → Chinese name
    # Rec. 20 → (Chinese, English) name of the customs unit that stands for it (H87 → 个).
    unit_names: dict[str, tuple[str, str]] = field(default_factory=dict)
    # What the China customs declaration needs from the Single Window tables.
    filing: FilingLookups = field(default_factory=FilingLookups)
    # EU members, RCEP parties, railway law, rail stations (reference.selectors.code_lists).
    code_lists: CodeLists = field(default_factory=CodeLists.empty)


@dataclass(frozen=True)
class Party:
    role: str
    name_local: str
    name_latin: str
    address_local: str
    address_latin: str
    city: str
    postcode: str
    country: str
    uscc: str
    eori: str
    vat_number: str
    tin: str
    customs_code: str
    contact: str

    @property
    def name(self) -> str:
        """The Latin name, with the local one beside it when there is one."""
        if self.name_local and self.name_local != self.name_latin:
            return f"{self.name_latin} / {self.name_local}"
        return self.name_latin


@dataclass(frozen=True)
class Line:
    line_no: int
    description_zh: str
    description_en: str
    hs_code: str
    national_code: str
    declared_elements: str
    quantity: Decimal | None
    unit: str
    customs_unit: str
    net_kg: Decimal
    gross_kg: Decimal
    packages: int
    package_type: str
    unit_price: Decimal | None
    amount: Decimal
    origin_country: str
    marks: str
    un_number: str
    # Declaration fields as entered (blank/None: derived by documents.declaration)
    ciq_code: str = ""
    first_qty: Decimal | None = None
    second_qty: Decimal | None = None
    domestic_region: str = ""
    admin_division: str = ""
    duty_mode: str = ""


@dataclass(frozen=True)
class StowedLine:
    """``packages`` of goods line ``line_no`` in one container, with their share of its mass."""

    line_no: int
    packages: int
    net_kg: Decimal
    gross_kg: Decimal
    # This container's part of the line's marks (shipments.stowage.stowed_marks).
    marks: str = ""


@dataclass(frozen=True)
class ContainerLoad:
    number: str
    size_type: str
    seals: list[str]
    tare_kg: Decimal | None
    lines: list[StowedLine]  # by line number
    packages: int
    net_kg: Decimal
    gross_kg: Decimal


@dataclass(frozen=True)
class BookedDeparture:
    """The first confirmed booking's departure (``documents.selectors.booked_departure``)."""

    departs_at: datetime  # aware
    local_date: date  # the departure's date in its station's time zone
    train: str  # the service's code and name
    transit_days: int  # the timetable's transit time, origin station to destination


@dataclass(frozen=True)
class PackData:
    revision: int
    organization: dict[str, Any]
    header: dict[str, Any]
    parties: dict[str, Party | None]
    lines: list[Line]
    containers: list[ContainerLoad]
    origin: Place | None
    destination: Place | None
    loading: Place | None
    crossings: list[Place]
    routing_countries: list[str]
    total_packages: int
    total_net_kg: Decimal
    total_gross_kg: Decimal
    total_amount: Decimal
    currency: str
    lookups: Lookups = field(repr=False)
    # Origin criteria and bills of materials per line (documents.origin.services).
    origin_data: dict[str, Any] = field(default_factory=dict)
    # The journey, derived from the shipment's planned route (network.journey). Without
    # a planned route only ``crossings`` (the hand-entered override) and the countries
    # of origin, crossings and destination are known; the rest stays empty.
    has_route: bool = False
    route_stops: list[Place] = field(default_factory=list)
    border_crossings: list[BorderCrossing] = field(default_factory=list)
    gauge_changes: list[GaugeChange] = field(default_factory=list)
    # The first crossing from outside into the EU: its country, and its entry station
    # when the route names one (Małaszewicze for Brest → Małaszewicze).
    first_eu_entry_country: str = ""
    first_eu_entry: Place | None = None
    # Where an export leaves China (an import enters it): a border station of the route.
    china_exit: Place | None = None
    china_entry: Place | None = None
    # The first confirmed booking's departure; None until the shipment has one.
    departure: BookedDeparture | None = None
    # How the goods travel, each way once in the order first used ("rail", "sea",
    # "road"): from the legs, or from the route kind without a planned route.
    transport_modes: tuple[str, ...] = ()
    # The ocean legs, and the rail part a route with one leaves to the rail note (None:
    # no sea leg, the rail note covers the whole route).
    sea_legs: list[SeaLeg] = field(default_factory=list)
    rail_part: RailPart | None = None
    # Whether the first crossing into the EU is on a sea leg (the maritime ENS).
    first_eu_entry_by_sea: bool = False

    @cached_property
    def declaration(self) -> DeclarationRecord:
        """The China customs declaration as derived from this data: once per PackData
        (one request's), as its findings, its parts and the shipment page all read it."""
        # Imported here: the record is derived from this module's types.
        from cloudcabin.documents.declaration.record import declaration_record

        return declaration_record(self)

    def containers_of_lines(self) -> dict[int, list[str]]:
        """Each goods line's container numbers, in the order the containers were entered."""
        held: dict[int, list[str]] = {}
        for load in self.containers:
            for stowed in load.lines:
                held.setdefault(stowed.line_no, []).append(load.number)
        return held

    @property
    def rail_crossings(self) -> list[Place]:
        """The border stations the rail consignment note names."""
        return self.rail_part.crossings if self.rail_part else self.crossings

    @property
    def port_of_loading(self) -> Place | None:
        return self.sea_legs[0].port_of_loading if self.sea_legs else None

    @property
    def port_of_discharge(self) -> Place | None:
        return self.sea_legs[-1].port_of_discharge if self.sea_legs else None
