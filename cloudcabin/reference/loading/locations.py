"""UN/LOCODE places with their Chinese names and pinyin."""

from __future__ import annotations

from pathlib import Path

from cloudcabin.reference.loading.base import decimal_or_none, read_csv, upsert
from cloudcabin.reference.models import (
    Location,
)
from cloudcabin.reference.text import location_search_name

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
