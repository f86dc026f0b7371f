"""Geometry of the capacity board's SVG: one stacked bar per departure (filled, held, free)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cloudcabin.bookings.selectors import BoardBar
from cloudcabin.numbers import chart_length

LABEL_WIDTH = 150
BAR_WIDTH = 400
ROW_HEIGHT = 28
BAR_HEIGHT = 18


@dataclass(frozen=True)
class ChartRow:
    bar: BoardBar
    y: int
    text_y: int
    confirmed_width: Decimal
    held_x: Decimal
    held_width: Decimal
    free_x: Decimal
    free_width: Decimal


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    label_width: int
    bar_height: int
    value_x: int
    rows: list[ChartRow]


def _scale(value: Decimal, largest: Decimal) -> Decimal:
    return chart_length(value * BAR_WIDTH / largest) if largest else Decimal(0)


def board_chart(bars: list[BoardBar]) -> Chart:
    largest = max((bar.capacity for bar in bars), default=Decimal(0))
    rows = []
    for index, bar in enumerate(bars):
        confirmed = _scale(bar.confirmed, largest)
        held = _scale(bar.held, largest)
        free = _scale(bar.free, largest)
        y = index * ROW_HEIGHT + 4
        rows.append(
            ChartRow(
                bar=bar,
                y=y,
                text_y=y + BAR_HEIGHT - 5,
                confirmed_width=confirmed,
                held_x=LABEL_WIDTH + confirmed,
                held_width=held,
                free_x=LABEL_WIDTH + confirmed + held,
                free_width=free,
            )
        )
    return Chart(
        width=LABEL_WIDTH + BAR_WIDTH + 130,
        height=max(len(rows), 1) * ROW_HEIGHT + 8,
        label_width=LABEL_WIDTH,
        bar_height=BAR_HEIGHT,
        value_x=LABEL_WIDTH + BAR_WIDTH + 8,
        rows=rows,
    )
