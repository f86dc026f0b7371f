"""Load the reference files in ``data/`` into the database: idempotent upserts by natural key.

Each dataset is one source (a file or a few files read together). A dataset whose
sha256 matches its ``ReferenceDataset`` row is skipped; otherwise its rows are upserted
in batches inside one transaction. Nothing is ever deleted, so rows an operator added in
the admin stay.
"""

from __future__ import annotations

import time
import unicodedata
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cloudcabin.reference.loading import (
    Dataset,
    Loaded,
    LoadResult,
    customs_table_loader,
    decimal_or_none,
    load_ciq_codes,
    load_containers,
    load_countries,
    load_currencies,
    load_customs_units,
    load_declared_elements,
    load_locode_links,
    load_synonyms,
    pycountry_files,
    read_csv,
    sha256_of,
    upsert,
)
from cloudcabin.reference.models import (
    CiqCode,
    CustomsTable,
    CustomsUnit,
    HsCode,
    HsSection,
    Location,
    NationalCode,
    ReferenceDataset,
)
from cloudcabin.reference.text import location_search_name, normalise

# Comtrade statistical artefacts in hs2022.csv: not HS codes.
HS_DROPPED_CHAPTER = "99"
HS_TOTAL_ROW = "TOTAL"

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
# Tariff legal-unit names spelt differently from the unit table's name_zh (after NFKC,
# which folds full-width forms). None in the 2023 tariff; add one here if a new tariff
# brings one, rather than editing either data file.
UNIT_NAME_ALIASES: dict[str, str] = {}

ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def roman_to_int(roman: str) -> int:
    total = 0
    for index, char in enumerate(roman):
        value = ROMAN[char]
        following = ROMAN[roman[index + 1]] if index + 1 < len(roman) else 0
        total += -value if value < following else value
    return total


# --- HS ------------------------------------------------------------------------------


def load_hs_sections(files: tuple[Path, ...]) -> int:
    sections = []
    for row in read_csv(files[0]):
        name = row["name"].strip()
        sections.append(
            HsSection(
                roman=row["section"].strip(),
                number=roman_to_int(row["section"].strip()),
                name=name[:1].upper() + name[1:],
            )
        )
    return upsert(HsSection, sections, unique_fields=["roman"])


def is_statistical_hs_row(code: str) -> bool:
    return code == HS_TOTAL_ROW or code.startswith(HS_DROPPED_CHAPTER)


def load_hs_codes(files: tuple[Path, ...]) -> int:
    codes = []
    for row in read_csv(files[0]):
        code = row["hscode"].strip()
        if is_statistical_hs_row(code):
            continue
        parent = row["parent"].strip()
        codes.append(
            HsCode(
                code=code,
                level=len(code),
                description=row["description"].strip(),
                parent_id=None if parent == HS_TOTAL_ROW else parent,
                section_id=row["section"].strip(),
            )
        )
    codes.sort(key=lambda hs: (hs.level, hs.code))
    # search_text is rebuilt by rebuild_hs_search_text(), so leave it alone here.
    fields = ["level", "description", "parent", "section", "updated_at"]
    return upsert(HsCode, codes, unique_fields=["code"], update_fields=fields)


def _unit_key(name: str) -> str:
    key = unicodedata.normalize("NFKC", name).strip()
    return UNIT_NAME_ALIASES.get(key, key)


def load_national_codes(files: tuple[Path, ...]) -> Loaded:
    """The 8-digit codes, their legal units resolved to declaration unit codes by name.

    Reads the ``CustomsUnit`` rows, so the units dataset loads first; the unit files are
    part of this dataset, so a change there resolves the names again.
    """
    known_hs6 = set(HsCode.objects.filter(level=6).values_list("code", flat=True))
    unit_codes = {
        _unit_key(name): code for code, name in CustomsUnit.objects.values_list("code", "name_zh")
    }
    unresolved: Counter[str] = Counter()

    def resolve(name: str) -> str:
        if not name:
            return ""
        code = unit_codes.get(_unit_key(name), "")
        if not code:
            unresolved[name] += 1
        return code

    codes = []
    for row in read_csv(files[0]):
        code = row["code"].strip()
        unit1, unit2 = row["unit1_zh"].strip(), row["unit2_zh"].strip()
        codes.append(
            NationalCode(
                code=code,
                name_zh=row["name_zh"].strip(),
                name_en=row["name_en"].strip(),
                hs6_id=code[:6] if code[:6] in known_hs6 else None,
                unit1_code=row["unit1_code"].strip(),
                unit1_name_zh=unit1,
                unit1_name_en=row["unit1_en"].strip(),
                unit2_code=row["unit2_code"].strip(),
                unit2_name_zh=unit2,
                unit2_name_en=row["unit2_en"].strip(),
                first_unit=resolve(unit1),
                second_unit=resolve(unit2),
            )
        )
    rows = upsert(NationalCode, codes, unique_fields=["code"])
    listed = ", ".join(f"{name} ×{count}" for name, count in unresolved.most_common())
    note = f"legal unit names not resolved: {len(unresolved)}" + (f" ({listed})" if listed else "")
    return Loaded(rows, note[:500])


def rebuild_hs_search_text() -> int:
    """Recompute every HsCode.search_text from the rows now in the database."""
    national: dict[str, list[str]] = {}
    for code, name_en, name_zh in NationalCode.objects.values_list("code", "name_en", "name_zh"):
        for prefix in (code[:4], code[:6]):
            national.setdefault(prefix, []).append(f"{name_en} {name_zh}")
    # The 10-digit codes' inspection names are China's own words for the goods too
    # (8708309911 纯电动或混合动力汽车用电动制动器): one line each, without repeats.
    for hs10, name_zh in CiqCode.objects.values_list("hs10", "name_zh").distinct():
        for prefix in (hs10[:4], hs10[:6]):
            national.setdefault(prefix, []).append(name_zh)
    rows = list(
        HsCode.objects.values_list("id", "code", "level", "description", "parent_id", "section_id")
    )
    descriptions = {code: description for _, code, _, description, _, _ in rows}
    updated = [
        HsCode(
            id=pk,
            code=code,
            level=level,
            description=description,
            parent_id=parent,
            section_id=section,
            search_text="\n".join(
                (
                    normalise(description),
                    normalise(" ".join(national.get(code, []))) if level > 2 else "",
                    normalise(descriptions.get(str(parent or ""), "")),
                )
            ),
        )
        for pk, code, level, description, parent, section in rows
    ]
    return upsert(HsCode, updated, unique_fields=["code"], update_fields=["search_text"])


# --- UN/LOCODE -------------------------------------------------------------------------


def load_locations(files: tuple[Path, ...]) -> int:
    """UN/LOCODE (``files[0]``) with the Chinese names and pinyin of ``files[1]``."""
    by_code: dict[str, Location] = {}
    for row in read_csv(files[0]):
        locode = row["unlocode"].strip()
        if not locode:  # "=" cross-references and country headings
            continue
        name = row["name"].strip()
        seen = by_code.get(locode)
        if seen is not None:  # the same place listed again under another spelling
            names = [n for n in seen.alternative_names.split(" / ") if n]
            seen.alternative_names = " / ".join([*names, name])
            continue
        by_code[locode] = Location(
            locode=locode,
            country=row["country"].strip(),
            name=name,
            name_ascii=row["name_wo_diacritics"].strip(),
            subdivision=row["subdivision"].strip(),
            function=row["function"].strip(),
            status=row["status"].strip(),
            iata=row["iata"].strip(),
            latitude=decimal_or_none(row["latitude"]),
            longitude=decimal_or_none(row["longitude"]),
            remarks=row["remarks"].strip(),
        )
    for row in read_csv(files[1]):
        place = by_code.get(row["locode"].strip())
        if place is not None:
            place.name_zh = row["name_zh"].strip()
            place.pinyin = row["pinyin"].strip()
    for place in by_code.values():
        place.search_name = location_search_name(place.search_names())
    return upsert(Location, by_code.values(), unique_fields=["locode"])


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
