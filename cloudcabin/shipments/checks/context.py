"""What a rule sees: the shipment's rows and the reference facts they are checked against.

Rules never query the database. ``ShipmentView`` holds model instances that may be
saved or not (an import preview checks rows before anything is written), and
``ReferenceFacts`` holds the few reference answers the rules need, fetched in bulk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

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


@dataclass(frozen=True)
class ReferenceFacts:
    known_hs6: frozenset[str]
    known_currencies: frozenset[str]
    known_countries: frozenset[str]
    known_locodes: frozenset[str]
    known_units: frozenset[str]
    # size-type code → maximum gross mass in kg (None: the type exists, its rating is unknown)
    container_max_gross: dict[str, Decimal | None]
    container_tare: dict[str, Decimal | None]
    sea_only_incoterms: frozenset[str]
    eu_countries: frozenset[str]
