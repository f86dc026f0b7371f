"""Holds that domains above shipments place on a shipment.

Compliance (a held party, goods that may not travel the route) sits above shipments,
bookings and documents, which never import it. It registers a hold source here when its
app is ready; document issue and booking confirmation ask ``holds_on`` and refuse on
any error it returns, the shipment page shows the same list, so "ready" stays one
promise, and the departure manifest flags the held bookings of a whole train through
``holds_on_many``.

A source answers for many shipments at once (one list of findings per shipment, in
order), so that a train's worth of shipments costs each source a fixed number of queries.
A caller that has already read the shipments' goods lines (the shipment page, the
manifest) passes them, one list per shipment, so that a source does not read them again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from cloudcabin.errors import Problem
from cloudcabin.shipments.models import GoodsLine, Shipment

# The shipments, and each one's goods lines when the caller has them (else None).
Lines = Sequence[Sequence[GoodsLine]] | None
HoldSource = Callable[[Sequence[Shipment], Lines], Sequence[Iterable[Problem]]]

_SOURCES: list[HoldSource] = []


def register_hold_source(source: HoldSource) -> HoldSource:
    """Add ``source`` (once) to what ``holds_on`` asks; usable as a decorator."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def holds_on_many(shipments: Sequence[Shipment], lines: Lines = None) -> list[list[Problem]]:
    """Every registered source's findings on each shipment, in the order given (errors
    hold it, warnings note); ``lines``, when given, are each shipment's goods lines as
    stored now."""
    found: list[list[Problem]] = [[] for _shipment in shipments]
    if not shipments:
        return found
    for source in _SOURCES:
        answers = source(shipments, lines)
        assert len(answers) == len(shipments), f"{source.__name__} answered out of step"
        for problems, answer in zip(found, answers, strict=True):
            problems.extend(answer)
    return found


def holds_on(shipment: Shipment, lines: Sequence[GoodsLine] | None = None) -> list[Problem]:
    """Every registered source's findings on ``shipment`` (errors hold it, warnings note)."""
    return holds_on_many([shipment], None if lines is None else [lines])[0]
