"""The list samples shipped in ``compliance/data/sanctions`` (SOURCES.md): what the demo
and the screening benchmark load. Stale snapshots, never a screening source."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from cloudcabin.compliance.lists.services import LoadResult, load_list
from cloudcabin.compliance.models.lists import ListSource

DATA = Path(__file__).resolve().parent.parent / "data" / "sanctions"

# (list, files, date): the date is the snapshot's (SOURCES.md) where the file has none.
SAMPLES: tuple[tuple[str, tuple[str, ...], date | None], ...] = (
    (
        ListSource.OFAC_SDN,
        ("ofac-sdn-2019/sdn.csv", "ofac-sdn-2019/add.csv", "ofac-sdn-2019/alt.csv"),
        date(2019, 1, 15),
    ),
    (
        ListSource.OFAC_NON_SDN,
        (
            "ofac-non-sdn-2025/cons_prim.csv",
            "ofac-non-sdn-2025/cons_add.csv",
            "ofac-non-sdn-2025/cons_alt.csv",
            "ofac-non-sdn-2025/cons_comments.csv",
        ),
        date(2025, 12, 19),
    ),
    (ListSource.US_CSL, ("us-csl/consolidated-sample-2025.csv",), date(2025, 6, 25)),
    (ListSource.UN, ("un/un-consolidated-subset-2026-02-27.xml",), None),
)


def read_files(paths: tuple[str, ...] | list[Path]) -> list[tuple[str, bytes]]:
    return [(Path(path).name, (DATA / path).read_bytes()) for path in paths]


def load_samples() -> list[tuple[str, LoadResult]]:
    """Load every sample as its list's version (a second run changes nothing)."""
    return [
        (source, load_list(source, read_files(paths), published=published))
        for source, paths, published in SAMPLES
    ]
