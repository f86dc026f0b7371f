"""Every rounding goes through ``cloudcabin/numbers.py``, and rounds half-up there.

``round()`` and ``Decimal.quantize()`` without a rounding mode round half-even: a late
fee of 10.02 × 2.25 TEU once came out 22.54 instead of 22.55. The scan keeps any new
rounding from bypassing the one module that says how numbers are rounded.
"""

from __future__ import annotations

import ast
from decimal import Decimal
from pathlib import Path

from cloudcabin import numbers

PRODUCT = Path(numbers.__file__).resolve().parent


def _product_modules() -> list[Path]:
    return [
        path
        for path in sorted(PRODUCT.rglob("*.py"))
        if not {"tests", "migrations"} & set(path.relative_to(PRODUCT).parts)
        and path.name != "numbers.py"
    ]


def _rounding_lines(source: str) -> list[int]:
    """Lines calling ``round(…)`` or ``….quantize(…)``."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and (
            (isinstance(node.func, ast.Name) and node.func.id == "round")
            or (isinstance(node.func, ast.Attribute) and node.func.attr == "quantize")
        )
    ]


def test_no_product_code_rounds_outside_numbers_py() -> None:
    modules = _product_modules()
    assert len(modules) > 100  # the scan really walks the product
    found = [
        f"{path.relative_to(PRODUCT.parent)}:{line}"
        for path in modules
        for line in _rounding_lines(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_scan_finds_a_bare_round_and_a_bare_quantize() -> None:
    planted = "x = round(2.5)\ny = value.quantize(Decimal('0.1'))\nz = numbers.money(v)\n"
    assert _rounding_lines(planted) == [1, 2]


def test_the_helpers_round_half_up_where_half_even_would_round_down() -> None:
    assert numbers.money(Decimal("10.02") * Decimal("2.25")) == Decimal("22.55")
    assert numbers.mass(Decimal("1.0005")) == Decimal("1.001")
    assert numbers.to_whole(Decimal("18600.5")) == Decimal("18601")
    assert numbers.to_places(Decimal("0.125"), 2) == Decimal("0.13")
    assert numbers.co2_kg(Decimal("12.25")) == Decimal("12.3")
    assert numbers.chart_length(Decimal("40.25")) == Decimal("40.3")
    assert numbers.map_coordinate(0.25) == 0.3
    assert numbers.search_score(0.125) == 0.13


def test_a_printed_origin_percentage_is_cut_never_rounded_up() -> None:
    assert numbers.percent_cut(Decimal("39.999")) == Decimal("39.99")
