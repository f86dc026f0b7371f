"""The departure manifest: every booked container with the facts customs needs in advance.

For the operator's staff only, and only the rows of the organizations the actor acts for
(accounts/tenancy.py): an agent gets their customers' containers, a dispatcher the whole
train; a shipper never sees it. A booked container is one of the shipment's
containers of a booked size-type (in the order they were entered, up to the count
booked); booked slots whose container is not entered yet appear as rows without a
number, flagged. Rows are flagged when the shipment still has blocking errors or is held
by compliance (``shipments.holds``: a party under review, goods that may not travel).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.bookings.models import ON_TRAIN_STATUSES, Booking, Departure
from cloudcabin.errors import Problem, Severity
from cloudcabin.numbers import mass
from cloudcabin.shipments import selectors as shipment_selectors
from cloudcabin.shipments.checks.context import PARTY_ROLES, ShipmentView
from cloudcabin.shipments.holds import holds_on_many
from cloudcabin.shipments.models import Party


@dataclass
class ManifestRow:
    booking: str
    shipment: str
    container_number: str
    size_type: str
    seals: list[str]
    consignor: str
    consignee: str
    hs_codes: list[str]
    packages: int
    gross_kg: Decimal
    consignment_note: str
    issues: list[str] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return bool(self.issues)


@dataclass
class Manifest:
    departure: Departure
    generated_at: datetime
    local_departs: datetime
    rows: list[ManifestRow]
    whole_train: bool

    @property
    def total_teu(self) -> Decimal:
        return self.departure.confirmed_teu


def _party_name(party: Party | None) -> str:
    return party.name_latin if party is not None else ""


def _blocking_codes(problems: list[Problem]) -> list[str]:
    return sorted({p.code for p in problems if p.severity == Severity.ERROR})


def _rows_for(booking: Booking, view: ShipmentView, issues: list[str]) -> list[ManifestRow]:
    shipment = view.shipment
    per_container = {t.container.number: t for t in shipment_selectors.totals_by_container(view)}
    lines = {line.line_no: line for line in view.lines}
    common = {
        "booking": booking.reference,
        "shipment": shipment.reference,
        "consignor": _party_name(view.parties.get("consignor")),
        "consignee": _party_name(view.parties.get("consignee")),
        "consignment_note": booking.consignment_note_number
        or getattr(shipment, "consignment_note_number", ""),
    }
    rows = []
    for item in booking.containers:
        size, wanted = item["size_type"], int(item["count"])
        matching = [c for c in view.containers if c.size_type == size][:wanted]
        for container in matching:
            totals = per_container[container.number]
            hs = sorted(
                {
                    lines[s.line_no].hs_code
                    for s in view.stowage
                    if s.container == container.number
                    and s.line_no in lines
                    and lines[s.line_no].hs_code
                }
            )
            rows.append(
                ManifestRow(
                    **common,
                    container_number=container.number,
                    size_type=size,
                    seals=list(container.seals or []),
                    hs_codes=hs,
                    packages=totals.packages,
                    gross_kg=mass(totals.gross_kg),
                    issues=list(issues),
                )
            )
        for _missing in range(wanted - len(matching)):
            rows.append(
                ManifestRow(
                    **common,
                    container_number="",
                    size_type=size,
                    seals=[],
                    hs_codes=[],
                    packages=0,
                    gross_kg=Decimal("0.000"),
                    issues=[*issues, "CONTAINER_NOT_ENTERED"],
                )
            )
    return rows


def build_manifest(departure: Departure, *, actor: Actor, now: datetime | None = None) -> Manifest:
    bookings = list(
        Booking.objects.for_actor(actor)
        .filter(departure=departure, status__in=ON_TRAIN_STATUSES)
        .exclude(shipment__isnull=True)
        .select_related(*(f"shipment__{role}" for role in PARTY_ROLES))
        .order_by("id")
    )
    # One view per shipment and the reference answers once for the train: the queries
    # do not grow with the number of bookings.
    shipments = [b.shipment for b in bookings if b.shipment]
    views = shipment_selectors.shipment_views(shipments)
    problems = shipment_selectors.check_views(views)
    # A hit found after the booking was confirmed holds it at document issue: the agents
    # see it here first (each hold source answers for the whole train at once).
    holds = holds_on_many(shipments, [view.lines for view in views])
    rows = [
        row
        for booking, view, found, held in zip(bookings, views, problems, holds, strict=True)
        for row in _rows_for(booking, view, _blocking_codes([*found, *held]))
    ]
    return Manifest(
        departure=departure,
        generated_at=now or timezone.now(),
        local_departs=departure.departs_local,
        rows=rows,
        whole_train=actor.sees_every_organization,
    )


def issue_label(code: str) -> str:
    if code == "CONTAINER_NOT_ENTERED":
        return _("container number not entered")
    return code
