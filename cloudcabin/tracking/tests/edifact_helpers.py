"""Golden IFTSTA files: read with the fixture's booking and containers put in."""

from __future__ import annotations

from pathlib import Path

from cloudcabin.tracking.tests.conftest import Tracked

GOLDEN = Path(__file__).parent / "golden"


def golden(name: str, tracked: Tracked) -> str:
    """The file with {booking}, {box1} and {box2} filled in for this fixture."""
    first, second = sorted(tracked.numbers)
    text = (GOLDEN / name).read_text(encoding="utf-8")
    return text.format(booking=tracked.booking.reference, box1=first, box2=second)


def placeholders(text: str, tracked: Tracked) -> str:
    """The reverse of ``golden``: this fixture's numbers back to their placeholders."""
    first, second = sorted(tracked.numbers)
    for value, name in ((tracked.booking.reference, "booking"), (first, "box1"), (second, "box2")):
        text = text.replace(value, "{" + name + "}")
    return text
