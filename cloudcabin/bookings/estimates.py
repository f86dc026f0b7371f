"""What a booking's page states beyond the booking itself: price, transit, arrival.

Nothing here is keyed in a second time. The price is the network's tariffs (the ones
the instant quote uses) for the train's route, its date and the booked containers, size
by size, plus a late fee if one was charged; the transit time is the service's timetable
and the expected arrival is ``network.journey.planned_arrival``, the derivation the
ENS uses for its EU-entry estimate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from cloudcabin.bookings.models import Booking, Departure, station_time
from cloudcabin.errors import ProblemError
from cloudcabin.network.journey import planned_arrival
from cloudcabin.network.models import TariffKind
from cloudcabin.network.planner.types import RouteOption
from cloudcabin.network.selectors import search_routes
from cloudcabin.numbers import money
from cloudcabin.reference.models import ContainerType

# The planner prices 20' boxes per TEU and 40' ones (standard or high cube) per FEU;
# other lengths (45') have no tariff: their price is on request.
PLANNER_SIZE_BY_LENGTH = {Decimal(20): "20", Decimal(40): "40"}


@dataclass(frozen=True)
class Price:
    totals: dict[str, Decimal]  # per currency, the late fee included
    total_usd: Decimal | None  # None when a tariff's currency has no USD rate
    on_request: list[str] = field(default_factory=list)  # size-types without a tariff


@dataclass(frozen=True)
class Estimate:
    price: Price
    transit_days: int
    arrival: datetime  # in the origin station's zone, like the departure


def _planner_sizes(codes: list[str]) -> dict[str, str]:
    lengths = dict(ContainerType.objects.filter(code__in=codes).values_list("code", "length_ft"))
    return {
        code: PLANNER_SIZE_BY_LENGTH[lengths[code]]
        for code in codes
        if lengths.get(code) in PLANNER_SIZE_BY_LENGTH
    }


def _unpriced_legs(option: RouteOption) -> bool:
    """Whether a leg of the route has no freight tariff on the day (price on request)."""
    priced = sum(1 for line in option.cost_lines if line.kind == TariffKind.LEG_FREIGHT)
    return priced < len(option.legs)


def price_of(
    departure: Departure,
    containers: list[dict[str, Any]],
    *,
    late_fee: Decimal | None = None,
    late_fee_currency: str = "",
) -> Price:
    """The indicative price of ``[{size_type, count}]`` on the departure's train."""
    service = departure.service
    sizes = _planner_sizes([item["size_type"] for item in containers])
    totals: dict[str, Decimal] = {}
    total_usd: Decimal | None = Decimal(0)
    on_request = []
    for item in containers:
        size = sizes.get(item["size_type"])
        options: list[RouteOption] = []
        if size is not None:
            try:
                _request, options = search_routes(
                    origin=service.origin_id,
                    destination=service.destination_id,
                    container_count=int(item["count"]),
                    size_type=size,
                    ready_date=departure.departs_local.date(),
                    k=1,
                )
            except ProblemError:
                options = []
        option = options[0] if options else None
        if option is None or _unpriced_legs(option):
            on_request.append(item["size_type"])
            continue
        for currency, amount in option.totals.items():
            totals[currency] = totals.get(currency, Decimal(0)) + amount
        total_usd = (
            None if total_usd is None or option.total_usd is None else total_usd + option.total_usd
        )
    if late_fee:
        totals[late_fee_currency] = totals.get(late_fee_currency, Decimal(0)) + late_fee
        total_usd = (
            total_usd + late_fee if total_usd is not None and late_fee_currency == "USD" else None
        )
    return Price(
        totals={currency: money(amount) for currency, amount in sorted(totals.items())},
        total_usd=None if total_usd is None or not totals else money(total_usd),
        on_request=on_request,
    )


def booking_price(booking: Booking) -> Price:
    """The booked containers' price on the booking's train, its late fee included."""
    return price_of(
        booking.departure,
        booking.containers,
        late_fee=booking.late_fee,
        late_fee_currency=booking.late_fee_currency,
    )


def expected_arrival(departure: Departure) -> datetime:
    """The train's arrival at its destination by the timetable, in station time."""
    service = departure.service
    return station_time(
        planned_arrival(departure.departs_at, service.transit_days), service.timezone
    )


def estimate(booking: Booking) -> Estimate:
    return estimate_for(booking.departure, booking_price(booking))


def estimate_for(departure: Departure, price: Price) -> Estimate:
    return Estimate(
        price=price,
        transit_days=departure.service.transit_days,
        arrival=expected_arrival(departure),
    )


def shipment_estimate(departure: Departure, container_counts: dict[str, int]) -> Estimate:
    """What booking the shipment's containers on this departure would cost and take."""
    containers = [{"size_type": size, "count": count} for size, count in container_counts.items()]
    return estimate_for(departure, price_of(departure, containers))
