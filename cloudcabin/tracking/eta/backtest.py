"""Back-testing the estimate on recorded history: MAE, bias and P10–P90 coverage.

Every past trip with an actual arrival at its destination is predicted again at three
horizons — when it left the origin, when it left the China exit border, when it left the
EU entry border — with only what was known then: its own milestones up to that moment
and the durations of other trips' segments that had ended by then. The error is the
P50 minus the actual arrival (positive: predicted late); coverage is the share of
actual arrivals between P10 and P90 (80 % when the spread is honest).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial

from cloudcabin.bookings.models import Departure
from cloudcabin.reference.selectors import eu_member_states
from cloudcabin.shipments.models import Shipment
from cloudcabin.tracking.eta.history import DAY, History
from cloudcabin.tracking.eta.model import Sampler, forecast
from cloudcabin.tracking.eta.route import (
    ARRIVED_DESTINATION,
    DEPARTED_EU_ENTRY,
    DEPARTED_EXIT_BORDER,
    DEPARTED_ORIGIN,
    RoutePlan,
    route_plan,
)
from cloudcabin.tracking.models import Classifier, EtaMethod, EtaTarget, TrackingEvent

HORIZONS = (
    ("at origin departure", DEPARTED_ORIGIN),
    ("after the China exit border", DEPARTED_EXIT_BORDER),
    ("after the EU entry border", DEPARTED_EU_ENTRY),
)


@dataclass(frozen=True)
class Prediction:
    departure_id: int
    horizon: str
    made_at: datetime
    p10: datetime
    p50: datetime
    p90: datetime
    actual: datetime
    method: str
    observations: int

    @property
    def error_days(self) -> float:
        return (self.p50 - self.actual).total_seconds() / DAY

    @property
    def covered(self) -> bool:
        return self.p10 <= self.actual <= self.p90


@dataclass(frozen=True)
class Summary:
    horizon: str
    trips: int
    mae_days: float
    bias_days: float
    coverage: float  # 0…1
    observed: int  # predictions made from observed durations only
    network: int  # … with at least one segment on the network's ranges


def _routes(departure_ids: set[int]) -> dict[int, RoutePlan]:
    """A planned route of a shipment on each departure (the train's route)."""
    shipments = dict(
        TrackingEvent.objects.filter(departure_id__in=departure_ids)
        .values_list("departure_id", "shipment_id")
        .distinct()
        .order_by()
    )
    routes = dict(
        Shipment.objects.filter(pk__in=set(shipments.values())).values_list("pk", "route_option")
    )
    plans: dict[int, RoutePlan] = {}
    eu_members = eu_member_states()
    for departure_id, shipment_id in shipments.items():
        plan = route_plan(routes.get(shipment_id), eu_members)
        if plan is not None:
            plans[departure_id] = plan
    return plans


def predictions() -> list[Prediction]:
    """Every trip with an actual arrival, predicted at each horizon it reached."""
    service_ids = set(
        TrackingEvent.objects.filter(
            milestone_id=ARRIVED_DESTINATION,
            classifier=Classifier.ACTUAL,
            retracted_at__isnull=True,
        )
        .values_list("departure__service_id", flat=True)
        .distinct()
        .order_by()
    )
    history = History.of_services(service_ids)
    finished = [trip for trips in history.trips.values() for trip in trips if trip.arrived]
    plans = _routes({trip.departure_id for trip in finished})
    planned = dict(Departure.objects.filter(pk__in=plans).values_list("pk", "departs_at"))
    made: list[Prediction] = []
    for trip in sorted(finished, key=lambda t: (t.arrived, t.departure_id)):
        plan, actual = plans.get(trip.departure_id), trip.arrived
        if plan is None or actual is None:
            continue
        for label, milestone in HORIZONS:
            at = trip.times.get(milestone)
            if at is None or plan.point(milestone) is None:
                continue
            known = {key: moment for key, moment in trip.times.items() if moment <= at}
            found = forecast(
                plan,
                known,
                planned_departure=planned[trip.departure_id],
                now=at,
                sampler=Sampler(
                    partial(
                        history.durations, trip.service_id, before=at, excluding=trip.departure_id
                    ),
                    seed=str(trip.service_id),
                ),
            )
            arrival = next(f for f in found if f.target == EtaTarget.DESTINATION)
            made.append(
                Prediction(
                    departure_id=trip.departure_id,
                    horizon=label,
                    made_at=at,
                    p10=arrival.p10,
                    p50=arrival.p50,
                    p90=arrival.p90,
                    actual=actual,
                    method=arrival.method,
                    observations=arrival.observations,
                )
            )
    return made


def summarise(made: list[Prediction], method: str | None = None) -> list[Summary]:
    """Per horizon; ``method`` keeps only the predictions made that way."""
    summaries = []
    for label, _milestone in HORIZONS:
        rows = [p for p in made if p.horizon == label and method in (None, p.method)]
        if not rows:
            continue
        count = len(rows)
        summaries.append(
            Summary(
                horizon=label,
                trips=count,
                mae_days=sum(abs(p.error_days) for p in rows) / count,
                bias_days=sum(p.error_days for p in rows) / count,
                coverage=sum(p.covered for p in rows) / count,
                observed=sum(p.method == EtaMethod.OBSERVED for p in rows),
                network=sum(p.method == EtaMethod.NETWORK for p in rows),
            )
        )
    return summaries
