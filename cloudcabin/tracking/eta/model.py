"""From the last milestone reached to P10/P50/P90 at the next border and the destination.

Each remaining segment of the journey is a distribution of durations in days:
- observed, when at least ``MIN_OBSERVATIONS`` past trips of the same train service have
  both of its milestones as actual events: the past durations themselves, drawn with
  replacement (no fitted shape: delays are fat-tailed and regime-driven, research §3.1);
- otherwise the network's transit range (``route``), read as the segment's P10…P90 and
  spread evenly: a uniform distribution stretched by an eighth of the range on each side,
  so that its 10th and 90th percentiles are the range's ends.

The segments are summed by Monte-Carlo (``DRAWS`` draws). Quantiles of a sum are not
the sums of the quantiles (nine-in-ten late on every segment at once is rarer than nine in
ten), and a convolution of empirical distributions in pure Python costs more than drawing.
The generator is seeded with the state the estimate starts from (the caller's seed — the
train service —, the segments, the last milestone and its time), so the same facts give
the same figures every time, and the boxes of one train, in the same state, can share one
computation.

The segment under way cannot end before now (its end is not reported yet): its draws are
raised to the time already spent in it.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from cloudcabin.tracking.eta.route import ARRIVED_DESTINATION, BORDER_ARRIVALS, RoutePlan, Segment
from cloudcabin.tracking.models import EtaMethod, EtaTarget

MIN_OBSERVATIONS = 20
DRAWS = 2000
DAY = 86_400.0


@dataclass(frozen=True)
class Forecast:
    target: str  # EtaTarget
    milestone: str
    locode: str
    p10: datetime
    p50: datetime
    p90: datetime
    observations: int  # past trips behind the thinnest segment summed
    method: str  # EtaMethod


def quantile(ordered: Sequence[float], q: float) -> float:
    """The nearest-rank quantile of an ascending sequence."""
    return ordered[max(math.ceil(q * len(ordered)) - 1, 0)]


def network_draws(segment: Segment, rng: random.Random, count: int) -> list[float]:
    spread = (segment.high - segment.low) / 8
    low, high = max(segment.low - spread, 0.0), segment.high + spread
    return [low + (high - low) * rng.random() for _ in range(count)]


def forecast(
    plan: RoutePlan,
    reached: dict[str, datetime],
    *,
    planned_departure: datetime,
    now: datetime,
    observed: Callable[[Segment], Sequence[float]],
    seed: str,
) -> list[Forecast]:
    """The estimates at the next border and the destination; none once arrived.

    ``reached``: the actual times of the spine milestones passed (only the furthest one
    counts); before the train departs, the estimate starts from its planned departure.
    ``observed(segment)``: past durations of the segment, in days.
    """
    start, anchor = 0, planned_departure
    for index, point in enumerate(plan.points):
        if point.milestone in reached:
            start, anchor = index, reached[point.milestone]
    if plan.points[start].milestone == ARRIVED_DESTINATION:
        return []
    rng = random.Random(
        f"{seed}|{plan.segments}|{plan.points[start].milestone}|{anchor.isoformat()}"
    )
    elapsed = max((now - anchor).total_seconds() / DAY, 0.0)
    totals = [0.0] * DRAWS
    counts: list[int] = []
    fell_back = False
    border_done = False
    forecasts: list[Forecast] = []
    for offset, segment in enumerate(plan.segments[start:]):
        samples = observed(segment)
        counts.append(len(samples))
        if len(samples) >= MIN_OBSERVATIONS:
            draws = rng.choices(samples, k=DRAWS)
        else:
            fell_back = True
            draws = network_draws(segment, rng, DRAWS)
        totals = [total + draw for total, draw in zip(totals, draws, strict=True)]
        if offset == 0:
            totals = [max(total, elapsed) for total in totals]
        point = plan.points[start + offset + 1]
        is_border = point.milestone in BORDER_ARRIVALS and not border_done
        if is_border or point.milestone == ARRIVED_DESTINATION:
            border_done = border_done or is_border
            ordered = sorted(totals)
            p10, p50, p90 = (anchor + timedelta(days=quantile(ordered, q)) for q in (0.1, 0.5, 0.9))
            forecasts.append(
                Forecast(
                    target=EtaTarget.BORDER if is_border else EtaTarget.DESTINATION,
                    milestone=point.milestone,
                    locode=point.locode,
                    p10=_minute(p10),
                    p50=_minute(p50),
                    p90=_minute(p90),
                    observations=min(counts),
                    method=EtaMethod.NETWORK if fell_back else EtaMethod.OBSERVED,
                )
            )
    return forecasts


def _minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)
