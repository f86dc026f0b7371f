"""Holds that domains above shipments place on a shipment.

Compliance (a held party, goods that may not travel the route) sits above shipments,
bookings and documents, which never import it. It registers a hold source here when its
app is ready; document issue and booking confirmation ask ``holds_on`` and refuse on
any error it returns, and the shipment page shows the same list, so "ready" stays one
promise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from cloudcabin.errors import Problem
from cloudcabin.shipments.models import Shipment

HoldSource = Callable[[Shipment], Iterable[Problem]]

_SOURCES: list[HoldSource] = []


def register_hold_source(source: HoldSource) -> HoldSource:
    """Add ``source`` (once) to what ``holds_on`` asks; usable as a decorator."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def holds_on(shipment: Shipment) -> list[Problem]:
    """Every registered source's findings on ``shipment`` (errors hold it, warnings note)."""
    return [problem for source in _SOURCES for problem in source(shipment)]
