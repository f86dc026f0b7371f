"""The compliance models, one module per concern."""

from cloudcabin.compliance.models.goods import GoodsEffect, GoodsRule
from cloudcabin.compliance.models.lists import (
    ListedEntity,
    ListedIdentifier,
    ListedName,
    ListSource,
    ListVersion,
)

__all__ = [
    "GoodsEffect",
    "GoodsRule",
    "ListSource",
    "ListVersion",
    "ListedEntity",
    "ListedIdentifier",
    "ListedName",
]
