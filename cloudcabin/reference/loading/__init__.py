"""Load the reference files in ``data/`` into the database: idempotent upserts by natural key.

Each dataset is one source (a file or a few files read together). A dataset whose
sha256 matches its ``ReferenceDataset`` row is skipped; otherwise its rows are upserted
in batches inside one transaction. Nothing is ever deleted, so rows an operator added in
the admin stay.

The orchestration is here; ``base`` has the shared helpers, ``code_tables`` the small
code tables, ``tariff`` the HS and China tariff, ``locations`` UN/LOCODE.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cloudcabin.reference.loading.base import Dataset, Loaded, LoadResult, sha256_of
from cloudcabin.reference.loading.code_tables import (
    customs_table_loader,
    load_ciq_codes,
    load_containers,
    load_countries,
    load_currencies,
    load_customs_units,
    load_declared_elements,
    load_locode_links,
    load_synonyms,
    pycountry_files,
)
from cloudcabin.reference.loading.locations import load_locations
from cloudcabin.reference.loading.tariff import (
    load_hs_codes,
    load_hs_sections,
    load_national_codes,
    rebuild_hs_search_text,
)
from cloudcabin.reference.models import CustomsTable, ReferenceDataset

CUSTOMS_TABLE_FILES: dict[str, str] = {
    CustomsTable.TRANSPORT_MODE: "transport-modes.csv",
    CustomsTable.SUPERVISION_MODE: "supervision-modes.csv",
    CustomsTable.LEVY_NATURE: "levy-natures.csv",
    CustomsTable.TRANSACTION_MODE: "transaction-modes.csv",
    CustomsTable.PACKAGING_TYPE: "packaging-types.csv",
    CustomsTable.CONTAINER_SPEC: "container-specs.csv",
}
CUSTOMS_DIR = "cn-customs/declaration"
# The China Single Window parameter tables (full tables, 2019; see data/SOURCES.md).
SINGLE_WINDOW_TABLE_FILES: dict[str, str] = {
    CustomsTable.CUSTOMS_DISTRICT: "cn-customs-districts.csv",
    CustomsTable.DOMESTIC_PORT: "cn-domestic-ports.csv",
    CustomsTable.DOMESTIC_REGION: "cn-domestic-regions.csv",
    CustomsTable.ADMIN_DIVISION: "cn-admin-divisions.csv",
    CustomsTable.DUTY_MODE: "cn-duty-mode.csv",
    CustomsTable.LICENCE_DOCUMENT: "cn-docu-code.csv",
    CustomsTable.EDOC: "cn-edoc-code.csv",
    CustomsTable.DESTINATION_PORT: "cn-ports-distinateport-europe-asia-subset.csv",
    CustomsTable.PURPOSE: "cn-purpose.csv",
}
SINGLE_WINDOW_DIR = "cn-customs/single-window"
LOCODE_LINKS_FILE = "locode-links.csv"
CIQ_FILE = "cn-ciq-codes-ch84-85-87-94-95.csv"
DECLARED_ELEMENTS_FILE = "declared-elements.csv"  # in cn-customs/

# --- orchestration ---------------------------------------------------------------------


def datasets(data_dir: Path | None = None) -> list[Dataset]:
    base = Path(data_dir or settings.REFERENCE_DATA_DIR)
    customs = base / CUSTOMS_DIR
    single_window = base / SINGLE_WINDOW_DIR
    unit_files = (customs / "units.csv", single_window / "cn-units.csv")
    found = [
        Dataset("hs-sections", (base / "hs/hs2022-sections.csv",), load_hs_sections),
        Dataset("hs-codes", (base / "hs/hs2022.csv",), load_hs_codes),
        # Before the national codes, whose legal unit names resolve against it.
        Dataset("cn-customs-units", unit_files, load_customs_units),
        Dataset(
            "cn-national-codes", (base / "hs/cn-hs8-2023.csv", *unit_files), load_national_codes
        ),
        Dataset("countries", pycountry_files("iso3166-1"), load_countries),
        Dataset("currencies", pycountry_files("iso4217"), load_currencies),
        Dataset(
            "unlocode",
            (base / "unlocode/code-list.csv", base / "unlocode/names-zh.csv"),
            load_locations,
        ),
        Dataset(
            "container-types",
            (
                base / "containers/iso6346-size-type-groups.csv",
                base / "containers/iso6346-size-type-codes-with-teu.csv",
                base / "containers/container-typical-specs.csv",
            ),
            load_containers,
        ),
    ]
    tables = [
        *((table, customs / name) for table, name in CUSTOMS_TABLE_FILES.items()),
        *((table, single_window / name) for table, name in SINGLE_WINDOW_TABLE_FILES.items()),
    ]
    found += [
        Dataset(f"cn-customs-{table.replace('_', '-')}", (path,), customs_table_loader(table))
        for table, path in tables
    ]
    linked = tuple(single_window / name for name in SINGLE_WINDOW_TABLE_FILES.values())
    found += [
        # After the tables; their files are hashed too, so a reloaded table is linked again.
        Dataset(
            "cn-customs-locode-links",
            (single_window / LOCODE_LINKS_FILE, *linked),
            load_locode_links,
        ),
        Dataset("cn-ciq-codes", (single_window / CIQ_FILE,), load_ciq_codes),
        # Derived from the codes, national codes and CIQ names above; its own row so that a
        # failed run is finished later.
        Dataset(
            "hs-search-text",
            (base / "hs/hs2022.csv", base / "hs/cn-hs8-2023.csv", single_window / CIQ_FILE),
            lambda files: rebuild_hs_search_text(),
        ),
        Dataset("search-synonyms", (base / "search-synonyms.csv",), load_synonyms),
        Dataset(
            "cn-declared-elements",
            (customs.parent / DECLARED_ELEMENTS_FILE,),
            load_declared_elements,
        ),
    ]
    return found


def _source_label(files: Sequence[Path], base: Path) -> str:
    labels = []
    for path in files:
        try:
            labels.append(str(path.relative_to(base)))
        except ValueError:
            labels.append(f"pycountry:{path.name}")
    return ", ".join(labels)[:300]


def load_dataset(dataset: Dataset, *, force: bool = False, base: Path | None = None) -> LoadResult:
    started = time.perf_counter()
    digest = sha256_of(dataset.files)
    previous = ReferenceDataset.objects.filter(name=dataset.name).first()
    if not force and previous is not None and previous.sha256 == digest:
        return LoadResult(
            dataset.name, previous.row_count, time.perf_counter() - started, True, previous.note
        )
    with transaction.atomic():
        outcome = dataset.load(dataset.files)
        loaded = outcome if isinstance(outcome, Loaded) else Loaded(outcome)
        seconds = time.perf_counter() - started
        ReferenceDataset.objects.update_or_create(
            name=dataset.name,
            defaults={
                "source": _source_label(dataset.files, base or Path(settings.REFERENCE_DATA_DIR)),
                "sha256": digest,
                "row_count": loaded.rows,
                "note": loaded.note,
                "duration_ms": int(seconds * 1000),
                "loaded_at": timezone.now(),
            },
        )
    return LoadResult(dataset.name, loaded.rows, time.perf_counter() - started, False, loaded.note)


def load_reference_data(
    *, data_dir: Path | None = None, force: bool = False, only: Sequence[str] = ()
) -> list[LoadResult]:
    """Load every dataset (or those named in ``only``); returns one result per step."""
    base = Path(data_dir or settings.REFERENCE_DATA_DIR)
    return [
        load_dataset(dataset, force=force, base=base)
        for dataset in datasets(base)
        if not only or dataset.name in only
    ]
