"""Reference answers the declaration needs, fetched in a few queries per pack.

The code tables (about 8,000 rows over all tables) change only when an operator edits
them, so their names, and the codes that stand for a place, are kept per process and read
again when a table's row count or latest change moves (``reference.codes.table_state``,
probed once a request).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q

from cloudcabin.documents.data import CustomsNames, FilingLookups
from cloudcabin.documents.declaration.record import (
    CUSTOMS_DISTRICT,
    DESTINATION_PORT,
    DOMESTIC_PORT,
)
from cloudcabin.reference.codes import table_state
from cloudcabin.reference.models import CiqCode, CustomsCode, NationalCode
from cloudcabin.reference.selectors import code_tables

# The tables whose codes stand for a place (its UN/LOCODE in ``CustomsCode.locode``).
_PLACE_TABLES = (CUSTOMS_DISTRICT, DOMESTIC_PORT, DESTINATION_PORT)


@dataclass(frozen=True)
class _CustomsCopy:
    state: tuple[Any, ...]  # the code tables' state it was read at
    names: CustomsNames
    codes_at: dict[tuple[str, str], str]  # (place table, UN/LOCODE) → code


_copy: _CustomsCopy | None = None


def _customs_copy() -> _CustomsCopy:
    """Every customs code's Chinese name, and the code each place has in the place tables,
    read once per process and again when the code tables change."""
    global _copy
    state = table_state()  # the code tables' count and latest change, read once a request
    if _copy is None or _copy.state != state:
        names = CustomsNames()
        codes_at: dict[tuple[str, str], str] = {}
        for table, code, name, locode in CustomsCode.objects.values_list(
            "table", "code", "name_zh", "locode"
        ):
            names[table, code] = name
            if locode and table in _PLACE_TABLES:
                codes_at[table, locode] = code  # one per place and table (a constraint)
        # One assignment, so that another thread never pairs a new state with old rows.
        _copy = _CustomsCopy(state, names, codes_at)
    return _copy


def customs_names() -> CustomsNames:
    """(table, code) → Chinese name, for every row of every customs code table."""
    return _customs_copy().names


def filing_lookups(
    *, locodes: Iterable[str], national_codes: Iterable[str], place_names_zh: dict[str, str]
) -> FilingLookups:
    """What the declaration needs from the tables; ``place_names_zh`` are the Chinese
    names of the network's places among ``locodes`` (read once by the caller)."""
    locodes = {code for code in locodes if code}
    code8s = {code[:8] for code in national_codes if len(code) >= 8}
    codes_by_place = _customs_copy().codes_at
    codes_at = {
        (table, locode): codes_by_place[table, locode]
        for table in _PLACE_TABLES
        for locode in locodes
        if (table, locode) in codes_by_place
    }
    ten_digit: dict[str, list[str]] = defaultdict(list)
    ciq: dict[str, list[tuple[str, str]]] = defaultdict(list)
    # Each 8-digit code as a range of the indexed 10-digit column, in digits only (which
    # every collation orders alike): a SUBSTR(hs10) filter read the whole table.
    under = [Q(hs10__gte=f"{code8}00", hs10__lte=f"{code8}99") for code8 in sorted(code8s)]
    rows = (
        CiqCode.objects.filter(reduce(or_, under))
        .order_by("hs10", "ciq")
        .values_list("hs10", "ciq", "name_zh")
        if under
        else CiqCode.objects.none().values_list("hs10", "ciq", "name_zh")
    )
    for hs10, ciq_code, name in rows:
        if hs10 not in ten_digit[hs10[:8]]:
            ten_digit[hs10[:8]].append(hs10)
        ciq[hs10].append((ciq_code, name))
    return FilingLookups(
        codes_at=codes_at,
        place_names_zh=place_names_zh,
        legal_units={
            code: (first, second)
            for code, first, second in NationalCode.objects.filter(code__in=code8s).values_list(
                "code", "first_unit", "second_unit"
            )
        },
        ten_digit_codes=dict(ten_digit),
        ciq_codes=dict(ciq),
        unit_rec20={code: rec20 for code, rec20, _zh, _en in code_tables().unit_rows},
    )
