"""A split line's figures and marks are shared by its packages, the same way everywhere."""

from __future__ import annotations

from decimal import Decimal

from cloudcabin.numbers import mass
from cloudcabin.shipments.stowage import stowed_marks, stowed_part


def test_a_line_split_over_three_containers_shares_its_mass_by_packages() -> None:
    parts = [stowed_part(Decimal("1000"), 30, packages) for packages in (10, 10, 10)]
    assert [mass(part) for part in parts] == [Decimal("333.333")] * 3
    # the sum of the unrounded parts is the line's mass: no kilogram lost to rounding
    assert mass(sum(parts, Decimal(0))) == Decimal("1000.000")


def test_a_line_without_mass_or_packages_contributes_nothing() -> None:
    assert stowed_part(None, 10, 5) == 0
    assert stowed_part(Decimal("500"), 0, 5) == 0
    assert stowed_part(Decimal("500"), None, 5) == 0


def test_a_numbered_range_of_marks_is_shared_out_in_the_order_the_containers_come() -> None:
    assert stowed_marks("PLT 1-20", 20, 1, 12) == "PLT 1-12"
    assert stowed_marks("PLT 1-20", 20, 13, 8) == "PLT 13-20"
    # the range need not start at 1, and its own spelling is kept
    assert stowed_marks("SRT/DUI/21-38", 18, 1, 9) == "SRT/DUI/21-29"
    assert stowed_marks("C/NO. 1 ~ 20\nMADE IN CHINA", 20, 20, 1) == "C/NO. 20\nMADE IN CHINA"
    assert stowed_marks("C/NO.1-20", 20, 1, 12) == "C/NO.1-12"
    # the range that numbers the line's packages, beside a reference or a date (the demo's)
    assert stowed_marks("XSR/DI 2026-017 PLT 1-20", 20, 11, 10) == "XSR/DI 2026-017 PLT 11-20"
    assert stowed_marks("PO 2026-11-20 PLT 1-20", 20, 1, 12) == "PO 2026-11-20 PLT 1-12"


def test_marks_that_do_not_number_the_line_s_packages_are_printed_as_they_are() -> None:
    assert stowed_marks("SILK ROAD / LODZ", 20, 1, 12) == "SILK ROAD / LODZ"
    # a range of another size than the line: which package bears which number is unknown
    assert stowed_marks("PLT 1-10", 20, 1, 12) == "PLT 1-10"
    # two ranges, or a date that looks like one and nothing else
    assert stowed_marks("PLT 1-10, 11-20", 20, 1, 12) == "PLT 1-10, 11-20"
    assert stowed_marks("PO 2026-01-20", 20, 1, 12) == "PO 2026-01-20"
    assert stowed_marks("PLT 1-20 / 1-20", 20, 1, 12) == "PLT 1-20 / 1-20"
    # the whole line in one container, or more packages stowed than the line has
    assert stowed_marks("PLT 1-20", 20, 1, 20) == "PLT 1-20"
    assert stowed_marks("PLT 1-20", 20, 15, 8) == "PLT 1-20"
