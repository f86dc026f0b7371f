"""How a line's figures are shared among the containers its packages are stowed in.

One function for every place that needs a container's part of a line (the overweight
check, the manifest, the pack's container loads, the packing list, the shipping
instructions), so the documents and the checks cannot disagree about a split line.
"""

from __future__ import annotations

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
