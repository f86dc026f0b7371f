"""The HS nomenclature (sections, codes) and China's national tariff, with the search text."""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

from cloudcabin.reference.loading.base import Loaded, read_csv, upsert
from cloudcabin.reference.models import (
    CiqCode,
    CustomsUnit,
    HsCode,
    HsSection,
    NationalCode,
)
from cloudcabin.reference.text import normalise

# Comtrade statistical artefacts in hs2022.csv: not HS codes.
HS_DROPPED_CHAPTER = "99"
HS_TOTAL_ROW = "TOTAL"

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
