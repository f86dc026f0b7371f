"""Geometry of the capacity board's bars: one stacked bar per departure (filled, held,
free), drawn in a ``BAR_WIDTH``-wide box that the page scales to its table cell.

Every service's bars share one scale (the largest train in view), so a half-full
small train looks half as long as a half-full big one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from cloudcabin.bookings.selectors import BoardBar, ServiceBoard
from cloudcabin.numbers import chart_length

BAR_WIDTH = 400
BAR_HEIGHT = 18


@dataclass(frozen=True)
class ChartRow:
    bar: BoardBar
    confirmed_width: Decimal
    held_x: Decimal
    held_width: Decimal
    free_x: Decimal
    free_width: Decimal


@dataclass(frozen=True)
class ServiceChart:
    board: ServiceBoard
    rows: list[ChartRow]


def _scale(value: Decimal, largest: Decimal) -> Decimal:
    return chart_length(value * BAR_WIDTH / largest) if largest else Decimal(0)


def board_rows(bars: list[BoardBar], largest: Decimal) -> list[ChartRow]:
    rows = []
    for bar in bars:
        confirmed = _scale(bar.confirmed, largest)
        held = _scale(bar.held, largest)
        rows.append(
            ChartRow(
                bar=bar,
                confirmed_width=confirmed,
                held_x=confirmed,
                held_width=held,
                free_x=confirmed + held,
                free_width=_scale(bar.free, largest),
            )
        )
    return rows


def service_charts(boards: list[ServiceBoard], largest: Decimal) -> list[ServiceChart]:
    return [ServiceChart(board=board, rows=board_rows(board.bars, largest)) for board in boards]


def largest_capacity(groups: Sequence[tuple[object, list[ServiceBoard]]]) -> Decimal:
    return max(
        (bar.capacity for _group, boards in groups for board in boards for bar in board.bars),
        default=Decimal(0),
    )
