"""Which question would decide between the two best candidates.

The HS splits a heading by a property of the goods: what they are made of, whether a
garment is knitted, whom it is for, what it is used for, whether it is a part. When the
two best subheadings' texts differ by such a property, the suggester asks for it rather
than guess (the China declaration elements, 申报要素, ask the same).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cloudcabin.reference.text import normalise


@dataclass(frozen=True)
class Property:
    key: str
    question: Promise
    words: frozenset[str]  # normalised words of the tariff texts that state the property


PROPERTIES = (
    Property(
        "material",
        _("What is it made of (for example plastics, steel, cotton, leather)?"),
        frozenset(
            normalise(word)
            for word in [
                *("plastics", "rubber", "leather", "textile", "cotton", "wool", "silk"),
                *("synthetic", "artificial", "fibres", "iron", "steel", "stainless"),
                *("copper", "aluminium", "zinc", "nickel", "lead", "tin", "base", "precious"),
                *("silver", "gold", "platinum", "pearls", "stones", "glass", "ceramic"),
                *("porcelain", "wood", "bamboo", "paper", "paperboard"),
            ]
        ),
    ),
    Property(
        "knitted",
        _("Is the fabric knitted or crocheted, or woven?"),
        frozenset({"knitted", "crocheted"}),
    ),
    Property(
        "wearer",
        _("Is it for men or boys, or for women or girls?"),
        frozenset({"men", "boy", "women", "girl"}),
    ),
    Property(
        "part",
        _("Is it a complete article, or a part of one?"),
        frozenset({"part", "accessory"}),
    ),
    Property(
        "use",
        _("What is it used for, and in which machine or vehicle?"),
        frozenset({"use", "vehicle", "aircraft", "household", "industrial", "medical"}),
    ),
    Property(
        "power",
        _("Is it electric, or worked by hand?"),
        frozenset({"electric", "electrical", "hand", "manual", "motor"}),
    ),
)


@dataclass(frozen=True)
class Deciding:
    key: str
    question: str
    first: tuple[str, ...]  # the property's words in the first candidate's text
    second: tuple[str, ...]


def deciding_question(first: str, second: str) -> Deciding | None:
    """The first property whose words differ between two tariff texts, or None."""
    mine, theirs = set(normalise(first).split()), set(normalise(second).split())
    for prop in PROPERTIES:
        a, b = mine & prop.words, theirs & prop.words
        if a != b and (a or b):
            return Deciding(prop.key, str(prop.question), tuple(sorted(a)), tuple(sorted(b)))
    return None
