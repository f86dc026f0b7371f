"""The compliance models, one module per concern."""

from cloudcabin.compliance.models.goods import GoodsEffect, GoodsRule
from cloudcabin.compliance.models.lists import (
    ListedEntity,
    ListedIdentifier,
    ListedName,
    ListSource,
    ListVersion,
)
from cloudcabin.compliance.models.screening import (
    HitBand,
    HitStatus,
    PartyScreening,
    ScreeningEvent,
    ScreeningEventKind,
    ScreeningHit,
)

__all__ = [
    "GoodsEffect",
    "GoodsRule",
    "HitBand",
    "HitStatus",
    "ListSource",
    "ListVersion",
    "ListedEntity",
    "ListedIdentifier",
    "ListedName",
    "PartyScreening",
    "ScreeningEvent",
    "ScreeningEventKind",
    "ScreeningHit",
]
