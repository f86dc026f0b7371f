"""The compliance models, one module per concern."""

from cloudcabin.compliance.models.lists import (
    ListedEntity,
    ListedIdentifier,
    ListedName,
    ListSource,
    ListVersion,
)

__all__ = ["ListSource", "ListVersion", "ListedEntity", "ListedIdentifier", "ListedName"]
