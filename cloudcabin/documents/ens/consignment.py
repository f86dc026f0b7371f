"""What the rail ENS states, derived once from the pack data: the carrier, the journey,
the goods items (lines aggregated) and the house consignments (at most 999 items each).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from cloudcabin.documents.data import ContainerLoad, Line, PackData, Place
from cloudcabin.documents.ens import codes
from cloudcabin.network.journey import planned_arrival, share_of_planned_days

ZERO = Decimal(0)
# Goods items per house consignment. HTI v2.02 gives IE3F51 "Goods item" 1..9999 at house
# level (goods item number n..5); the issue and the filers we know of work with ICS2's
# 999 per consignment, so we split at the stricter figure. House consignments: 1..99999.
MAX_ITEMS_PER_HOUSE = 999
MAX_HOUSES = 99999

# China customs package type (包装种类) → UN/ECE Rec. 21 type of packages (CL017). Only
# the unambiguous ones: bulk (00) and spherical tanks (04) are left for the filer.
PACKAGE_TYPE_REC21 = {
    "01": "NE",  # unpacked
    "06": "BG",  # bag
    "22": "CT",  # carton
    "23": "CS",  # case
    "29": "BX",  # box
    "32": "DR",  # drum
    "33": "DR",
    "39": "DR",
    "92": "PX",  # pallet
    "93": "PX",
    "99": "PK",  # package
}


def first_entry_country(data: PackData) -> str:
    """The first EU country after a non-EU one: the country of the office of first entry."""
    routing = data.routing_countries
    eu = data.lookups.code_lists.eu_members_on(timezone.localdate())
    for index, country in enumerate(routing):
        if index > 0 and country in eu and routing[index - 1] not in eu:
            return country
    return ""


def enters_the_eu(data: PackData) -> bool:
    """Whether the goods pass from a non-EU country into the EU somewhere on the route.

    An ENS is lodged for goods brought into the EU customs territory, so goods that
    only leave the EU (an import into China from Duisburg) need none.
    """
    return bool(first_entry_country(data))


def first_entry_place(data: PackData) -> Place | None:
    """The first place on the route in the country of first entry (the EU entry station).

    Read from the route's places in order (crossings, then the destination); a later
    ``PackData.first_eu_entry`` (the route model's own answer) wins when it is there.
    """
    if data.first_eu_entry is not None:
        return data.first_eu_entry
    country = first_entry_country(data)
    for place in [*data.crossings, data.destination]:
        if place is not None and place.country == country:
            return place
    return None


def train_nationality(data: PackData) -> str:
    """The country whose railway brings the train over the EU border (CL718 nationality).

    At a break of gauge the train that crosses is the one of the country before the
    border (Belarusian Railways hauls the broad-gauge train from Brest into
    Małaszewicze), so its nationality is the country before the first EU one.
    """
    routing = data.routing_countries
    country = first_entry_country(data)
    return routing[routing.index(country) - 1] if country else ""


def estimated_arrival(data: PackData) -> datetime | None:
    """When the train reaches the EU entry station, from the booked departure's timetable.

    The timetable's transit days are shared out along the planned route in proportion to
    the planner's leg times. None without a confirmed booking or a planned route that
    names the entry station: the ENS then leaves the (optional) element out.
    """
    place, booked = first_entry_place(data), data.departure
    route = data.header.get("route_option") or {}
    if place is None or booked is None or not data.has_route:
        return None
    share = share_of_planned_days(route, place.locode)
    if share is None:
        return None
    return planned_arrival(booked.departs_at, booked.transit_days, share)


def entry_office(data: PackData) -> str:
    """The reference number of the customs office of first entry, or "" if unknown."""
    place = first_entry_place(data)
    return codes.entry_offices().get(place.locode, "") if place else ""


@dataclass(frozen=True)
class Carrier:
    """The operator that runs the train: the ENS carrier and its declarant (the filer)."""

    name: str
    eori: str
    street: str
    city: str
    postcode: str
    country: str


def split_address(text: str) -> tuple[str, str, str]:
    """An organization's one-line address as (street, postcode, city).

    Organizations keep their address as one text: the last comma-separated part is the
    city, after the postcode when it starts with a digit ("Logport I, 47229 Duisburg").
    An address without a comma has no city we can tell apart: ("", "", "").
    """
    parts = [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]
    if len(parts) < 2:
        return "", "", ""
    last = parts[-1].split(maxsplit=1)
    if len(last) == 2 and last[0][:1].isdigit():
        postcode, city = last
    else:
        postcode, city = "", parts[-1]
    return ", ".join(parts[:-1]), postcode, city


def carrier(data: PackData) -> Carrier | None:
    """The operator organization as the shipment snapshot froze it, if it did."""
    raw: dict[str, Any] | None = data.organization.get("operator")
    if not raw:
        return None
    street, postcode, city = split_address(raw.get("address") or "")
    return Carrier(
        name=raw.get("name_en") or "",
        eori=raw.get("eori") or "",
        street=street,
        city=city,
        postcode=postcode,
        country=raw.get("country") or "",
    )


@dataclass
class GoodsItem:
    """Lines that state the same in the ENS, as one goods item."""

    hs_code: str
    description: str
    package_type: str  # UN/ECE Rec. 21
    marks: str
    un_number: str
    lines: list[int] = field(default_factory=list)  # line numbers
    packages: int = 0
    gross_kg: Decimal = ZERO
    containers: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        return (self.hs_code, self.description, self.package_type, self.marks, self.un_number)


def item_key(line: Line) -> tuple[str, str, str, str, str]:
    return (
        line.hs_code,
        line.description_en,
        PACKAGE_TYPE_REC21.get(line.package_type, ""),
        line.marks,
        line.un_number,
    )


def goods_items(data: PackData) -> list[GoodsItem]:
    """The lines aggregated on what the ENS states of them, in the order first met.

    HS subheading, description, type of packages, shipping marks and UN number: lines
    equal on all five are one goods item, their packages and gross mass added and their
    containers joined. Lines that differ in any stay apart, so nothing is lost.
    """
    held = data.containers_of_lines()
    items: dict[tuple[str, str, str, str, str], GoodsItem] = {}
    for line in data.lines:
        key = item_key(line)
        item = items.get(key)
        if item is None:
            item = items[key] = GoodsItem(*key)
        item.lines.append(line.line_no)
        item.packages += line.packages
        item.gross_kg += line.gross_kg
        for number in held.get(line.line_no, []):
            if number not in item.containers:
                item.containers.append(number)
    return list(items.values())


@dataclass(frozen=True)
class HouseConsignment:
    number: int
    items: list[GoodsItem]
    containers: list[ContainerLoad]

    @property
    def gross_kg(self) -> Decimal:
        return sum((item.gross_kg for item in self.items), ZERO)

    @property
    def packages(self) -> int:
        return sum(item.packages for item in self.items)


def house_consignments(data: PackData) -> list[HouseConsignment]:
    """The goods items in house consignments of at most ``MAX_ITEMS_PER_HOUSE`` each.

    One house for an ordinary shipment; a large consolidation is filed as several, as
    real filers do. Each house lists the containers its goods are in.
    """
    items = goods_items(data)
    houses: list[HouseConsignment] = []
    for start in range(0, max(len(items), 1), MAX_ITEMS_PER_HOUSE):
        chunk = items[start : start + MAX_ITEMS_PER_HOUSE]
        numbers: list[str] = []
        for item in chunk:
            numbers += [number for number in item.containers if number not in numbers]
        houses.append(
            HouseConsignment(
                number=len(houses) + 1,
                items=chunk,
                containers=[load for load in data.containers if load.number in numbers],
            )
        )
    return houses
