"""A split line's figures are shared by its packages, the same way everywhere."""

from __future__ import annotations

from decimal import Decimal

from cloudcabin.numbers import mass
from cloudcabin.shipments.stowage import stowed_part


def test_a_line_split_over_three_containers_shares_its_mass_by_packages() -> None:
    parts = [stowed_part(Decimal("1000"), 30, packages) for packages in (10, 10, 10)]
    assert [mass(part) for part in parts] == [Decimal("333.333")] * 3
    # the sum of the unrounded parts is the line's mass: no kilogram lost to rounding
    assert mass(sum(parts, Decimal(0))) == Decimal("1000.000")


def test_a_line_without_mass_or_packages_contributes_nothing() -> None:
    assert stowed_part(None, 10, 5) == 0
    assert stowed_part(Decimal("500"), 0, 5) == 0
    assert stowed_part(Decimal("500"), None, 5) == 0
