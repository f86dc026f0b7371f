"""Loading the seed goods rules from ``compliance/data/goods`` (idempotent).

``rules.csv`` holds one row per rule, or per family of rules: a row whose ``hs`` is
``CHP`` stands for one rule per code of the Common High Priority Items List
(``eu-common-high-priority-hs6.csv``), keyed ``<row key>-<hs6>``. Loading twice changes
nothing; a changed file updates the rows of the same key, and a seed rule no longer in
the files is deleted. A rule an operator added or edited in the admin has no seed file
(the admin clears it on save) and is left alone.
A malformed file is refused as a whole: nothing is written.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from cloudcabin.compliance.models.goods import GoodsRule
from cloudcabin.errors import ProblemError

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "goods"
RULES_FILE = "rules.csv"
CHP_FILE = "eu-common-high-priority-hs6.csv"
FIELDS = (
    "hs_prefix", "regime", "list_ref", "predicate", "effect", "summary_en", "summary_zh",
    "legal_ref", "source_url", "valid_from", "valid_to", "seed",
)  # fmt: skip


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int
    kept: int  # seed keys an operator edited: left as they are
    deleted: int


def _refused(file: str, detail: str) -> ProblemError:
    return ProblemError.of("GOODS_SEED_INVALID", path=file, file=file, detail=detail)


def _read(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise _refused(path.name, str(exc)) from exc


def _chp_codes(data_dir: Path) -> list[tuple[str, str]]:
    """(hs6, tier) of every item of the list, in file order."""
    rows = _read(data_dir / CHP_FILE)
    codes = [(row.get("hs6") or "", row.get("tier") or "") for row in rows]
    wrong = [code for code, _tier in codes if not re.fullmatch(r"[0-9]{6}", code)]
    if wrong or not codes:
        raise _refused(CHP_FILE, f"not 6-digit codes: {', '.join(wrong) or 'none'}")
    return codes


def seed_rules(data_dir: Path = DATA_DIR) -> list[GoodsRule]:
    """The rules the seed files describe, validated, not saved."""
    chp = _chp_codes(data_dir)
    rules: list[GoodsRule] = []
    for number, row in enumerate(_read(data_dir / RULES_FILE), start=2):
        try:
            fields: dict[str, Any] = {
                "regime": row["regime"],
                "predicate": json.loads(row["predicate"] or "{}"),
                "effect": row["effect"],
                "summary_en": row["summary_en"],
                "summary_zh": row["summary_zh"],
                "legal_ref": row["legal_ref"],
                "source_url": row["source_url"],
                "valid_from": date.fromisoformat(row["valid_from"]),
                "valid_to": date.fromisoformat(row["valid_to"]) if row["valid_to"] else None,
                "seed": RULES_FILE,
            }
            family = (
                [(f"{row['key']}-{code}", code, f"{row['list_ref']}, CHPL tier {tier}")
                 for code, tier in chp]
                if row["hs"] == "CHP"
                else [(row["key"], row["hs"], row["list_ref"])]
            )  # fmt: skip
        except (KeyError, TypeError, ValueError) as exc:
            raise _refused(RULES_FILE, f"row {number}: {exc}") from exc
        for key, prefix, list_ref in family:
            rule = GoodsRule(key=key, hs_prefix=prefix, list_ref=list_ref, **fields)
            try:
                rule.full_clean(validate_unique=False)
            except ValidationError as exc:
                raise _refused(RULES_FILE, f"row {number}: {exc.message_dict}") from exc
            rules.append(rule)
    keys = [rule.key for rule in rules]
    if len(set(keys)) != len(keys):
        raise _refused(RULES_FILE, "a key is used twice")
    return rules


@transaction.atomic
def load_goods_rules(data_dir: Path = DATA_DIR) -> LoadResult:
    wanted = {rule.key: rule for rule in seed_rules(data_dir)}
    stored = {rule.key: rule for rule in GoodsRule.objects.select_for_update()}
    created = updated = unchanged = kept = 0
    for key, rule in wanted.items():
        current = stored.get(key)
        if current is None:
            rule.save()
            created += 1
        elif current.seed != RULES_FILE:
            kept += 1  # an operator took the rule over in the admin: theirs now
        elif any(getattr(current, name) != getattr(rule, name) for name in FIELDS):
            for name in FIELDS:
                setattr(current, name, getattr(rule, name))
            current.save()
            updated += 1
        else:
            unchanged += 1
    gone = [key for key, rule in stored.items() if rule.seed == RULES_FILE and key not in wanted]
    deleted, _by_model = GoodsRule.objects.filter(key__in=gone).delete()
    return LoadResult(created, updated, unchanged, kept, deleted)
