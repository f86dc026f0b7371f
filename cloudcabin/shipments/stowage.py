"""How a line's figures are shared among the containers its packages are stowed in.

One function for every place that needs a container's part of a line (the overweight
check, the manifest, the pack's container loads, the packing list, the shipping
instructions), so the documents and the checks cannot disagree about a split line.

A line's packages are counted into its containers in the order the containers were
entered (the order the packing list prints them): with 12 of "PLT 1-20" in the first
container and 8 in the second, the first holds PLT 1-12 and the second PLT 13-20.
"""

from __future__ import annotations

import re
from decimal import Decimal


def stowed_part(
    line_figure: Decimal | None, line_packages: int | None, stowed_packages: int
) -> Decimal:
    """The part of a line's mass (or amount) carried by ``stowed_packages`` of its
    ``line_packages`` packages, shared evenly among the packages; unrounded (the caller
    rounds the sum it prints with ``cloudcabin.numbers``). Zero when the line states no
    figure or no packages."""
    if line_figure is None or not line_packages:
        return Decimal(0)
    return line_figure * stowed_packages / line_packages


# One numbered range in a line's marks: "PLT 1-20", "C/NO. 1 – 20", "CTN 1~20".
_MARKS_RANGE = re.compile(r"(?<!\d)(\d+)(\s*[-–~]\s*)(\d+)(?!\d)")


def stowed_marks(marks: str, line_packages: int, first: int, count: int) -> str:
    """The marks of ``count`` of a line's ``line_packages`` packages, the ``first`` of them
    being the line's ``first``-th package (1-based): "PLT 1-20" → "PLT 13-20" for the last
    8 of 20. Only when the marks hold exactly one numbered range and it numbers exactly the
    line's packages; otherwise (no range, several, a range of another size) the marks as
    they are, since which package bears which number is then not known."""
    ranges = list(_MARKS_RANGE.finditer(marks or ""))
    if len(ranges) != 1 or count < 1 or first < 1 or first + count - 1 > line_packages:
        return marks
    found = ranges[0]
    start, separator, end = int(found[1]), found[2], int(found[3])
    if end - start + 1 != line_packages or count == line_packages:
        return marks
    low, high = start + first - 1, start + first + count - 2
    part = str(low) if count == 1 else f"{low}{separator}{high}"
    return marks[: found.start()] + part + marks[found.end() :]
