"""What every reference table shares."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.utils import timezone

_M = TypeVar("_M", bound=models.Model)


class StampingQuerySet(models.QuerySet[_M]):
    def update(self, **kwargs: Any) -> int:
        """Every change moves ``updated_at``, ``update()`` (and ``bulk_update``) too, as
        ``save()`` does: processes keep copies of these tables keyed on it
        (``reference.codes.table_state``)."""
        kwargs.setdefault("updated_at", timezone.now())
        return super().update(**kwargs)


class Timestamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StampingQuerySet.as_manager()

    class Meta:
        abstract = True
