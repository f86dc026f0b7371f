"""From a frozen shipment snapshot to the facts every document is rendered from.

This is the one place that derives document figures (totals, per-container stowage,
routing countries, code mappings), so the invoice, the packing list, the declaration,
the consignment note and the ENS all show the same numbers by construction.
``build_pack_data`` is pure; ``Lookups`` carries the reference answers it needs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from cloudcabin.numbers import mass, money

ZERO = Decimal(0)


@dataclass(frozen=True)
class Place:
    locode: str
    name: str
    country: str


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
    customs_names: dict[tuple[str, str], str]  # (table, code) → Chinese name
    customs_unit_names: dict[str, str] = field(default_factory=dict)  # unit code → Chinese name
    # What the China customs declaration needs from the Single Window tables.
    filing: FilingLookups = field(default_factory=FilingLookups)


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
class ContainerLoad:
    number: str
    size_type: str
    seals: list[str]
    tare_kg: Decimal | None
    lines: list[tuple[int, int]]  # (line_no, packages)
    packages: int
    net_kg: Decimal
    gross_kg: Decimal


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
    # Origin criteria and bills of materials per line (documents.origin_services).
    origin_data: dict[str, Any] = field(default_factory=dict)


def _decimal(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _party(role: str, raw: dict[str, Any] | None) -> Party | None:
    if raw is None:
        return None
    return Party(
        role=role,
        **{name: raw.get(name) or "" for name in Party.__dataclass_fields__ if name != "role"},
    )


def _place(locode: str, lookups: Lookups) -> Place | None:
    if not locode:
        return None
    return lookups.places.get(locode) or Place(locode=locode, name=locode, country=locode[:2])


def _routing(origin: Place | None, crossings: list[Place], destination: Place | None) -> list[str]:
    """Countries in the order the goods cross them, each once per stretch."""
    countries: list[str] = []
    for place in [origin, *crossings, destination]:
        if place is not None and (not countries or countries[-1] != place.country):
            countries.append(place.country)
    return countries


def build_pack_data(snapshot: dict[str, Any], lookups: Lookups) -> PackData:
    header = snapshot["shipment"]
    lines = [
        Line(
            line_no=int(raw["line_no"]),
            description_zh=raw.get("description_zh") or "",
            description_en=raw.get("description_en") or "",
            hs_code=raw.get("hs_code") or "",
            national_code=raw.get("national_code") or "",
            declared_elements=raw.get("declared_elements") or "",
            quantity=_decimal(raw.get("quantity")),
            unit=raw.get("unit") or "",
            customs_unit=lookups.customs_unit_for_rec20.get(raw.get("unit") or "", ""),
            net_kg=_decimal(raw.get("net_kg")) or ZERO,
            gross_kg=_decimal(raw.get("gross_kg")) or ZERO,
            packages=int(raw.get("packages") or 0),
            package_type=raw.get("package_type") or "",
            unit_price=_decimal(raw.get("unit_price")),
            amount=_decimal(raw.get("amount")) or ZERO,
            origin_country=raw.get("origin_country") or "",
            marks=raw.get("marks") or "",
            un_number=raw.get("un_number") or "",
            ciq_code=raw.get("ciq_code") or "",
            first_qty=_decimal(raw.get("first_qty")),
            second_qty=_decimal(raw.get("second_qty")),
            domestic_region=raw.get("domestic_region") or "",
            admin_division=raw.get("admin_division") or "",
            duty_mode=raw.get("duty_mode") or "",
        )
        for raw in snapshot["lines"]
    ]
    by_no = {line.line_no: line for line in lines}
    stowed: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for stow in snapshot.get("stowage", []):
        stowed[stow["container"]].append((int(stow["line_no"]), int(stow["packages"])))
    containers = []
    for raw in snapshot.get("containers", []):
        loads = sorted(stowed.get(raw["number"], []))
        net = gross = ZERO
        for line_no, packages in loads:
            line = by_no.get(line_no)
            if line is not None and line.packages:
                net += line.net_kg * packages / line.packages
                gross += line.gross_kg * packages / line.packages
        containers.append(
            ContainerLoad(
                number=raw["number"],
                size_type=raw.get("size_type") or "",
                seals=list(raw.get("seals") or []),
                tare_kg=_decimal(raw.get("tare_kg")),
                lines=loads,
                packages=sum(packages for _, packages in loads),
                net_kg=mass(net),
                gross_kg=mass(gross),
            )
        )
    origin = _place(header.get("origin_locode") or "", lookups)
    destination = _place(header.get("destination_locode") or "", lookups)
    crossings = [
        place
        for place in (_place(code, lookups) for code in header.get("border_crossings") or [])
        if place is not None
    ]
    return PackData(
        revision=int(header["revision"]),
        organization=snapshot["organization"],
        header=header,
        parties={role: _party(role, raw) for role, raw in snapshot["parties"].items()},
        lines=lines,
        containers=containers,
        origin=origin,
        destination=destination,
        loading=_place(header.get("loading_locode") or "", lookups),
        crossings=crossings,
        routing_countries=_routing(origin, crossings, destination),
        total_packages=sum(line.packages for line in lines),
        total_net_kg=mass(sum((line.net_kg for line in lines), ZERO)),
        total_gross_kg=mass(sum((line.gross_kg for line in lines), ZERO)),
        total_amount=money(sum((line.amount for line in lines), ZERO)),
        currency=header.get("currency") or "",
        lookups=lookups,
    )
