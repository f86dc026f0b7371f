"""API: a shipment's container timelines, as the shipment page shows them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from cloudcabin.accounts.tenancy import get_for_org_or_404
from cloudcabin.api.auth import actor_of
from cloudcabin.api.schemas import ErrorsOut
from cloudcabin.shipments.models import Shipment
from cloudcabin.tracking.selectors import timeline_of
from cloudcabin.tracking.timeline import ContainerTimeline, Stamp

router = Router()


class TimelineTimeOut(Schema):
    at: datetime  # with the offset of the place's zone
    zone: str  # IANA; UTC where the place's zone is not known
    locode: str
    from_timetable: bool


class TimelineRowOut(Schema):
    milestone: str
    name: str
    place: str
    planned: TimelineTimeOut | None
    estimated: TimelineTimeOut | None
    actual: TimelineTimeOut | None


class ContainerTimelineOut(Schema):
    container: str
    status: str | None  # the milestone of the latest actual event
    position: str  # its UN/LOCODE
    last_update: datetime | None
    rows: list[TimelineRowOut]


class TimelineOut(Schema):
    shipment_id: int
    booking: str | None
    containers: list[ContainerTimelineOut]


def _time(stamp: Stamp | None) -> dict[str, Any] | None:
    if stamp is None:
        return None
    return {
        "at": stamp.local,
        "zone": stamp.zone,
        "locode": stamp.locode,
        "from_timetable": stamp.from_timetable,
    }


def _container(timeline: ContainerTimeline) -> dict[str, Any]:
    current = timeline.current
    return {
        "container": timeline.number,
        "status": current.key if current is not None else None,
        "position": timeline.position,
        "last_update": timeline.last_update,
        "rows": [
            {
                "milestone": row.key,
                "name": row.name,
                "place": row.place,
                "planned": _time(row.planned),
                "estimated": _time(row.estimated),
                "actual": _time(row.actual),
            }
            for row in timeline.rows
        ],
    }


@router.get("/shipments/{shipment_id}/timeline", response={200: TimelineOut, 404: ErrorsOut})
def shipment_timeline(request: HttpRequest, shipment_id: int) -> dict[str, Any]:
    """Every container's milestones of the route with planned, estimated and actual times
    (retracted events left out)."""
    actor = actor_of(request)
    shipment = get_for_org_or_404(Shipment.objects.all(), actor.organization, pk=shipment_id)
    timeline = timeline_of(shipment)
    return {
        "shipment_id": shipment.pk,
        "booking": timeline.booking.reference if timeline.booking is not None else None,
        "containers": [_container(box) for box in timeline.containers],
    }
