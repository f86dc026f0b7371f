"""What every reference loader shares: results, datasets, CSV reading, hashing, upserts."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)
BATCH_SIZE = 2000


@dataclass(frozen=True)
class LoadResult:
    name: str
    rows: int
    seconds: float
    skipped: bool
    note: str = ""


@dataclass(frozen=True)
class Loaded:
    """What a load function returns when it has more to say than a row count."""

    rows: int
    note: str = ""


@dataclass(frozen=True)
class Dataset:
    name: str
    files: tuple[Path, ...]
    load: Callable[[tuple[Path, ...]], int | Loaded]


# --- helpers -----------------------------------------------------------------------------


def read_csv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


def sha256_of(paths: Sequence[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def decimal_or_none(value: str) -> Decimal | None:
    value = value.strip()
    return Decimal(value) if value else None


def upsert(
    model: type[M],
    objs: Iterable[M],
    *,
    unique_fields: Sequence[str],
    update_fields: Sequence[str] | None = None,
) -> int:
    """Insert or update ``objs`` by their natural key, in batches; returns how many."""
    if update_fields is None:
        update_fields = [
            field.name
            for field in model._meta.concrete_fields
            if not field.primary_key
            and field.name not in unique_fields
            and field.name != "created_at"
        ]
    rows = list(objs)
    for start in range(0, len(rows), BATCH_SIZE):
        model._default_manager.bulk_create(
            rows[start : start + BATCH_SIZE],
            update_conflicts=True,
            unique_fields=list(unique_fields),
            update_fields=list(update_fields),
        )
    return len(rows)
