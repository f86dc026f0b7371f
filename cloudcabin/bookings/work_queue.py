"""The agent's work queue, on the page an agent lands on after sign-in.

Four lists, each item linking to where it is handled, each with its count:

- new enquiries (the operator's leads, ``network.selectors.enquiries_for``);
- booking requests waiting for an agent to confirm or reject them;
- departures closing soon (cut-off within ``CUTOFF_SOON``) that still have free
  capacity and requests not yet confirmed;
- upcoming departures whose manifest has flagged rows (``bookings.manifest``).

Bookings and manifests are those of the organizations the actor acts for
(``accounts.tenancy``): an agent sees their customers' and nobody else's; only the
operator's staff have a queue at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.bookings import selectors
from cloudcabin.bookings.capacity import ROOM
from cloudcabin.bookings.manifest import build_manifest
from cloudcabin.bookings.models import (
    ON_TRAIN_STATUSES,
    Booking,
    BookingStatus,
    Departure,
    DepartureStatus,
)
from cloudcabin.network.models import Enquiry, EnquiryStatus
from cloudcabin.network.selectors import enquiries_for

CUTOFF_SOON = timedelta(hours=48)
# Manifests are checked for the trains leaving in this window: the yard deadline
# (48 h before departure by default) is when their errors must be put right.
MANIFEST_HORIZON = timedelta(days=14)
LISTED = 10  # items shown per list; the count is of all of them
UNCONFIRMED = (BookingStatus.REQUESTED, BookingStatus.WAITLISTED)


@dataclass(frozen=True)
class ClosingDeparture:
    departure: Departure
    unconfirmed: int


@dataclass(frozen=True)
class FlaggedManifest:
    departure: Departure
    flagged: int
    rows: int


@dataclass
class WorkQueue:
    enquiries: list[Enquiry] = field(default_factory=list)
    enquiry_count: int = 0
    requests: list[Booking] = field(default_factory=list)
    request_count: int = 0
    closing: list[ClosingDeparture] = field(default_factory=list)
    manifests: list[FlaggedManifest] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.enquiry_count + self.request_count + len(self.closing) + len(self.manifests)


def closing_departures(actor: Actor, now: datetime) -> list[ClosingDeparture]:
    """Open departures whose cut-off is near, with room left and the actor's customers'
    requests still unconfirmed: what an agent can still get on the train."""
    unconfirmed = dict(
        selectors.bookings_visible_to(actor)
        .filter(
            status__in=UNCONFIRMED,
            departure__status=DepartureStatus.OPEN,
            departure__cutoff_at__gt=now,
            departure__cutoff_at__lte=now + CUTOFF_SOON,
        )
        .order_by()
        .values("departure_id")
        .annotate(n=Count("id"))
        .values_list("departure_id", "n")
    )
    departures = (
        Departure.objects.filter(pk__in=unconfirmed)
        .annotate(room=ROOM)
        .filter(room__gt=Decimal(0))
        .select_related("service")
        .order_by("cutoff_at", "id")
    )
    return [ClosingDeparture(d, unconfirmed[d.pk]) for d in departures]


def flagged_manifests(actor: Actor, now: datetime) -> list[FlaggedManifest]:
    """Departures leaving soon whose manifest (the actor's rows of it) has errors."""
    departure_ids = (
        selectors.bookings_visible_to(actor)
        .filter(
            status__in=ON_TRAIN_STATUSES,
            shipment__isnull=False,
            departure__status__in=[DepartureStatus.OPEN, DepartureStatus.CLOSED],
            departure__departs_at__gt=now,
            departure__departs_at__lte=now + MANIFEST_HORIZON,
        )
        .values_list("departure_id", flat=True)
        .distinct()
    )
    found = []
    for departure in Departure.objects.filter(pk__in=departure_ids).select_related("service"):
        manifest = build_manifest(departure, actor=actor, now=now)
        flagged = sum(1 for row in manifest.rows if row.flagged)
        if flagged:
            found.append(FlaggedManifest(departure, flagged, len(manifest.rows)))
    return found


def work_queue_for(actor: Actor, *, now: datetime | None = None) -> WorkQueue | None:
    """The actor's queue, or None for anyone but the operator's staff."""
    if not selectors.is_agent(actor):
        return None
    now = now or timezone.now()
    enquiries = enquiries_for(actor.user, EnquiryStatus.NEW)
    requests = selectors.pending_requests(actor).filter(status=BookingStatus.REQUESTED)
    return WorkQueue(
        enquiries=list(enquiries[:LISTED]),
        enquiry_count=enquiries.count(),
        requests=list(requests[:LISTED]),
        request_count=requests.count(),
        closing=closing_departures(actor, now),
        manifests=flagged_manifests(actor, now),
    )
