"""From a reported status to our rows: which milestone, which booking.

**Milestone.** The Rec. 24 code is looked up in the milestone table (``rec24_code``).
Several milestones share a code (24 Departed: at the origin, at the China exit border, at
the EU entry border; 1 Arrived; 12 Cleared by customs: export or import), so the place
decides, in this order:

1. the LOC qualifier when it says the role: 5/9/88 (departure, loading, receipt) → the
   origin; 7/8/11 (delivery, destination, discharge) → the destination; 13/17
   (transhipment, border crossing) → a border, the EU entry border when the place is in
   the EU, else the exit border;
2. with LOC 175 (activity location): the booking's origin or destination station when
   the UN/LOCODE is one of them; else a place in the EU is the entry border (or, failing
   a border milestone with that code, the destination side); a place in the origin's
   country is the origin side (or, failing that, the exit border); any other place is
   the exit border.

The milestone is the one with that code whose facility and phase (``facility_type``,
``transport_phase``) fit the side; when two fit, the earlier on the journey. A shared
code without a place is refused as ambiguous, naming the STS segment.

**Booking.** RFF+BN in the status group, else in the message header, carries our
booking reference; without it, RFF+AAS (the consignment note number) names the booking
when exactly one tracked booking of the sender's has that note; without either, CNI's
document number is tried as a booking reference, then as a consignment note.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.bookings.models import Booking
from cloudcabin.errors import Problem, ProblemError, problem
from cloudcabin.reference.selectors import eu_member_states
from cloudcabin.tracking.edifact import codes
from cloudcabin.tracking.edifact.reader import Equipment, Place, Reading, Status, Where
from cloudcabin.tracking.models import Milestone
from cloudcabin.tracking.services import TRACKED_STATUSES, EventInput, booking_id_of

ORIGIN, EXIT_BORDER, ENTRY_BORDER, DESTINATION = "origin", "exit", "entry", "destination"
BORDER, EXPORT, IMPORT = "BORDER", "EXPORT", "IMPORT"


@dataclass(frozen=True)
class Route:
    origin: str
    destination: str


@dataclass
class Rows:
    """The rows for ``record_events`` and, for each, the segment each field came from."""

    rows: list[EventInput]
    origins: list[dict[str, Where]]


def fits(milestone: Milestone, side: str) -> bool:
    border = milestone.facility_type == BORDER
    phase = milestone.transport_phase
    return {
        ORIGIN: phase == EXPORT and not border,
        EXIT_BORDER: border and phase != IMPORT,
        ENTRY_BORDER: border and phase == IMPORT,
        DESTINATION: phase == IMPORT and not border,
    }[side]


def sides(place: Place | None, route: Route | None) -> list[str]:
    """Where on the journey the place is, most likely first (the rules above)."""
    if place is None:
        return []
    if place.role in codes.ORIGIN_ROLES:
        return [ORIGIN]
    if place.role in codes.DESTINATION_ROLES:
        return [DESTINATION]
    in_eu = place.locode[:2] in eu_member_states()
    if place.role in codes.BORDER_ROLES:
        return [ENTRY_BORDER if in_eu else EXIT_BORDER]
    if not place.locode:
        return []
    if route is not None and place.locode == route.origin:
        return [ORIGIN]
    if route is not None and place.locode == route.destination:
        return [DESTINATION]
    if in_eu:
        return [ENTRY_BORDER, DESTINATION]
    if route is not None and place.locode[:2] == route.origin[:2]:
        return [ORIGIN, EXIT_BORDER]
    return [EXIT_BORDER]


def milestone_for(
    candidates: list[Milestone], place: Place | None, route: Route | None
) -> Milestone | None:
    if len(candidates) == 1:
        return candidates[0]
    for side in sides(place, route):
        fitting = [m for m in candidates if fits(m, side)]
        if fitting:
            return min(fitting, key=lambda m: m.sequence)
    return None


def rows_of(actor: Actor, reading: Reading) -> Rows:
    """The rows to record, or a ProblemError naming each status that cannot be placed."""
    by_code: dict[str, list[Milestone]] = defaultdict(list)
    for row in Milestone.objects.order_by("sequence"):
        by_code[row.rec24_code.lstrip("0")].append(row)
    notes = _notes(actor, reading.statuses)
    problems: list[Problem] = []
    references = [_booking_of(status, notes, problems) for status in reading.statuses]
    routes = _routes(actor, {booking_id_of(r) for r, _ in references if r} - {None})

    found = Rows(rows=[], origins=[])
    for status, (reference, reference_at) in zip(reading.statuses, references, strict=True):
        candidates = by_code.get(status.code, [])
        route = routes.get(booking_id_of(reference) or 0) if reference else None
        place = status.event_place()
        milestone = milestone_for(candidates, place, route)
        if not candidates:
            problems.append(
                problem(
                    "TRACKING_IFTSTA_STATUS_UNMAPPED", path=str(status.where), status=status.code
                )
            )
        elif milestone is None:
            problems.append(
                problem(
                    "TRACKING_IFTSTA_STATUS_AMBIGUOUS",
                    path=str(status.where),
                    status=status.code,
                    milestones=", ".join(m.key for m in candidates),
                )
            )
        if milestone is None or not reference or reference_at is None:
            continue
        for time in status.event_times():
            boxes: list[Equipment | None] = list(status.equipment) or [None]
            for box in boxes:
                found.rows.append(
                    EventInput(
                        booking=reference,
                        milestone=milestone.key,
                        event_time=time.at,
                        classifier=time.classifier,
                        container=box.container if box else "",
                        locode=place.locode if place else "",
                        train_number=status.train_number,
                        wagon_number=(box.wagon if box else "") or status.wagon,
                    )
                )
                found.origins.append(
                    {
                        "booking": reference_at,
                        "milestone": status.where,
                        "classifier": time.where,
                        "event_time": time.where,
                        "container": box.where if box else status.where,
                        "locode": place.where if place else status.where,
                    }
                )
    if problems:
        raise ProblemError(*problems)
    return found


def _booking_of(
    status: Status, notes: dict[str, set[str]], problems: list[Problem]
) -> tuple[str, Where | None]:
    if status.booking:
        return status.booking, status.booking_at
    tries = [(status.note, status.note_at)] if status.note else []
    if status.consignment:
        if booking_id_of(status.consignment) and status.consignment.upper().startswith("BK-"):
            return status.consignment, status.consignment_at
        tries.append((status.consignment, status.consignment_at))
    for note, where in tries:
        matches = notes.get(note, set())
        if len(matches) == 1:
            return next(iter(matches)), where
        if len(matches) > 1:
            problems.append(
                problem(
                    "TRACKING_IFTSTA_NOTE_AMBIGUOUS",
                    path=str(where),
                    note=note,
                    bookings=", ".join(sorted(matches)),
                )
            )
            return "", None
    if tries:
        note, where = tries[0]
        problems.append(problem("TRACKING_IFTSTA_NOTE_UNKNOWN", path=str(where), note=note))
    else:
        problems.append(problem("TRACKING_IFTSTA_BOOKING_MISSING", path=str(status.where)))
    return "", None


def _routes(actor: Actor, ids: set[int | None]) -> dict[int, Route]:
    found = Booking.objects.for_actor(actor).filter(pk__in=ids).select_related("departure__service")
    return {
        b.pk: Route(b.departure.service.origin_id, b.departure.service.destination_id)
        for b in found
    }


def _notes(actor: Actor, statuses: list[Status]) -> dict[str, set[str]]:
    """Consignment note number → the references of the tracked bookings that carry it."""
    wanted = {s.note for s in statuses if s.note and not s.booking}
    wanted |= {s.consignment for s in statuses if s.consignment and not s.booking}
    if not wanted:
        return {}
    rows = (
        Booking.objects.for_actor(actor)
        .filter(status__in=TRACKED_STATUSES)
        .filter(
            Q(consignment_note_number__in=wanted) | Q(shipment__consignment_note_number__in=wanted)
        )
        .values_list("pk", "consignment_note_number", "shipment__consignment_note_number")
    )
    found: dict[str, set[str]] = defaultdict(set)
    for pk, own, shipment_note in rows:
        for note in {own, shipment_note} & wanted:
            found[note].add(f"BK-{pk:06d}")
    return found
