"""Helpers for the loaders, and the loaders of the small code tables.

``loaders.py`` has the large datasets (HS, UN/LOCODE) and the orchestration.
"""

from __future__ import annotations

import csv
import gettext
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

import pycountry
from django.db import models

from cloudcabin.reference.models import (
    ContainerGroup,
    ContainerType,
    Country,
    Currency,
    CustomsCode,
    CustomsUnit,
    SearchSynonym,
)

M = TypeVar("M", bound=models.Model)
BATCH_SIZE = 2000

# Known errors in the published container list, fixed on load (see data/SOURCES.md).
CONTAINER_CORRECTIONS: dict[str, dict[str, str]] = {"L5G1": {"height_ft": "9.5"}}


@dataclass(frozen=True)
class LoadResult:
    name: str
    rows: int
    seconds: float
    skipped: bool


@dataclass(frozen=True)
class Dataset:
    name: str
    files: tuple[Path, ...]
    load: Callable[[tuple[Path, ...]], int]


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


# --- countries and currencies (pycountry) ----------------------------------------------


def pycountry_files(domain: str) -> tuple[Path, ...]:
    locales = Path(pycountry.LOCALES_DIR)
    return (
        Path(pycountry.DATABASE_DIR) / f"{domain}.json",
        locales / "zh_CN" / "LC_MESSAGES" / f"{domain}.mo",
    )


def load_countries(files: tuple[Path, ...]) -> int:
    zh = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    countries = [
        Country(
            alpha2=entry.alpha_2,
            alpha3=entry.alpha_3,
            numeric=entry.numeric,
            name_en=entry.name,
            name_zh=zh.gettext(entry.name),
        )
        for entry in pycountry.countries
    ]
    return upsert(Country, countries, unique_fields=["alpha2"])


def load_currencies(files: tuple[Path, ...]) -> int:
    zh = gettext.translation("iso4217", pycountry.LOCALES_DIR, languages=["zh_CN"])
    currencies = [
        Currency(
            code=entry.alpha_3,
            numeric=entry.numeric,
            name_en=entry.name,
            name_zh=zh.gettext(entry.name),
        )
        for entry in pycountry.currencies
    ]
    return upsert(Currency, currencies, unique_fields=["code"])


# --- containers ------------------------------------------------------------------------


def load_containers(files: tuple[Path, ...]) -> int:
    groups_path, codes_path, specs_path = files
    groups = [
        ContainerGroup(code=row["code"].strip(), description=row["description"].strip())
        for row in read_csv(groups_path)
    ]
    upsert(ContainerGroup, groups, unique_fields=["code"])
    known_groups = {group.code for group in groups}
    specs = {
        row["typical_iso6346_code"].strip(): row
        for row in read_csv(specs_path)
        if row["typical_iso6346_code"].strip()
    }
    types: dict[str, ContainerType] = {}
    for row in read_csv(codes_path):
        code = row["code"].strip()
        if code in types:  # 42HR is listed twice; the first (group 42HR) is kept
            continue
        values = {**row, **CONTAINER_CORRECTIONS.get(code, {})}
        spec = specs.get(code, {})
        group = values["group"].strip()
        types[code] = ContainerType(
            code=code,
            description=values["description"].strip(),
            length_ft=Decimal(values["length_ft"]),
            height_ft=Decimal(values["height_ft"]),
            group_id=group if group in known_groups else None,
            # Blank for the length-0 rows (8888 uncontainerised, 2650, 45G4): 0 TEU.
            teu=decimal_or_none(values["teu_nominal"]) or Decimal(0),
            typical_tare_kg=decimal_or_none(spec.get("typical_tare_kg", "")),
            typical_max_payload_kg=decimal_or_none(spec.get("typical_max_payload_kg", "")),
            typical_max_gross_kg=decimal_or_none(spec.get("max_gross_kg_derived", "")),
        )
    return upsert(ContainerType, types.values(), unique_fields=["code"])


# --- China customs declaration tables --------------------------------------------------


def customs_table_loader(table: str) -> Callable[[tuple[Path, ...]], int]:
    def load(files: tuple[Path, ...]) -> int:
        codes = [
            CustomsCode(
                table=table,
                code=row["code"].strip(),
                name_zh=row["name_zh"].strip(),
                name_en=row["name_en"].strip(),
            )
            for row in read_csv(files[0])
        ]
        return upsert(CustomsCode, codes, unique_fields=["table", "code"])

    return load


def load_customs_units(files: tuple[Path, ...]) -> int:
    units = [
        CustomsUnit(
            code=row["code"].strip(),
            name_zh=row["name_zh"].strip(),
            name_en=row["name_en"].strip(),
            unece_rec20=row["unece_rec20"].strip(),
        )
        for row in read_csv(files[0])
    ]
    return upsert(CustomsUnit, units, unique_fields=["code"])


def load_synonyms(files: tuple[Path, ...]) -> int:
    synonyms = [
        SearchSynonym(
            term=row["term"].strip(),
            expansion=row["expansion"].strip(),
            language=row["language"].strip(),
        )
        for row in read_csv(files[0])
        if row["term"].strip()
    ]
    # is_active is the operator's switch: a reload must not turn a synonym back on.
    fields = ["language", "updated_at"]
    return upsert(
        SearchSynonym, synonyms, unique_fields=["term", "expansion"], update_fields=fields
    )
