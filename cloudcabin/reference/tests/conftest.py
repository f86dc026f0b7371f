"""Reference data for tests: a small subset loaded once per test module, rolled back after.

Most tests need a few HS chapters and a few countries' places, not 95k rows. The subset
is written as filtered copies of the real files, so it goes through the real loaders.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction

from cloudcabin.reference.loading import load_reference_data
from cloudcabin.reference.loading.base import LoadResult

HS_CHAPTERS = ("01", "61", "84", "85", "87", "91")
LOCODE_COUNTRIES = ("CN", "PL", "KZ", "BE", "BY", "SG")
SINGLE_WINDOW = "cn-customs/single-window"
# Shaanxi, Chongqing, Sichuan: the demo shippers' provinces.
REGION_PREFIXES = ("61", "50", "51")
CIQ_CHAPTERS = ("84", "85", "87")


def _filter_csv(source: Path, target: Path, keep: Callable[[dict[str, str]], bool]) -> None:
    with source.open(encoding="utf-8-sig", newline="") as inp:
        reader = csv.DictReader(inp)
        fields = list(reader.fieldnames or [])
        with target.open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=fields)
            writer.writeheader()
            writer.writerows(row for row in reader if keep(row))


def _keep_place(row: dict[str, str]) -> bool:
    if row["country"] in LOCODE_COUNTRIES:
        return True
    # Germany has ~10k entries: keep the D… names (Duisburg) and the rail places.
    return row["country"] == "DE" and (row["name"].startswith("D") or "2" in row["function"])


@pytest.fixture(scope="session")
def reference_subset_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = Path(settings.REFERENCE_DATA_DIR)
    target = tmp_path_factory.mktemp("reference-data")
    shutil.copytree(source, target, dirs_exist_ok=True)
    _filter_csv(
        source / "hs/hs2022.csv",
        target / "hs/hs2022.csv",
        # Keep the statistical rows (chapter 99, TOTAL) to prove the loader drops them.
        lambda row: row["hscode"][:2] in (*HS_CHAPTERS, "99") or row["hscode"] == "TOTAL",
    )
    _filter_csv(
        source / "hs/cn-hs8-2023.csv",
        target / "hs/cn-hs8-2023.csv",
        lambda row: row["code"][:2] in HS_CHAPTERS or row["code"].startswith("98"),
    )
    _filter_csv(source / "unlocode/code-list.csv", target / "unlocode/code-list.csv", _keep_place)
    _filter_single_window(source / SINGLE_WINDOW, target / SINGLE_WINDOW)
    return target


def _filter_single_window(source: Path, target: Path) -> None:
    """The big Single Window tables cut to route-relevant rows; the small ones stay whole."""
    with (source / "locode-links.csv").open(encoding="utf-8") as links:
        linked = {row["code"] for row in csv.DictReader(links)}

    def route_relevant(row: dict[str, str]) -> bool:
        return row["china_europe_rail_relevant"] == "Y" or row["code"] in linked

    for name in ("cn-customs-districts.csv", "cn-domestic-ports.csv"):
        _filter_csv(source / name, target / name, route_relevant)
    for name in ("cn-domestic-regions.csv", "cn-admin-divisions.csv"):
        _filter_csv(source / name, target / name, lambda row: row["code"][:2] in REGION_PREFIXES)
    name = "cn-ciq-codes-ch84-85-87-94-95.csv"
    _filter_csv(source / name, target / name, lambda row: row["hs_code_10"][:2] in CIQ_CHAPTERS)


@pytest.fixture(scope="module")
def reference_data(
    reference_subset_dir: Path, django_db_setup: None, django_db_blocker: object
) -> Iterator[list[LoadResult]]:
    """The subset, loaded once for the module; rolled back when the module is done."""
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        yield load_reference_data(data_dir=reference_subset_dir, force=True)
        transaction.set_rollback(True)
