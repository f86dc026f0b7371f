"""Reads of the tracking app."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.bookings.models import ON_TRAIN_STATUSES, Booking, Departure, station_time
from cloudcabin.bookings.selectors import bookings_on, bookings_visible_to, on_train_bookings
from cloudcabin.network.journey import has_route
from cloudcabin.network.names import display_name
from cloudcabin.network.selectors import current_network, route_map
from cloudcabin.reference.models import Location
from cloudcabin.reference.selectors import eu_member_states
from cloudcabin.shipments.models import Container, Shipment
from cloudcabin.shipments.selectors import BOOKING_REFERENCE
from cloudcabin.tracking.models import (
    Classifier,
    ContainerEta,
    EtaTarget,
    Milestone,
    TrackingEvent,
)
from cloudcabin.tracking.timeline import (
    ContainerTimeline,
    Stamp,
    build_timelines,
    group_alike,
    route_facts,
)
from cloudcabin.zones import zone_of_place


def events_of(shipment: Shipment, *, with_retracted: bool = False) -> QuerySet[TrackingEvent]:
    """The shipment's events in time order (the caller has checked who may see it)."""
    events = TrackingEvent.objects.filter(shipment=shipment).select_related(
        "milestone", "container"
    )
    return events if with_retracted else events.filter(retracted_at__isnull=True)


# A shipment's tracking status from the milestone its containers have reached: (status,
# label, the first milestone that reaches it), furthest first.
STATUSES: tuple[tuple[str, Promise, str], ...] = (
    ("delivered", _("Delivered"), "gated_out"),
    ("arrived", _("Arrived"), "arrived_destination"),
    ("in_transit", _("In transit"), "departed_origin"),
    ("at_origin", _("At the origin"), ""),
)


@dataclass(frozen=True)
class TrackingStatus:
    key: str  # "at_origin", "in_transit", "arrived" or "delivered"
    label: str
    milestone: Milestone  # the milestone behind it: the least advanced container's latest
    event_time: datetime


def status_of(shipment: Shipment) -> TrackingStatus | None:
    """Where the shipment is, from its actual (ACT) events: the container furthest behind
    decides, so "delivered" means every box was. None before any actual event."""
    latest: dict[int | None, TrackingEvent] = {}
    for event in (
        TrackingEvent.objects.filter(
            shipment=shipment, classifier=Classifier.ACTUAL, retracted_at__isnull=True
        )
        .select_related("milestone")
        .order_by("event_time")
    ):
        current = latest.get(event.container_id)
        if current is None or event.milestone.sequence >= current.milestone.sequence:
            latest[event.container_id] = event
    if not latest:
        return None
    behind = min(latest.values(), key=lambda e: (e.milestone.sequence, e.event_time))
    thresholds = dict(
        Milestone.objects.filter(key__in=[s[2] for s in STATUSES]).values_list("key", "sequence")
    )
    key, label, _first = next(
        s for s in STATUSES if behind.milestone.sequence >= thresholds.get(s[2], 0)
    )
    return TrackingStatus(key, str(label), behind.milestone, behind.event_time)


@dataclass(frozen=True)
class Box:
    """A container on a departure, for the agent's recording page."""

    booking: Booking
    number: str  # "" for a booking without container numbers yet
    latest: TrackingEvent | None  # its furthest actual milestone


def boxes_on(bookings: Sequence[Booking]) -> list[Box]:
    """Every container of these bookings, with the furthest milestone it has actually reached."""
    latest: dict[tuple[int, int | None], TrackingEvent] = {}
    for event in (
        TrackingEvent.objects.filter(
            booking__in=bookings, classifier=Classifier.ACTUAL, retracted_at__isnull=True
        )
        .select_related("milestone")
        .order_by("event_time")
    ):
        key = (event.booking_id, event.container_id)
        current = latest.get(key)
        if current is None or event.milestone.sequence >= current.milestone.sequence:
            latest[key] = event
    numbers: dict[int, list[tuple[int, str]]] = {}
    for pk, shipment_id, number in Container.objects.filter(
        shipment_id__in={b.shipment_id for b in bookings}
    ).values_list("pk", "shipment_id", "number"):
        numbers.setdefault(shipment_id, []).append((pk, number))
    boxes = []
    for booking in bookings:
        found = numbers.get(booking.shipment_id or 0, [])
        for pk, number in found:
            boxes.append(Box(booking, number, latest.get((booking.pk, pk))))
        if not found:
            boxes.append(Box(booking, "", latest.get((booking.pk, None))))
    return boxes


def reached(boxes: Sequence[Box]) -> dict[str, int]:
    """Milestone key → how many of the boxes have an actual event at it."""
    counts: dict[str, int] = {}
    bookings = {box.booking.pk for box in boxes}
    for key, _booking, _container in (
        TrackingEvent.objects.filter(
            booking_id__in=bookings, classifier=Classifier.ACTUAL, retracted_at__isnull=True
        )
        .order_by()
        .values_list("milestone_id", "booking_id", "container_id")
        .distinct()
    ):
        counts[key] = counts.get(key, 0) + 1
    return counts


@dataclass(frozen=True)
class ShownGroup:
    """Containers with the same timeline, and the arrival estimates of the first of them."""

    numbers: list[str]
    timeline: ContainerTimeline
    last_update: datetime | None
    eta: ContainerEta | None  # at the destination
    border_eta: ContainerEta | None  # at the next border


@dataclass(frozen=True)
class Timeline:
    """A shipment's (or one booking's) containers on their route, for the pages."""

    shipment: Shipment
    booking: Booking | None
    containers: list[ContainerTimeline]
    route_map: SafeString
    # (container id, EtaTarget) → the current estimate
    etas: dict[tuple[int, str], ContainerEta] = field(default_factory=dict)

    @property
    def groups(self) -> list[ShownGroup]:
        """The containers with the same timeline together, each group shown once."""
        return [
            ShownGroup(
                numbers=group.numbers,
                timeline=group.timeline,
                last_update=group.last_update,
                eta=self.etas.get((group.timeline.container_id or 0, EtaTarget.DESTINATION)),
                border_eta=self.etas.get((group.timeline.container_id or 0, EtaTarget.BORDER)),
            )
            for group in group_alike(self.containers)
        ]


@dataclass(frozen=True)
class Place:
    name: str  # in the reader's language
    point: tuple[float, float] | None  # longitude, latitude


def _places(locodes: set[str]) -> dict[str, Place]:
    """Names and map points of these UN/LOCODEs: the network's node when there is one,
    else the UN/LOCODE entry; one query whatever their number."""
    network = current_network()
    found: dict[str, Place] = {}
    for location in Location.objects.filter(locode__in=locodes):
        point = (
            (float(location.longitude), float(location.latitude))
            if location.longitude is not None and location.latitude is not None
            else None
        )
        found[location.locode] = Place(display_name(location.name, location.name_zh), point)
    for locode in locodes:
        node = network.nodes.get(locode)
        if node is not None:
            point = (
                (float(node.longitude), float(node.latitude))
                if node.longitude is not None and node.latitude is not None
                else found[locode].point
                if locode in found
                else None
            )
            found[locode] = Place(display_name(node.name, node.name_zh), point)
    return found


def current_booking(shipment: Shipment) -> Booking | None:
    """The shipment's booking on a train (confirmed or departed), the latest if several."""
    return max(
        on_train_bookings(shipment.pk),
        key=lambda booking: (booking.created_at, booking.pk),
        default=None,
    )


def timeline_of(
    shipment: Shipment,
    *,
    booking: Booking | None = None,
    with_retracted: bool = False,
    public_only: bool = False,
) -> Timeline:
    """The timeline of every container of the shipment, in a fixed number of queries.

    With ``booking``, that booking's events only (the booking page); without, every event
    of the shipment, planned by its current booking's timetable. The caller has checked
    who may see the shipment; ``with_retracted`` is for its owner, ``public_only`` for
    the consignee's link.
    """
    events = TrackingEvent.objects.filter(shipment=shipment)
    if booking is not None:
        events = events.filter(booking=booking)
    else:
        booking = current_booking(shipment)
    if not with_retracted:
        events = events.filter(retracted_at__isnull=True)
    if public_only:
        events = events.filter(milestone__public=True)
    stored = list(events.order_by())
    if booking is None and not stored:
        # Not on a train and nothing reported: no timeline yet (and no query more).
        return Timeline(shipment=shipment, booking=None, containers=[], route_map=mark_safe(""))
    departure = booking.departure if booking is not None else None
    service = departure.service if departure is not None else None
    facts = route_facts(
        shipment.route_option,
        origin=service.origin_id if service is not None else shipment.origin_locode,
        destination=(
            service.destination_id if service is not None else shipment.destination_locode
        ),
        origin_zone=service.timezone if service is not None else "",
        departs_at=departure.departs_at if departure is not None else None,
        transit_days=service.transit_days if service is not None else None,
        eu_members=eu_member_states(),
    )
    places = _places({e.locode for e in stored if e.locode} | set(facts.places.values()))
    facts = replace(facts, names={locode: place.name for locode, place in places.items()})
    containers = list(Container.objects.filter(shipment=shipment).values_list("id", "number"))
    timelines = build_timelines(
        containers,
        stored,
        list(Milestone.objects.all()),
        facts,
        public_only=public_only,
        with_retracted=with_retracted,
    )
    positions = [
        (place.name, place.point)
        for place in (places.get(t.position) for t in timelines)
        if place is not None and place.point is not None
    ]
    drawn = (
        route_map(shipment.route_option, positions=positions)
        if has_route(shipment.route_option)
        else mark_safe("")
    )
    etas = {
        (eta.container_id, eta.target): eta
        for eta in ContainerEta.objects.filter(container__shipment=shipment)
    }
    return Timeline(
        shipment=shipment, booking=booking, containers=timelines, route_map=drawn, etas=etas
    )


# --- the agent's views of a train -------------------------------------------------------


@dataclass(frozen=True)
class BoardBox:
    """A container on the train, with its booking and its latest actual event (if any)."""

    number: str
    booking: Booking
    latest: TrackingEvent | None

    @property
    def reported(self) -> Stamp | None:
        """When the latest event happened, in its place's zone where known."""
        if self.latest is None:
            return None
        zone = zone_of_place(self.latest.locode) if self.latest.locode else ""
        zone = zone or "UTC"
        return Stamp(station_time(self.latest.event_time, zone), zone, self.latest.locode)


@dataclass(frozen=True)
class MilestoneGroup:
    milestone: Milestone | None  # None: nothing reported yet
    boxes: list[BoardBox]


def containers_by_milestone(departure: Departure, actor: Actor) -> list[MilestoneGroup]:
    """The departure's containers (of the customers the agent serves) grouped by the
    milestone each reached last, in route order; those with no report yet first."""
    bookings = list(
        bookings_on(departure, actor).filter(status__in=ON_TRAIN_STATUSES, shipment__isnull=False)
    )
    by_shipment = {booking.shipment_id: booking for booking in bookings}
    containers = list(
        Container.objects.filter(shipment_id__in=by_shipment).values_list(
            "id", "number", "shipment_id"
        )
    )
    latest: dict[int, TrackingEvent] = {}
    for event in TrackingEvent.objects.filter(
        booking__in=bookings,
        container__isnull=False,
        classifier=Classifier.ACTUAL,
        retracted_at__isnull=True,
    ).select_related("milestone"):
        assert event.container_id is not None
        known = latest.get(event.container_id)
        if known is None or (event.event_time, event.milestone.sequence) > (
            known.event_time,
            known.milestone.sequence,
        ):
            latest[event.container_id] = event
    groups: dict[str, list[BoardBox]] = {}
    milestones: dict[str, Milestone] = {}
    for container_id, number, shipment_id in sorted(containers, key=lambda c: c[1]):
        last = latest.get(container_id)
        key = last.milestone_id if last is not None else ""
        if last is not None:
            milestones[key] = last.milestone
        groups.setdefault(key, []).append(BoardBox(number, by_shipment[shipment_id], last))
    ordered = sorted(groups, key=lambda key: milestones[key].sequence if key else -1)
    return [MilestoneGroup(milestones.get(key), groups[key]) for key in ordered]


def find_bookings(actor: Actor, query: str) -> QuerySet[Booking]:
    """The bookings the actor may see whose booking reference, consignment-note number
    (the booking's or the shipment's), container number or shipment reference matches."""
    text = query.strip()
    if not text:
        return Booking.objects.none()
    compact = text.replace(" ", "").upper()
    condition = (
        Q(consignment_note_number__icontains=text)
        | Q(shipment__consignment_note_number__icontains=text)
        | Q(shipment__containers__number__icontains=compact)
        | Q(shipment__reference__icontains=text)
    )
    reference = BOOKING_REFERENCE.match(compact)
    if reference:
        condition |= Q(pk=int(reference.group(1)))
    return (
        bookings_visible_to(actor)
        .filter(condition, shipment__isnull=False)
        .select_related("shipment", "organization", "departure__service")
        .distinct()
        .order_by("-departure__departs_at", "-id")
    )
