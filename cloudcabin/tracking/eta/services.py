"""Keeping each container's stored estimates current: one refresh per batch of events.

``refresh`` recomputes the estimates of the given containers on their departures with a
fixed handful of queries, whatever the batch's size: the departures, the routes, the
containers' milestones reached, the past trips of their services (``History``), the
stored estimates, then one delete and one insert of those that changed. Containers of one
train in the same state share one computation (``model.Sampler``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from django.db.models import Min
from django.utils import timezone

from cloudcabin.bookings.models import Departure
from cloudcabin.reference.selectors import eu_member_states
from cloudcabin.shipments.models import Shipment
from cloudcabin.tracking.eta.history import History
from cloudcabin.tracking.eta.model import Forecast, Sampler, forecast
from cloudcabin.tracking.eta.route import SPINE, RoutePlan, route_plan
from cloudcabin.tracking.models import Classifier, ContainerEta, TrackingEvent


@dataclass(frozen=True)
class Box:
    """A container on a departure, as an event names it."""

    container_id: int
    departure_id: int
    shipment_id: int
    organization_id: int

    @classmethod
    def of(cls, event: TrackingEvent) -> Box | None:
        if event.container_id is None:
            return None
        return cls(event.container_id, event.departure_id, event.shipment_id, event.organization_id)


def reached_by(
    boxes: Iterable[Box],
) -> dict[tuple[int, int], dict[str, datetime]]:
    """Each box's actual time at each spine milestone passed (the earliest, unretracted)."""
    boxes = list(boxes)
    rows = (
        TrackingEvent.objects.filter(
            container_id__in={box.container_id for box in boxes},
            departure_id__in={box.departure_id for box in boxes},
            classifier=Classifier.ACTUAL,
            retracted_at__isnull=True,
            milestone_id__in=SPINE,
        )
        .values("container_id", "departure_id", "milestone_id")
        .annotate(at=Min("event_time"))
        .order_by()
    )
    reached: dict[tuple[int, int], dict[str, datetime]] = {}
    for row in rows:
        key = (row["container_id"], row["departure_id"])
        reached.setdefault(key, {})[row["milestone_id"]] = row["at"]
    return reached


def refresh(boxes: Iterable[Box], *, now: datetime | None = None) -> int:
    """Replace the estimates of these containers; returns how many rows were written."""
    by_container = {box.container_id: box for box in boxes}  # the last event's departure
    if not by_container:
        return 0
    now = now or timezone.now()
    departures = {
        departure.pk: departure
        for departure in Departure.objects.filter(
            pk__in={box.departure_id for box in by_container.values()}
        ).only("pk", "service_id", "departs_at")
    }
    eu_members = eu_member_states()
    plans: dict[int, RoutePlan | None] = {
        pk: route_plan(route, eu_members)
        for pk, route in Shipment.objects.filter(
            pk__in={box.shipment_id for box in by_container.values()}
        ).values_list("pk", "route_option")
    }
    reached = reached_by(by_container.values())
    history = History.of_services({departure.service_id for departure in departures.values()})
    samplers = {
        service_id: Sampler(partial(history.durations, service_id), seed=str(service_id))
        for service_id in {departure.service_id for departure in departures.values()}
    }
    found_for: dict[tuple[Any, ...], list[Forecast]] = {}
    rows: list[ContainerEta] = []
    for box in by_container.values():
        departure, plan = departures.get(box.departure_id), plans.get(box.shipment_id)
        if departure is None or plan is None:
            continue  # without a planned route there is nothing honest to say
        progress = reached.get((box.container_id, box.departure_id), {})
        state = (departure.service_id, departure.departs_at, plan, tuple(progress.items()))
        if state not in found_for:  # the boxes of a train in one state: one forecast
            found_for[state] = forecast(
                plan,
                progress,
                planned_departure=departure.departs_at,
                now=now,
                sampler=samplers[departure.service_id],
            )
        found = found_for[state]
        rows.extend(
            ContainerEta(
                organization_id=box.organization_id,
                container_id=box.container_id,
                target=estimate.target,
                milestone_id=estimate.milestone,
                locode=estimate.locode,
                p10=estimate.p10,
                p50=estimate.p50,
                p90=estimate.p90,
                observations=estimate.observations,
                method=estimate.method,
                computed_at=now,
            )
            for estimate in found
        )
    return _store(by_container, rows)


def _figures(row: ContainerEta) -> tuple[Any, ...]:
    return (row.milestone_id, row.locode, row.p10, row.p50, row.p90, row.observations, row.method)


def _store(containers: Iterable[int], rows: list[ContainerEta]) -> int:
    """Write the containers' estimates that changed (most events move none: a gate-in, a
    transshipment, a planned time); returns how many rows were written."""
    stored = {
        (container_id, target): tuple(figures)
        for container_id, target, *figures in ContainerEta.objects.filter(
            container_id__in=containers
        ).values_list(
            "container_id",
            "target",
            "milestone_id",
            "locode",
            "p10",
            "p50",
            "p90",
            "observations",
            "method",
        )
    }
    fresh = {(row.container_id, row.target): row for row in rows}
    changed = {key for key, row in fresh.items() if stored.get(key) != _figures(row)}
    stale = {container_id for container_id, _ in changed | (stored.keys() - fresh.keys())}
    if not stale:
        return 0
    ContainerEta.objects.filter(container_id__in=stale).delete()
    written = ContainerEta.objects.bulk_create(
        row for (container_id, _), row in fresh.items() if container_id in stale
    )
    return len(written)
