"""Plain data in and out of the planner: no ORM, no Django."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

GAUGE_OF_MODE: dict[str, int] = {"rail_1435": 1435, "rail_1520": 1520, "rail_1668": 1668}

# Assumed gross mass per loaded container (tare + average cargo), tonnes: our estimate,
# used only for the CO2 figure; documented in data/SOURCES.md.
CONTAINER_MASS_T: dict[str, Decimal] = {"20": Decimal(14), "40": Decimal(20), "40HC": Decimal(20)}
CO2_METHOD = (
    "distance (km) x assumed gross mass per container (20': 14 t, 40'/40' HC: 20 t) x "
    "g CO2e per tonne-km of each mode (indicative factors, see the network data sources); "
    "tank-to-wheel order of magnitude, not a certified GLEC calculation"
)


class Objective(StrEnum):
    FASTEST = "fastest"
    CHEAPEST = "cheapest"
    GREENEST = "greenest"
    BALANCED = "balanced"


@dataclass(frozen=True)
class NodeData:
    locode: str
    name: str
    country: str
    kind: str
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    gauge_mm: int | None = None
    name_zh: str = ""
    pinyin: str = ""


@dataclass(frozen=True)
class LegData:
    id: int
    origin: str
    destination: str
    mode: str
    distance_km: Decimal
    days_min: Decimal
    days_max: Decimal
    dwell_days: Decimal
    transit_countries: tuple[str, ...]
    bidirectional: bool = True

    def reversed(self) -> LegData:
        return LegData(
            id=self.id,
            origin=self.destination,
            destination=self.origin,
            mode=self.mode,
            distance_km=self.distance_km,
            days_min=self.days_min,
            days_max=self.days_max,
            dwell_days=self.dwell_days,
            transit_countries=tuple(reversed(self.transit_countries)),
            bidirectional=self.bidirectional,
        )


@dataclass(frozen=True)
class TariffData:
    id: int
    kind: str  # leg_freight, terminal_handling, gauge_change, border_fee, surcharge
    name: str
    per_teu: Decimal
    per_feu: Decimal
    currency: str
    valid_from: date
    valid_to: date | None = None
    leg_id: int | None = None
    node: str | None = None
    mode: str = ""
    name_zh: str = ""

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def amount_for(self, size_type: str) -> Decimal:
        return self.per_teu if size_type == "20" else self.per_feu


@dataclass(frozen=True)
class RouteRequest:
    origin: str
    destination: str
    container_count: int = 1
    size_type: str = "40"
    ready_date: date = field(default_factory=date.today)
    objective: Objective = Objective.FASTEST
    k: int = 5
    avoid_countries: frozenset[str] = frozenset()
    avoid_modes: frozenset[str] = frozenset()
    via: str | None = None
    max_transshipments: int | None = None


@dataclass(frozen=True)
class LegResult:
    origin: NodeData
    destination: NodeData
    mode: str
    distance_km: Decimal
    days_min: Decimal
    days_max: Decimal
    dwell_days: Decimal
    countries: tuple[str, ...]
    co2_kg_per_container: Decimal


@dataclass(frozen=True)
class CostLine:
    kind: str
    label: str
    unit_amount: Decimal
    quantity: int
    amount: Decimal
    currency: str
    # The places it is charged for (a leg's two ends, a node), by LOCODE: pages name the
    # charge from its kind and these, in the reader's language.
    places: tuple[str, ...] = ()
    label_zh: str = ""


@dataclass(frozen=True)
class BorderCrossing:
    from_country: str
    to_country: str
    exit: NodeData | None  # None when the crossing lies inside a long leg
    entry: NodeData | None
    leg_label: str


@dataclass(frozen=True)
class GaugeChange:
    node: NodeData
    from_gauge: int
    to_gauge: int


@dataclass
class RouteOption:
    rank: int
    nodes: list[NodeData]
    legs: list[LegResult]
    distance_km: Decimal
    days_min: Decimal
    days_max: Decimal
    cost_lines: list[CostLine]
    totals: dict[str, Decimal]  # per currency
    total_usd: Decimal | None  # None when a currency has no rate
    co2_kg_per_container: Decimal
    co2_kg_total: Decimal
    border_crossings: list[BorderCrossing]
    gauge_changes: list[GaugeChange]
    countries: list[str]
    modes: list[str]
    transshipments: int
    warnings: list[str] = field(default_factory=list)
    score: float = 0.0

    @property
    def summary(self) -> str:
        return " → ".join(node.name for node in self.nodes)


@dataclass(frozen=True)
class Relaxation:
    """One constraint that, lifted, gives a route: kind is country, mode, via or transshipments."""

    kind: str
    value: str


class NoRoute(Exception):
    """No route satisfies the constraints; ``relaxations`` says which lifted one would give one."""

    def __init__(self, request: RouteRequest, relaxations: list[Relaxation]) -> None:
        self.request = request
        self.relaxations = relaxations
        super().__init__(f"no route {request.origin}→{request.destination}")
