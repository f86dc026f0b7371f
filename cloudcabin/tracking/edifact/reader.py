"""Read an IFTSTA interchange of the CNI-led layout (D.96B–D.13B) into reported statuses.

pydifact turns the text into segments; this module walks them in the message's order:

    UNH · BGM · DTM(137) · NAD… · RFF(BN/AAS)… · { CNI · { STS · RFF… · DTM… · LOC ·
    { TDT · LOC · DTM } · { EQD } } } · UNT

and keeps, for every value it takes, the segment it came from, so that any refusal later
(an unknown booking, a container not on it) can still name "segment 12 (DTM)". A segment
is numbered by its place in the text, UNA (when sent) counting as the first.

Nothing here reads the database: milestones and bookings are matched in ``milestones``.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from pydifact.exceptions import EDISyntaxError, MissingImplementationWarning, ValidationError
from pydifact.parser import Parser
from pydifact.segmentcollection import Interchange
from pydifact.segments import Segment, SegmentFactory

from cloudcabin.errors import Problem, ProblemError, problem
from cloudcabin.tracking.edifact import codes

# Segments the layout allows whose content we do not need: read past, never refused.
IGNORED = frozenset(
    {"CTA", "COM", "TSR", "FTX", "CNT", "DOC", "PCI", "MEA", "DIM", "SEL", "EQA", "GID"}
    | {"SGP", "TPL", "TMD", "HAN", "TMP", "DGS", "QTY", "GIN", "PIA", "DAM", "EQN"}
)
_DIRECTORY = re.compile(r"^(\d{2})([AB])$")
_ZONE = re.compile(r"^(?:UTC|GMT|Z|[+-]\d{2})$")


@dataclass(frozen=True)
class Where:
    """A segment's place in the text: what every problem and every value points at."""

    position: int
    tag: str

    def __str__(self) -> str:
        return f"segment {self.position} ({self.tag})"


@dataclass(frozen=True)
class Time:
    classifier: str
    at: datetime
    qualifier: str
    where: Where


@dataclass(frozen=True)
class Place:
    locode: str
    role: str  # LOC 3227
    where: Where


@dataclass
class Equipment:
    container: str
    where: Where
    wagon: str = ""


@dataclass
class Status:
    """One STS group: a Rec. 24 status with its references, times, place, train, boxes."""

    code: str
    where: Where
    consignment: str = ""  # CNI's document number
    consignment_at: Where | None = None
    booking: str = ""
    booking_at: Where | None = None
    note: str = ""  # consignment note (RFF+AAS)
    note_at: Where | None = None
    times: list[Time] = field(default_factory=list)
    leg_times: list[Time] = field(default_factory=list)  # DTM after TDT · LOC
    place: Place | None = None
    leg_place: Place | None = None  # LOC after TDT
    train_number: str = ""
    equipment: list[Equipment] = field(default_factory=list)
    wagon: str = ""  # EQD+RR before any container: the wagon of every box

    def event_times(self) -> list[Time]:
        """One time per classifier: arrival/departure times beat the generic status time."""
        chosen: dict[str, Time] = {}
        for time in self.times or self.leg_times:
            held = chosen.get(time.classifier)
            if held is None or held.qualifier == codes.GENERIC_TIME:
                chosen[time.classifier] = time
        return list(chosen.values())

    def event_place(self) -> Place | None:
        return self.place or self.leg_place


@dataclass
class Reading:
    control_reference: str
    statuses: list[Status] = field(default_factory=list)


class _Factory(SegmentFactory):
    """pydifact's factory without its per-segment directory check: the installed wheel
    ships no directory data, so the check could only warn on every segment. A segment
    sent without data ("UNT'") gets one empty element instead of a warning; the walk
    then refuses what it misses."""

    @staticmethod
    def create_segment(name: str, *elements: Any, **options: Any) -> Segment:
        options["validate"] = False
        return SegmentFactory.create_segment(name, *(elements or ("",)), **options)


def decode(body: bytes) -> str:
    """UTF-8 when it is; else Latin-1, which the UNOC character set (the usual one) is."""
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("latin-1")


def read_iftsta(text: str) -> Reading:
    """Every status of every message, or a ProblemError naming each bad segment."""
    segments = _segments(text)
    return _Walk(segments, first=2 if segments[0].tag == "UNA" else 1).run()


def _segments(text: str) -> list[Segment]:
    parser = Parser(factory=_Factory())
    found: list[Segment] = []
    try:
        for segment in parser.parse(text.lstrip("\ufeff").strip()):
            found.append(segment)
    except (EDISyntaxError, ValidationError, ValueError, IndexError, TypeError) as exc:
        detail = str(exc).removeprefix("EDIFACT Syntax Error: ")
        raise ProblemError.of(
            "TRACKING_IFTSTA_UNREADABLE", path=f"segment {len(found) + 1}", detail=detail
        ) from exc
    if not found:
        raise ProblemError.of("TRACKING_IFTSTA_UNREADABLE", detail="no segments")
    return found


def _text(segment: Segment, index: int, component: int = 0) -> str:
    """One data element (or one component of a composite), "" when absent."""
    element = segment[index]
    if isinstance(element, list):
        return str(element[component]).strip() if component < len(element) else ""
    if element is None or component > 0:
        return ""
    return str(element).strip()


def parse_time(value: str, form: str) -> datetime | None:
    """DTM value in format 203 (read as UTC) or 303 (with its zone), else None."""
    stamp, zone = value[:12], value[12:]
    if len(stamp) != 12 or not stamp.isdigit():
        return None
    if form == codes.FORMAT_MINUTES and zone:
        return None
    if form == codes.FORMAT_MINUTES_ZONE and not _ZONE.match(zone):
        return None
    try:
        naive = datetime.strptime(stamp, "%Y%m%d%H%M")
    except ValueError:
        return None
    offset = int(zone) if zone[:1] in "+-" and zone else 0
    return naive.replace(tzinfo=timezone(timedelta(hours=offset))).astimezone(UTC)


class _Walk:
    """The state of reading one interchange: where we are in the layout, what we found."""

    def __init__(self, segments: list[Segment], *, first: int) -> None:
        self.segments = segments
        self.first = first  # the position of UNB
        self.problems: list[Problem] = []
        self.context = ""  # "", header, cni, sts, tdt, eqd
        self.message_start = 0
        self.message_reference = ""
        self.messages = 0
        self.header_booking: tuple[str, Where] | None = None
        self.header_note: tuple[str, Where] | None = None
        self.consignment: tuple[str, Where] | None = None
        self.status: Status | None = None

    def refuse(self, code: str, where: Where, **params: Any) -> None:
        self.problems.append(problem(code, path=str(where), **params))

    def run(self) -> Reading:
        reading = self._envelope()
        body = self.segments[self.first : -1]
        for offset, segment in enumerate(body):
            where = Where(self.first + 1 + offset, segment.tag)
            self._segment(segment, where, reading)
        if self.context:
            last = len(self.segments)
            self.refuse("TRACKING_IFTSTA_MESSAGE_UNCLOSED", Where(last, self.segments[-1].tag))
        self._trailer(reading)
        if self.problems:
            raise ProblemError(*self.problems)
        if not reading.statuses:
            raise ProblemError.of("TRACKING_IFTSTA_NO_STATUS")
        return reading

    def _envelope(self) -> Reading:
        if len(self.segments) < self.first:
            raise ProblemError.of("TRACKING_IFTSTA_ENVELOPE", path="segment 2", expected="UNB")
        unb = self.segments[self.first - 1]
        where = Where(self.first, unb.tag)
        if unb.tag != "UNB":
            raise ProblemError.of("TRACKING_IFTSTA_ENVELOPE", path=str(where), expected="UNB")
        try:
            with warnings.catch_warnings():
                # pydifact checks UNB against directory data the wheel does not ship.
                warnings.simplefilter("ignore", MissingImplementationWarning)
                interchange = Interchange.from_segments(self.segments)
        except (
            EDISyntaxError,
            ValidationError,
            ValueError,
            IndexError,
            TypeError,
            StopIteration,
        ) as exc:
            detail = str(exc).removeprefix("EDIFACT Syntax Error: ") or type(exc).__name__
            raise ProblemError.of(
                "TRACKING_IFTSTA_UNREADABLE", path=str(where), detail=detail
            ) from exc
        return Reading(control_reference=str(interchange.control_reference))

    def _trailer(self, reading: Reading) -> None:
        unz = self.segments[-1]
        where = Where(len(self.segments), unz.tag)
        if unz.tag != "UNZ" or len(self.segments) <= self.first:
            self.refuse("TRACKING_IFTSTA_ENVELOPE", where, expected="UNZ")
            return
        if _text(unz, 0) != str(self.messages):
            self.refuse(
                "TRACKING_IFTSTA_COUNT_WRONG", where, declared=_text(unz, 0), actual=self.messages
            )
        if _text(unz, 1) != reading.control_reference:
            self.refuse("TRACKING_IFTSTA_REFERENCE_MISMATCH", where, reference=_text(unz, 1))

    # --- one segment ---------------------------------------------------------------

    def _segment(self, segment: Segment, where: Where, reading: Reading) -> None:
        tag = segment.tag
        if tag == "UNH":
            self._open(segment, where)
        elif not self.context:
            self.refuse("TRACKING_IFTSTA_SEGMENT_UNEXPECTED", where, tag=tag)
        elif tag == "UNT":
            self._close(segment, where, reading)
        elif tag == "BGM" and self.context == "header":
            self._qualifier(segment, where, codes.DOCUMENT_NAMES)
        elif tag == "DTM":
            self._time(segment, where)
        elif tag == "RFF":
            self._reference(segment, where)
        elif tag == "NAD" and self.context == "header":
            self._qualifier(segment, where, codes.PARTIES)
        elif tag == "CNI":
            self._finish(reading)
            self.context = "cni"
            self.consignment = (_text(segment, 1), where)
        elif tag == "STS" and self.context != "header":
            self._status(segment, where, reading)
        elif tag == "LOC":
            self._place(segment, where)
        elif tag == "TDT" and self.status is not None:
            self._train(segment, where)
        elif tag == "EQD" and self.status is not None:
            self._equipment(segment, where)
        elif tag in IGNORED:
            return
        else:
            self.refuse("TRACKING_IFTSTA_SEGMENT_UNEXPECTED", where, tag=tag)

    def _qualifier(
        self, segment: Segment, where: Where, known: Any, *, value: str | None = None
    ) -> bool:
        found = _text(segment, 0) if value is None else value
        if found in known:
            return True
        self.refuse(
            "TRACKING_IFTSTA_QUALIFIER_UNKNOWN",
            where,
            tag=where.tag,
            qualifier=found or "—",
            expected=", ".join(sorted(known)),
        )
        return False

    def _open(self, segment: Segment, where: Where) -> None:
        if self.context:
            self.refuse("TRACKING_IFTSTA_MESSAGE_UNCLOSED", where)
        kind = [_text(segment, 1, n) for n in range(4)]
        directory = _DIRECTORY.match(kind[2])
        supported = False
        if kind[0] == "IFTSTA" and kind[1] == "D" and kind[3] == "UN" and directory:
            year = int(directory[1]) + (1900 if int(directory[1]) >= 90 else 2000)
            supported = codes.FIRST_DIRECTORY <= (year, directory[2]) <= codes.LAST_DIRECTORY
        if not supported:
            self.refuse("TRACKING_IFTSTA_MESSAGE_UNSUPPORTED", where, message=":".join(kind))
        self.context = "header"
        self.message_start = where.position
        self.message_reference = _text(segment, 0)
        self.header_booking = self.header_note = self.consignment = None
        self.status = None

    def _close(self, segment: Segment, where: Where, reading: Reading) -> None:
        self._finish(reading)
        actual = where.position - self.message_start + 1
        if _text(segment, 0) != str(actual):
            self.refuse(
                "TRACKING_IFTSTA_COUNT_WRONG", where, declared=_text(segment, 0), actual=actual
            )
        if _text(segment, 1) != self.message_reference:
            self.refuse("TRACKING_IFTSTA_REFERENCE_MISMATCH", where, reference=_text(segment, 1))
        self.context = ""
        self.messages += 1

    def _finish(self, reading: Reading) -> None:
        status, self.status = self.status, None
        if status is None:
            return
        if not status.event_times():
            self.refuse("TRACKING_IFTSTA_TIME_MISSING", status.where)
        reading.statuses.append(status)

    def _status(self, segment: Segment, where: Where, reading: Reading) -> None:
        self._finish(reading)
        self.context = "sts"
        self._qualifier(segment, where, {codes.TRANSPORT_STATUS})
        code = _text(segment, 1)
        if not code.isdigit():
            self.refuse("TRACKING_IFTSTA_ELEMENT_MISSING", where, tag="STS", element="C555 4405")
        status = Status(code=code.lstrip("0") or "0", where=where)
        if self.consignment:
            status.consignment, status.consignment_at = self.consignment
        if self.header_booking:
            status.booking, status.booking_at = self.header_booking
        if self.header_note:
            status.note, status.note_at = self.header_note
        self.status = status

    def _time(self, segment: Segment, where: Where) -> None:
        qualifier, value, form = (_text(segment, 0, n) for n in range(3))
        if self.context in ("header", "cni"):
            self._qualifier(segment, where, codes.HEADER_TIMES, value=qualifier)
            return
        if not self._qualifier(segment, where, codes.EVENT_TIMES, value=qualifier):
            return
        if not self._qualifier(segment, where, codes.TIME_FORMATS, value=form):
            return
        at = parse_time(value, form)
        if at is None:
            self.refuse("TRACKING_IFTSTA_TIME_MALFORMED", where, value=value, format=form)
            return
        assert self.status is not None
        time = Time(codes.EVENT_TIMES[qualifier], at, qualifier, where)
        (self.status.leg_times if self.context == "tdt" else self.status.times).append(time)

    def _reference(self, segment: Segment, where: Where) -> None:
        if self.context in ("cni", "tdt", "eqd"):
            return  # references of a consignment, a train or a box: not ours to match
        qualifier, value = _text(segment, 0, 0), _text(segment, 0, 1)
        if not self._qualifier(segment, where, codes.REFERENCES, value=qualifier):
            return
        if not value:
            self.refuse("TRACKING_IFTSTA_ELEMENT_MISSING", where, tag="RFF", element="C506 1154")
            return
        if self.context == "header":
            if qualifier == codes.BOOKING:
                self.header_booking = (value, where)
            elif qualifier == codes.CONSIGNMENT_NOTE:
                self.header_note = (value, where)
            return
        assert self.status is not None
        if qualifier == codes.BOOKING:
            self.status.booking, self.status.booking_at = value, where
        elif qualifier == codes.CONSIGNMENT_NOTE:
            self.status.note, self.status.note_at = value, where

    def _place(self, segment: Segment, where: Where) -> None:
        if not self._qualifier(segment, where, codes.PLACE_ROLES):
            return
        if self.context not in ("sts", "tdt") or self.status is None:
            return  # the message's or the consignment's places: not an event's
        locode, agency = _text(segment, 1, 0).upper(), _text(segment, 1, 2)
        if agency and agency != codes.UNECE:
            self._qualifier(segment, where, {codes.UNECE}, value=agency)
            return
        if locode and (len(locode) != 5 or not locode.isalnum()):
            self.refuse("TRACKING_IFTSTA_LOCATION_MALFORMED", where, value=locode)
            return
        place = Place(locode, _text(segment, 0), where)
        if self.context == "sts" and self.status.place is None:
            self.status.place = place
        elif self.context == "tdt" and self.status.leg_place is None:
            self.status.leg_place = place

    def _train(self, segment: Segment, where: Where) -> None:
        assert self.status is not None
        self.context = "tdt"
        if self._qualifier(segment, where, codes.STAGES) and not self.status.train_number:
            self.status.train_number = _text(segment, 1)

    def _equipment(self, segment: Segment, where: Where) -> None:
        assert self.status is not None
        self.context = "eqd"
        if not self._qualifier(segment, where, codes.EQUIPMENT):
            return
        number = _text(segment, 1).upper().replace(" ", "")
        if not number:
            self.refuse("TRACKING_IFTSTA_ELEMENT_MISSING", where, tag="EQD", element="C237 8260")
        elif _text(segment, 0) == codes.CONTAINER:
            self.status.equipment.append(Equipment(number, where))
        elif self.status.equipment:
            self.status.equipment[-1].wagon = number
        else:
            self.status.wagon = number
