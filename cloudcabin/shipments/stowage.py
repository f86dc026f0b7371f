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


# One numbered range in a line's marks: "PLT 1-20", "C/NO. 1 – 20", "CTN 1~20"; never a
# part of a longer chain such as the date "2026-11-20".
_MARKS_RANGE = re.compile(
    r"(?<![\d\-–~])(?<![\d\-–~]\s)(\d+)(\s*[-–~]\s*)(\d+)(?!\d)(?!\s*[-–~]\s*\d)"
)


def stowed_marks(marks: str, line_packages: int, first: int, count: int) -> str:
    """The marks of ``count`` of a line's ``line_packages`` packages, the ``first`` of them
    being the line's ``first``-th package (1-based): "PLT 1-20" → "PLT 13-20" for the last
    8 of 20. Only when exactly one numbered range in the marks numbers exactly the line's
    packages ("XSR/DI 2026-017 PLT 1-20": the reference's "2026-017" does not); otherwise
    (none, or several) the marks as they are, since which package bears which number is
    then not known."""
    whole_line = count == line_packages
    if whole_line or count < 1 or first < 1 or first + count - 1 > line_packages:
        return marks
    ranges = [
        found
        for found in _MARKS_RANGE.finditer(marks or "")
        if int(found[3]) - int(found[1]) + 1 == line_packages
    ]
    if len(ranges) != 1:
        return marks
    found = ranges[0]
    start, separator = int(found[1]), found[2]
    low, high = start + first - 1, start + first + count - 2
    part = str(low) if count == 1 else f"{low}{separator}{high}"
    return marks[: found.start()] + part + marks[found.end() :]
