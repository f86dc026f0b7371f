"""What a rule sees: the shipment's rows and the reference facts they are checked against.

Rules never query the database. ``ShipmentView`` holds model instances that may be
saved or not (an import preview checks rows before anything is written), and
``ReferenceFacts`` holds the few reference answers the rules need, fetched in bulk.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from cloudcabin.reference.tariff_fit import HsFit
from cloudcabin.shipments.models import Container, GoodsLine, Party, Shipment

PARTY_ROLES = (
    "seller",
    "buyer",
    "consignor",
    "consignee",
    "notify_party",
    "declarant",
    "producer",
)


@dataclass(frozen=True)
class Stowage:
    """``packages`` of the goods line numbered ``line_no`` stowed in container ``container``."""

    container: str
    line_no: int
    packages: int


@dataclass
class ShipmentView:
    shipment: Shipment
    parties: dict[str, Party | None]
    lines: list[GoodsLine]
    containers: list[Container] = field(default_factory=list)
    stowage: list[Stowage] = field(default_factory=list)


FitKey = tuple[str, str, str]


def fit_key(line: GoodsLine) -> FitKey:
    """What a line's description fit depends on: its HS code and its descriptions."""
    return (line.hs_code, line.description_en.strip(), line.description_zh.strip())


@dataclass(frozen=True)
class ReferenceFacts:
    known_hs6: frozenset[str]
    # the lines' national codes (first 8 digits) that are in the China tariff
    known_national_codes: frozenset[str]
    known_currencies: frozenset[str]
    known_countries: frozenset[str]
    known_locodes: frozenset[str]
    known_units: frozenset[str]
    # size-type code → maximum gross mass in kg (None: the type exists, its rating is unknown)
    container_max_gross: dict[str, Decimal | None]
    container_tare: dict[str, Decimal | None]
    sea_only_incoterms: frozenset[str]
    eu_countries: frozenset[str]
    # how each line's description fits the tariff, by fit_key(); none known, no warning
    hs_fits: Mapping[FitKey, HsFit] = field(default_factory=dict)
