"""The ICS2 codes the rail ENS uses, read once from ``reference/data/eu/``.

A small cached loader, not reference tables: a later issue moves the EU code lists into
the reference app. ``ens-code-choices.csv`` says for every code we emit which list it
comes from and whether a source confirmed it; most ICS2 code lists (CL708, CL709, CL711,
CL729, CL742, CL750, CL751, CL116) were not available to us (see the README).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

EU_DATA = Path(__file__).resolve().parents[2] / "reference" / "data" / "eu"


@dataclass(frozen=True)
class CodeChoice:
    code_list: str
    element: str
    code: str
    meaning: str
    status: str  # confirmed, corroborated or unconfirmed


def _rows(name: str) -> list[dict[str, str]]:
    with (EU_DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def code_choices() -> tuple[CodeChoice, ...]:
    return tuple(
        CodeChoice(row["code_list"], row["element"], row["code"], row["meaning"], row["status"])
        for row in _rows("ens-code-choices.csv")
    )


def chosen(code_list: str, meaning: str) -> str:
    """The code of ``code_list`` we use for ``meaning`` (a row of ens-code-choices.csv)."""
    for choice in code_choices():
        if choice.code_list == code_list and choice.meaning == meaning:
            return choice.code
    raise KeyError(f"{code_list}: {meaning}")


@cache
def transport_document_types() -> dict[str, str]:
    """CL754 as far as we have it: code → description (15 codes)."""
    return {
        row["code"]: row["description"]
        for row in _rows("eu-ics2-cl754-transport-document-types.csv")
    }


@cache
def entry_offices() -> dict[str, str]:
    """UN/LOCODE of an EU border place → the reference number of its office of first entry.

    Our curation (``ens-entry-offices.csv``) over the offices listed in
    ``eu-customs-offices-entry.csv``; a link to an office missing there is an error.
    """
    listed = {row["office_ref"] for row in _rows("eu-customs-offices-entry.csv")}
    links = {row["locode"]: row["office_ref"] for row in _rows("ens-entry-offices.csv")}
    unknown = sorted(set(links.values()) - listed)
    if unknown:
        raise ValueError(f"ens-entry-offices.csv links offices not listed: {unknown}")
    return links


@cache
def office_names() -> dict[str, str]:
    return {
        row["office_ref"]: row["name_as_listed"] for row in _rows("eu-customs-offices-entry.csv")
    }


# CL754: the CIM consignment note, also for the common CIM/SMGS note (the CargoWise list
# names N720 "Consignment note CIM"; no source read names the CIM/SMGS note itself).
CIM_NOTE = "N720"
