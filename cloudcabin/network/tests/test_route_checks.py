"""The registry through which domains above the network mark route options."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import pytest

from cloudcabin.network import route_checks
from cloudcabin.network.route_checks import RouteMark, marks_for, register_route_check

DAY = date(2026, 12, 1)
OPTIONS = [{"rank": 1, "countries": ["CN", "RU"]}, {"rank": 2, "countries": ["CN", "GE"]}]


@pytest.fixture
def no_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(route_checks, "_CHECKS", [])


def _via_russia(
    codes: Sequence[str], options: Sequence[dict[str, Any]], day: date
) -> list[list[RouteMark]]:
    return [
        [
            RouteMark(True, f"HS {code}", "no", "ref", "https://example.org", ("RU",))
            for code in codes
        ]
        if "RU" in option["countries"]
        else []
        for option in options
    ]


def test_each_option_gets_the_marks_of_every_registered_check_once(no_checks: None) -> None:
    register_route_check(_via_russia)
    register_route_check(_via_russia)  # registering twice asks once
    marks = marks_for(["854231"], OPTIONS, DAY)
    assert [[m.title for m in found] for found in marks] == [["HS 854231"], []]
    assert marks[0][0].avoid == ("RU",)


def test_without_hs_codes_no_check_is_asked(no_checks: None) -> None:
    def refuse(*args: Any) -> list[list[RouteMark]]:
        raise AssertionError("asked without codes")

    register_route_check(refuse)
    assert marks_for([], OPTIONS, DAY) == [[], []]
