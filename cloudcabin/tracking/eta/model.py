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
Each segment's draws come from a generator seeded with the caller's seed (the train
service) and the segment, so the same facts give the same figures every time. A
``Sampler`` keeps the draws and the summed quantiles for one batch: the boxes of a batch
in the same state (same route, same milestone reached, same hour) cost one computation.

The segment under way cannot end before now (its end is not reported yet): its draws are
raised to the time already spent in it, counted in whole hours (rounded up).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import repeat
from operator import add

from cloudcabin.tracking.eta.route import ARRIVED_DESTINATION, BORDER_ARRIVALS, RoutePlan, Segment
from cloudcabin.tracking.models import EtaMethod, EtaTarget

MIN_OBSERVATIONS = 20
DRAWS = 2000
# Where an estimate is stored: the border arrivals and the destination.
TARGETS = BORDER_ARRIVALS | {ARRIVED_DESTINATION}


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


@dataclass(frozen=True)
class Reached:
    """Quantiles in days after the last milestone reached, at one point ahead."""

    index: int  # in the plan's points
    q10: float
    q50: float
    q90: float
    observations: int
    fell_back: bool


class Sampler:
    """Draws of each segment and quantiles of their sums, computed once per batch."""

    def __init__(self, observed: Callable[[Segment], Sequence[float]], seed: str) -> None:
        self._observed = observed
        self._seed = seed
        self._segments: dict[Segment, tuple[list[float], int, bool]] = {}
        self._shortest: dict[Segment, float] = {}
        self._sums: dict[tuple[RoutePlan, int, int], list[Reached]] = {}

    def segment(self, segment: Segment) -> tuple[list[float], int, bool]:
        """The segment's draws, how many past trips they rest on, whether observed."""
        if segment not in self._segments:
            samples = list(self._observed(segment))
            rng = random.Random(f"{self._seed}|{segment}")
            if len(samples) >= MIN_OBSERVATIONS:
                draws, observed = rng.choices(samples, k=DRAWS), True
            else:
                draws, observed = network_draws(segment, rng, DRAWS), False
            self._segments[segment] = (draws, len(samples), observed)
            self._shortest[segment] = min(draws)
        return self._segments[segment]

    def ahead(self, plan: RoutePlan, start: int, elapsed_hours: int) -> list[Reached]:
        """Quantiles at the targets after ``start``, ``elapsed_hours`` into its segment."""
        first, _count, _observed = self.segment(plan.segments[start])
        if elapsed_hours / 24 <= self._shortest[plan.segments[start]]:
            elapsed_hours = 0  # every draw is longer already: nothing to raise
        key = (plan, start, elapsed_hours)
        if key not in self._sums:
            # map() over floats runs in C: a batch of boxes in many states stays cheap.
            totals = list(map(max, first, repeat(elapsed_hours / 24)))
            counts: list[int] = []
            fell_back = False
            found: list[Reached] = []
            for offset, segment in enumerate(plan.segments[start:]):
                draws, count, observed = self.segment(segment)
                counts.append(count)
                fell_back = fell_back or not observed
                if offset:
                    totals = list(map(add, totals, draws))
                index = start + offset + 1
                if plan.points[index].milestone not in TARGETS:
                    continue
                ordered = sorted(totals)
                found.append(
                    Reached(
                        index=index,
                        q10=quantile(ordered, 0.1),
                        q50=quantile(ordered, 0.5),
                        q90=quantile(ordered, 0.9),
                        observations=min(counts),
                        fell_back=fell_back,
                    )
                )
            self._sums[key] = found
        return self._sums[key]


def forecast(
    plan: RoutePlan,
    reached: dict[str, datetime],
    *,
    planned_departure: datetime,
    now: datetime,
    sampler: Sampler,
) -> list[Forecast]:
    """The estimates at the next border and the destination; none once arrived.

    ``reached``: the actual times of the spine milestones passed (only the furthest one
    counts); before the train departs, the estimate starts from its planned departure.
    """
    start, anchor = 0, planned_departure
    for index, point in enumerate(plan.points):
        if point.milestone in reached:
            start, anchor = index, reached[point.milestone]
    if plan.points[start].milestone == ARRIVED_DESTINATION:
        return []
    elapsed_hours = max(math.ceil((now - anchor).total_seconds() / 3600), 0)
    forecasts: list[Forecast] = []
    border_done = False
    for ahead in sampler.ahead(plan, start, elapsed_hours):
        point = plan.points[ahead.index]
        is_border = point.milestone in BORDER_ARRIVALS and not border_done
        if not (is_border or point.milestone == ARRIVED_DESTINATION):
            continue
        border_done = border_done or is_border
        forecasts.append(
            Forecast(
                target=EtaTarget.BORDER if is_border else EtaTarget.DESTINATION,
                milestone=point.milestone,
                locode=point.locode,
                p10=_minute(anchor + timedelta(days=ahead.q10)),
                p50=_minute(anchor + timedelta(days=ahead.q50)),
                p90=_minute(anchor + timedelta(days=ahead.q90)),
                observations=ahead.observations,
                method=EtaMethod.NETWORK if ahead.fell_back else EtaMethod.OBSERVED,
            )
        )
    return forecasts


def _minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)
