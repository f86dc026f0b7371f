"""Answers kept for the rest of one read-only rendering.

Two parts of one page may ask the same question without knowing of each other: the
shipment page asks for the screening of the shipment's parties once for the hold (through
``shipments.holds``, which never imports compliance) and once for the compliance panel
(a template tag). Inside ``with reading():`` the first answer is kept and the second
reads it; outside, every call computes afresh. Only code that changes no record while
the block runs may open one, so that no answer can go stale inside it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")

_answers: ContextVar[dict[Hashable, Any] | None] = ContextVar("memo", default=None)


@contextmanager
def reading() -> Iterator[None]:
    """Keep the answers of ``once`` until the block ends."""
    token = _answers.set({})
    try:
        yield
    finally:
        _answers.reset(token)


def once(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or the answer kept for ``key`` inside the current ``reading()``.
    ``key`` names everything the answer depends on."""
    answers = _answers.get()
    if answers is None:
        return compute()
    if key not in answers:
        answers[key] = compute()
    found: T = answers[key]
    return found
