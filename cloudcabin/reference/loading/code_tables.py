"""The loaders of the small code tables: countries, currencies, containers, China customs
tables and units, CIQ codes, UN/LOCODE links, search synonyms, declared-elements templates.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pycountry
from django.utils import timezone

from cloudcabin.reference.loading.base import (
    Loaded,
    decimal_or_none,
    read_csv,
    upsert,
)
from cloudcabin.reference.models import (
    CiqCode,
    ContainerGroup,
    ContainerType,
    Country,
    Currency,
    CustomsCode,
    CustomsTable,
    CustomsUnit,
    DeclaredElementsTemplate,
    SearchSynonym,
)

# Known errors in the published container list, fixed on load (see data/SOURCES.md).
CONTAINER_CORRECTIONS: dict[str, dict[str, str]] = {"L5G1": {"height_ft": "9.5"}}
# A UN/LOCODE: country code, then three letters or digits 2-9.
LOCODE = re.compile(r"[A-Z]{2}[A-Z2-9]{3}")


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
        # locode belongs to the links file and the operator, not to the table's file.
        fields = ["name_zh", "name_en", "updated_at"]
        return upsert(CustomsCode, codes, unique_fields=["table", "code"], update_fields=fields)

    return load


def load_customs_units(files: tuple[Path, ...]) -> int:
    """Every Single Window unit; the declaration file's rows add English and Rec. 20."""
    mapped_path, full_path = files
    units = {
        row["code"].strip(): CustomsUnit(
            code=row["code"].strip(), name_zh=row["name_zh"].strip(), name_en=row["name_en"].strip()
        )
        for row in read_csv(full_path)
    }
    for row in read_csv(mapped_path):
        code = row["code"].strip()
        units[code] = CustomsUnit(
            code=code,
            name_zh=row["name_zh"].strip(),
            name_en=row["name_en"].strip(),
            unece_rec20=row["unece_rec20"].strip(),
        )
    return upsert(
        CustomsUnit, sorted(units.values(), key=lambda unit: unit.code), unique_fields=["code"]
    )


def load_ciq_codes(files: tuple[Path, ...]) -> int:
    codes = [
        CiqCode(
            hs10=row["hs_code_10"].strip(),
            ciq=row["ciq_code_3"].strip(),
            name_zh=row["name_zh"].strip(),
            version=row["version"].strip(),
            valid_flag=row["valid_flag"].strip(),
        )
        for row in read_csv(files[0])
    ]
    return upsert(CiqCode, codes, unique_fields=["hs10", "ciq"])


def _read_locode_links(path: Path) -> dict[tuple[str, str], str]:
    """(table, code) → locode from the curated file, refusing a file that breaks its rules."""
    links: dict[tuple[str, str], str] = {}
    places: set[tuple[str, str]] = set()
    for number, row in enumerate(read_csv(path), start=2):
        table, code, locode = (row[key].strip() for key in ("table", "code", "locode"))
        where = f"{path.name} line {number}"
        if table not in CustomsTable.values:
            raise ValueError(f"{where}: unknown table {table!r}")
        if not LOCODE.fullmatch(locode):
            raise ValueError(f"{where}: {locode!r} is not a UN/LOCODE")
        if (table, code) in links or (table, locode) in places:
            raise ValueError(f"{where}: {table} {code} or {locode} is linked twice")
        links[(table, code)] = locode
        places.add((table, locode))
    return links


def load_locode_links(files: tuple[Path, ...]) -> Loaded:
    """Set ``CustomsCode.locode`` from the links file; nothing else is written.

    The file's link wins over an operator's link of the same place to another code of
    the same table (that one is cleared, one code per place), and both are reported.
    """
    links = _read_locode_links(files[0])
    rows = {
        (row.table, row.code): row
        for row in CustomsCode.objects.filter(
            table__in={table for table, _ in links}, code__in={code for _, code in links}
        )
        if (row.table, row.code) in links
    }
    missing = sorted(f"{table} {code}" for table, code in links.keys() - rows.keys())
    places = {(table, links[(table, code)]) for table, code in rows}
    cleared = [
        row
        for row in CustomsCode.objects.filter(locode__in={locode for _, locode in places})
        if (row.table, row.locode) in places and links.get((row.table, row.code)) != row.locode
    ]
    changed = [row for key, row in rows.items() if row.locode != links[key]]
    now = timezone.now()  # bulk_update does not apply auto_now
    for row in cleared:
        row.locode, row.updated_at = "", now
    for row in changed:
        row.locode, row.updated_at = links[(row.table, row.code)], now
    # Cleared first: a place must be free before the file's code takes it.
    CustomsCode.objects.bulk_update(cleared, ["locode", "updated_at"])
    CustomsCode.objects.bulk_update(changed, ["locode", "updated_at"])
    notes = []
    if missing:
        notes.append(f"{len(missing)} linked codes not in the tables: {', '.join(missing)}")
    if cleared:
        unlinked = ", ".join(f"{row.table} {row.code}" for row in cleared)
        notes.append(f"{len(cleared)} operator links replaced: {unlinked}")
    return Loaded(len(rows), "; ".join(notes)[:500])


def load_synonyms(files: tuple[Path, ...]) -> int:
    synonyms = [
        SearchSynonym(
            term=row["term"].strip(),
            expansion=row["expansion"].strip(),
            language=row["language"].strip(),
            note=row["note"].strip(),
        )
        for row in read_csv(files[0])
        if row["term"].strip()
    ]
    # is_active is the operator's switch: a reload must not turn a synonym back on.
    fields = ["language", "note", "updated_at"]
    return upsert(
        SearchSynonym, synonyms, unique_fields=["term", "expansion"], update_fields=fields
    )


def load_declared_elements(files: tuple[Path, ...]) -> int:
    templates = [
        DeclaredElementsTemplate(
            prefix=row["prefix"].strip(),
            elements_zh="\n".join(name.strip() for name in row["elements_zh"].split("|")),
            elements_en="\n".join(name.strip() for name in row["elements_en"].split("|")),
            source=row["source"].strip()[:300],
        )
        for row in read_csv(files[0])
        if row["prefix"].strip()
    ]
    return upsert(DeclaredElementsTemplate, templates, unique_fields=["prefix"])
