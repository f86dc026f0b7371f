"""Write a batch of tracking events as one IFTSTA message of the CNI-led layout.

    UNB · UNH · BGM+23 · DTM+137 · { CNI (one per booking) · { STS+1+<Rec. 24> ·
    RFF+BN · RFF+AAS · DTM · LOC+175 · TDT+20 · EQD+CN · EQD+RR } } · UNT · UNZ

One status group per stored event (one container each). pydifact writes the text, the
envelope and the UNT/UNZ counts; every segment ends its line, which EDIFACT readers
(pydifact's too) skip and a reviewer can read. Times are written in format 303 with the
zone +00 (UTC).

An event without a place gets LOC with the qualifier of its side of the journey (5, 8 or
17) and no place, so that a shared Rec. 24 code still reads back as its milestone.

The DTM qualifier says the classifier: ACT 178/186 (arrival/departure) or 334 (any other
status change); EST 132/133, and 17 for the delivery; PLN 232/189. An estimated or
planned event of another milestone has no qualifier to travel with, so it is left out
and counted as skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from pydifact.segmentcollection import Interchange, Message
from pydifact.segments import Segment

from cloudcabin.tracking.edifact import codes
from cloudcabin.tracking.edifact.milestones import DESTINATION, EXIT_BORDER, ORIGIN, fits
from cloudcabin.tracking.models import Classifier, Milestone, TrackingEvent

ARRIVAL, DEPARTURE, DELIVERY = "ARRI", "DEPA", "delivered"
SYNTAX = ("UNOC", 3)
# Without a UN/LOCODE, the LOC qualifier alone says where on the journey an event was, so
# that a status code several milestones share (24, 1, 12) still reads back as the same
# milestone. The EU entry border has no qualifier of its own: it needs its place.
_ROLES = ((ORIGIN, "5"), (DESTINATION, "8"), (EXIT_BORDER, "17"))

_QUALIFIERS: dict[tuple[str, str], str] = {
    (Classifier.ACTUAL, ARRIVAL): "178",
    (Classifier.ACTUAL, DEPARTURE): "186",
    (Classifier.ESTIMATED, ARRIVAL): "132",
    (Classifier.ESTIMATED, DEPARTURE): "133",
    (Classifier.ESTIMATED, DELIVERY): "17",
    (Classifier.PLANNED, ARRIVAL): "232",
    (Classifier.PLANNED, DEPARTURE): "189",
}


@dataclass(frozen=True)
class Party:
    """A UNB sender or recipient: the id and, when agreed, its code qualifier (0007)."""

    identification: str
    qualifier: str = ""

    def element(self) -> str | list[str]:
        return [self.identification, self.qualifier] if self.qualifier else self.identification


@dataclass(frozen=True)
class Written:
    text: str
    events: int
    skipped: int


def time_qualifier(event: TrackingEvent) -> str | None:
    if event.classifier == Classifier.ACTUAL:
        return _QUALIFIERS.get((event.classifier, event.code), codes.GENERIC_TIME)
    return _QUALIFIERS.get((event.classifier, event.code)) or _QUALIFIERS.get(
        (event.classifier, event.milestone_id)
    )


def write_iftsta(
    events: Sequence[TrackingEvent],
    *,
    sender: Party,
    recipient: Party,
    version: str,
    control_reference: str,
    prepared_at: datetime,
) -> Written:
    """The interchange for these events (their booking, milestone and container loaded)."""
    directory, release = version.split(":")
    message = Message(control_reference, ["IFTSTA", directory, release, "UN"])
    message.add_segment(Segment("BGM", "23", control_reference, "9"))
    message.add_segment(Segment("DTM", [codes.DOCUMENT_DATE, _stamp(prepared_at), "203"]))
    written = skipped = 0
    consignments: dict[str, list[tuple[TrackingEvent, str]]] = {}
    for event in events:
        qualifier = time_qualifier(event)
        if qualifier is None:
            skipped += 1
            continue
        consignments.setdefault(event.booking.reference, []).append((event, qualifier))
    for number, (reference, rows) in enumerate(sorted(consignments.items()), start=1):
        message.add_segment(Segment("CNI", str(number), reference))
        for event, qualifier in rows:
            for segment in _status(event, qualifier):
                message.add_segment(segment)
            written += 1
    interchange = Interchange(
        sender.element(),
        recipient.element(),
        control_reference,
        SYNTAX,
        timestamp=prepared_at.astimezone(UTC),
    )
    interchange.add_message(message)
    return Written(interchange.serialize(break_lines=True), written, skipped)


def _status(event: TrackingEvent, qualifier: str) -> list[Segment]:
    booking = event.booking
    note = booking.consignment_note_number or event.shipment.consignment_note_number
    segments = [
        Segment("STS", codes.TRANSPORT_STATUS, event.rec24_code),
        Segment("RFF", [codes.BOOKING, booking.reference]),
    ]
    if note:
        segments.append(Segment("RFF", [codes.CONSIGNMENT_NOTE, note]))
    segments.append(Segment("DTM", [qualifier, f"{_stamp(event.event_time)}+00", "303"]))
    if event.locode:
        segments.append(Segment("LOC", codes.ACTIVITY, [event.locode, "", codes.UNECE]))
    elif (role := _role(event.milestone)) is not None:
        segments.append(Segment("LOC", role))
    if event.train_number:
        segments.append(Segment("TDT", codes.MAIN_CARRIAGE, event.train_number, codes.RAIL))
    if event.container is not None:
        segments.append(Segment("EQD", codes.CONTAINER, event.container.number))
    if event.wagon_number:
        segments.append(Segment("EQD", codes.RAIL_CAR, event.wagon_number))
    return segments


def _role(milestone: Milestone) -> str | None:
    return next((role for side, role in _ROLES if fits(milestone, side)), None)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%d%H%M")
