"""Past trips' segment durations, read from recorded actual events.

A trip is a departure of a train service; its time at a milestone is the earliest actual,
unretracted event of that milestone on any of its containers (the train arrives once,
whoever reports it first). This reads across organizations on purpose: a train's
running and dwell times are facts of the train, which every shipper on it shares; only
durations leave here, never a company's events.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Min

from cloudcabin.tracking.eta.route import ARRIVED_DESTINATION, SPINE, Segment
from cloudcabin.tracking.models import Classifier, TrackingEvent

# The most recent trips are the ones that say most about the next: a segment's durations
# are its last this many trips.
MAX_OBSERVATIONS = 200
DAY = 86_400.0


@dataclass
class Trip:
    departure_id: int
    service_id: int
    times: dict[str, datetime] = field(default_factory=dict)

    @property
    def arrived(self) -> datetime | None:
        return self.times.get(ARRIVED_DESTINATION)


@dataclass
class History:
    """The spine times of every past trip of some services: one query, then memory."""

    trips: dict[int, list[Trip]]  # by service id
    _cache: dict[tuple[int, tuple[str, str]], list[float]] = field(default_factory=dict)

    @classmethod
    def of_services(cls, service_ids: Iterable[int]) -> History:
        rows = (
            TrackingEvent.objects.filter(
                departure__service_id__in=set(service_ids),
                classifier=Classifier.ACTUAL,
                retracted_at__isnull=True,
                milestone_id__in=SPINE,
            )
            .values("departure_id", "departure__service_id", "milestone_id")
            .annotate(at=Min("event_time"))
            .order_by()
        )
        by_departure: dict[int, Trip] = {}
        for row in rows:
            trip = by_departure.setdefault(
                row["departure_id"], Trip(row["departure_id"], row["departure__service_id"])
            )
            trip.times[row["milestone_id"]] = row["at"]
        trips: dict[int, list[Trip]] = {}
        for trip in by_departure.values():
            trips.setdefault(trip.service_id, []).append(trip)
        return cls(trips=trips)

    def durations(
        self,
        service_id: int,
        segment: Segment,
        *,
        before: datetime | None = None,
        excluding: int | None = None,
    ) -> list[float]:
        """The segment's past durations in days, the most recent trips first.

        ``before``: only segments that ended before then (a back-test must not see the
        future); ``excluding``: leave out that departure's own trip.
        """
        key = (service_id, segment.key)
        if before is None and excluding is None and key in self._cache:
            return self._cache[key]
        ended: list[tuple[datetime, float]] = []
        for trip in self.trips.get(service_id, []):
            begin, end = trip.times.get(segment.start), trip.times.get(segment.end)
            if begin is None or end is None or end <= begin or trip.departure_id == excluding:
                continue
            if before is not None and end > before:
                continue
            ended.append((end, (end - begin).total_seconds() / DAY))
        ended.sort(reverse=True)
        found = [days for _, days in ended[:MAX_OBSERVATIONS]]
        if before is None and excluding is None:
            self._cache[key] = found
        return found
