"""Goods lines: one at a time (the line editor saves the fields typed in), or all at
once from an import."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Unpack, cast

from django.db import IntegrityError, transaction
from django.db.models import Max

from cloudcabin import bulk
from cloudcabin.accounts.tenancy import Actor
from cloudcabin.errors import ProblemError
from cloudcabin.fields import INT_MAX
from cloudcabin.shipments.inputs import LINE_FIELDS, LineFields
from cloudcabin.shipments.models import Allocation, GoodsLine, Shipment, ShipmentEventKind
from cloudcabin.shipments.services.editing import (
    check_version,
    clean_fields,
    lock_for_edit,
    record_event,
)


def _next_line_no(shipment: Shipment) -> int:
    highest = GoodsLine.objects.filter(shipment=shipment).aggregate(n=Max("line_no"))["n"]
    following = (highest or 0) + 1
    if following > INT_MAX:
        # A line numbered at the column's limit leaves no next number: it must be given.
        raise ProblemError.of(
            "NUMBER_OUT_OF_RANGE", path="line_no", minimum=1, maximum=f"{INT_MAX:,}"
        )
    return following


@transaction.atomic
def save_line(
    *,
    actor: Actor,
    shipment_id: int,
    line_id: int | None = None,
    expected_version: int | None = None,
    **fields: Unpack[LineFields],
) -> GoodsLine:
    """Add a goods line (``line_id`` None) or change one."""
    shipment = lock_for_edit(actor, shipment_id)
    cleaned = clean_fields(GoodsLine, fields, LINE_FIELDS)
    if line_id is None:
        line = GoodsLine(shipment=shipment, line_no=cleaned.pop("line_no", None) or 0)
        line.line_no = line.line_no or _next_line_no(shipment)
    else:
        line = line_of(shipment, line_id)
        check_version(line, expected_version)
    for key, value in cleaned.items():
        setattr(line, key, value)
    try:
        with transaction.atomic():
            line.save()
    except IntegrityError as exc:
        raise ProblemError.of("LINE_NO_DUPLICATE", path="line_no", line=line.line_no) from exc
    record_event(
        actor=actor,
        shipment=shipment,
        kind=ShipmentEventKind.LINE_SAVED,
        line=line.line_no,
        fields=sorted(cleaned),
    )
    return line


@transaction.atomic
def merge_line(
    *,
    actor: Actor,
    shipment_id: int,
    line_id: int,
    expected_version: int | None,
    fields: LineFields,
    based_on: LineFields,
) -> tuple[GoodsLine, list[str]]:
    """Save some fields of a line that was read at ``expected_version`` (the line editor
    sends only the fields typed in, each with the value it was typed over, ``based_on``).

    When someone saved the line since, a field they did not change (stored value still
    the one typed over) takes the new value, one already holding it is left, and a field
    both changed differently is a conflict: not saved, and named in the answer so that the
    person chooses. Nobody's change is silently undone."""
    shipment = lock_for_edit(actor, shipment_id)
    line = line_of(shipment, line_id)
    if expected_version is None or expected_version == line.version:
        return save_line(actor=actor, shipment_id=shipment_id, line_id=line_id, **fields), []
    mine = clean_fields(GoodsLine, fields, LINE_FIELDS)
    base = clean_fields(GoodsLine, based_on, LINE_FIELDS)
    taken: set[str] = set()
    conflicts: list[str] = []
    for name, value in mine.items():
        stored = getattr(line, name)
        if stored == value:
            continue
        if name in base and base[name] == stored:
            taken.add(name)
        else:
            conflicts.append(name)
    if taken:
        # Some of the fields given, as given: still a LineFields.
        apply = cast(LineFields, {name: value for name, value in fields.items() if name in taken})
        line = save_line(actor=actor, shipment_id=shipment_id, line_id=line_id, **apply)
    return line, conflicts


def line_of(shipment: Shipment, line_id: int) -> GoodsLine:
    try:
        return GoodsLine.objects.get(shipment=shipment, pk=line_id)
    except (GoodsLine.DoesNotExist, ValueError, TypeError) as exc:
        raise ProblemError.of("NOT_FOUND", path="line") from exc


@transaction.atomic
def delete_line(*, actor: Actor, shipment_id: int, line_id: int) -> None:
    shipment = lock_for_edit(actor, shipment_id)
    line = line_of(shipment, line_id)
    line.delete()
    record_event(
        actor=actor, shipment=shipment, kind=ShipmentEventKind.LINE_DELETED, line=line.line_no
    )


@transaction.atomic
def replace_lines(
    *, actor: Actor, shipment_id: int, lines: Iterable[GoodsLine], source: str
) -> int:
    """Swap in imported lines, all or nothing: the old lines and their stowage go."""
    shipment = lock_for_edit(actor, shipment_id)
    # The stowage first, then the lines, one statement each (the stowage is all that
    # references a line: a test holds that).
    Allocation.objects.filter(line__shipment=shipment).delete()
    bulk.delete(GoodsLine.objects.filter(shipment=shipment))
    new_lines = list(lines)
    for line in new_lines:
        line.shipment = shipment
    bulk.insert(GoodsLine, new_lines)  # bulk_create's ORM compiling was most of an import
    record_event(
        actor=actor,
        shipment=shipment,
        kind=ShipmentEventKind.LINES_IMPORTED,
        source=source,
        lines=len(new_lines),
    )
    return len(new_lines)
