"""The API batch and the CSV upload: their rows become ``EventInput`` for ``record_events``
(all or nothing), and every problem is named in the sender's own terms: the API's field
names (``events[3].container``), or the file's row and column (``row 5.container``; the
header is row 1) for a CSV.

A CSV has a header row of the API's field names (or their Chinese names, ``HEADERS_ZH``),
any order, comma-, semicolon- or tab-separated, in UTF-8 (with or without a byte-order
mark) or GB 18030, as Excel saves it on a Chinese Windows.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from pydantic import ValidationError

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.errors import CATALOGUE, Problem, ProblemError, problem
from cloudcabin.tracking.ingest_schemas import MAX_BATCH, EventIn
from cloudcabin.tracking.models import Source
from cloudcabin.tracking.services import EventInput, Recorded, record_events

MAX_CSV_ROWS = 5000
MAX_CSV_BYTES = 5 * 1024 * 1024
# ``EventInput``'s field → the API's (the service names problems by the former).
API_FIELD = {
    "booking": "booking_reference",
    "classifier": "event_classifier",
    "event_time": "event_datetime",
    "locode": "un_location_code",
    "source_ref": "source_reference",
}
FIELDS = tuple(EventIn.model_fields)
REQUIRED = ("booking_reference", "milestone", "event_datetime")
HEADERS_ZH = {
    "订舱号": "booking_reference",
    "箱号": "container",
    "节点": "milestone",
    "事件分类": "event_classifier",
    "时间": "event_datetime",
    "地点代码": "un_location_code",
    "车次": "train_number",
    "车皮号": "wagon_number",
    "延误原因": "delay_reason",
    "备注": "remark",
    "来源编号": "source_reference",
}
_EVENT_PATH = re.compile(r"^events\[(\d+)\](?:\.(\w+))?$")


def to_input(event: EventIn) -> EventInput:
    return EventInput(
        booking=event.booking_reference,
        milestone=event.milestone.strip(),
        event_time=parse_time(event.event_datetime),
        classifier=event.event_classifier.strip().upper(),
        container=event.container,
        locode=event.un_location_code,
        train_number=event.train_number,
        wagon_number=event.wagon_number,
        delay_reason=event.delay_reason,
        remark=event.remark,
        source_ref=event.source_reference,
    )


def parse_time(text: str) -> datetime | None:
    """ISO 8601; a time without its offset stays naive, and the service refuses it."""
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        return None


def record_batch(actor: Actor, events: Sequence[EventIn]) -> Recorded:
    """The API's batch: at most ``MAX_BATCH`` events, stored all or none."""
    actor.require_write()
    if len(events) > MAX_BATCH:
        raise ProblemError.of(
            "TRACKING_BATCH_TOO_LARGE", path="events", limit=MAX_BATCH, count=len(events)
        )
    return _record(actor, [to_input(e) for e in events], Source.API, _api_path)


@dataclass
class CsvBatch:
    events: list[EventIn] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)  # the file's row of each event
    columns: dict[str, str] = field(default_factory=dict)  # field → its header in the file

    def path(self, index: int, name: str) -> str:
        return f"row {self.rows[index]}.{self.columns.get(name, name)}"


def record_csv(actor: Actor, data: bytes) -> Recorded:
    """An uploaded CSV of events: every row good, or nothing stored."""
    actor.require_write()
    batch = read_csv(data)

    def path(service_path: str) -> str:
        index, name = _split(service_path)
        return batch.path(index, name) if index is not None else service_path

    return _record(actor, [to_input(e) for e in batch.events], Source.CSV, path)


def read_csv(data: bytes) -> CsvBatch:
    if len(data) > MAX_CSV_BYTES:
        raise ProblemError.of("REQUEST_TOO_LARGE", limit=f"{MAX_CSV_BYTES // (1024 * 1024)} MB")
    records = _records(data)
    if not records or not any(cell.strip() for cell in records[0]):
        raise ProblemError.of("TRACKING_CSV_EMPTY", path="row 1")
    batch = CsvBatch()
    problems: list[Problem] = []
    header: list[str] = []
    for written in records[0]:
        name = _field_of(written)
        header.append(name)
        if name not in FIELDS:
            problems.append(
                problem("TRACKING_CSV_COLUMN_UNKNOWN", path=f"row 1.{written}", column=written)
            )
        else:
            batch.columns[name] = written.strip()
    for name in REQUIRED:
        if name not in batch.columns:
            problems.append(problem("TRACKING_CSV_COLUMN_MISSING", path="row 1", column=name))
    if problems:
        raise ProblemError(*problems)
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            problems.append(
                problem(
                    "TRACKING_CSV_ROW_LENGTH",
                    path=f"row {number}",
                    count=len(record),
                    expected=len(header),
                )
            )
            continue
        values = {name: cell.strip() for name, cell in zip(header, record, strict=True)}
        try:
            batch.events.append(EventIn.model_validate(values))
            batch.rows.append(number)
        except ValidationError as exc:
            problems.extend(_row_problems(exc, number, batch.columns))
    if problems:
        raise ProblemError(*problems)
    if not batch.events:
        raise ProblemError.of("TRACKING_CSV_EMPTY", path="row 2")
    if len(batch.events) > MAX_CSV_ROWS:
        raise ProblemError.of(
            "TRACKING_BATCH_TOO_LARGE", limit=MAX_CSV_ROWS, count=len(batch.events)
        )
    return batch


def row_and_column(path: str) -> tuple[str, str]:
    """``row 5.container`` → ("5", "container"), for a page's table of problems."""
    row, _dot, column = path.removeprefix("row ").partition(".")
    return row, column


def _record(
    actor: Actor, inputs: list[EventInput], source: str, path: Callable[[str], str]
) -> Recorded:
    try:
        return record_events(actor, inputs, source=source)
    except ProblemError as exc:
        renamed = [Problem(p.code, p.severity, path(p.path), p.message) for p in exc.problems]
        raise ProblemError(*renamed, status=exc.status) from exc


def _split(service_path: str) -> tuple[int | None, str]:
    match = _EVENT_PATH.match(service_path)
    if match is None:
        return None, ""
    name = match.group(2) or ""
    return int(match.group(1)), API_FIELD.get(name, name)


def _api_path(service_path: str) -> str:
    index, name = _split(service_path)
    if index is None:
        return service_path
    return f"events[{index}].{name}" if name else f"events[{index}]"


def _field_of(written: str) -> str:
    text = written.strip().lstrip("\ufeff")
    return HEADERS_ZH.get(text, text.lower().replace(" ", "_"))


def _records(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ProblemError.of("TRACKING_CSV_UNREADABLE")
    if "\x00" in text:
        raise ProblemError.of("TRACKING_CSV_UNREADABLE")
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise ProblemError.of("TRACKING_CSV_UNREADABLE") from exc


def _row_problems(exc: ValidationError, number: int, columns: dict[str, str]) -> list[Problem]:
    found = []
    for error in exc.errors():
        name = str(error["loc"][0]) if error.get("loc") else ""
        at = f"row {number}.{columns.get(name, name)}" if name else f"row {number}"
        if error["type"] in CATALOGUE:
            entry = CATALOGUE[error["type"]]
            found.append(Problem(error["type"], entry.severity, at, error["msg"]))
        else:
            found.append(problem("INVALID", path=at, detail=error["msg"]))
    return found
