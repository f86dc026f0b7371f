"""Reference answers the declaration needs, fetched in a few queries per pack.

The code tables (about 8,000 rows over all tables) change only when an operator edits
them, so their names are cached per process and re-read when a table's row count or
latest change moves (``reference.codes.table_state``, probed once a request).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.db.models import Q

from cloudcabin.documents.data import FilingLookups
from cloudcabin.documents.declaration.record import (
    CUSTOMS_DISTRICT,
    DESTINATION_PORT,
    DOMESTIC_PORT,
)
from cloudcabin.reference.codes import table_state
from cloudcabin.reference.models import CiqCode, CustomsCode, NationalCode
from cloudcabin.reference.selectors import code_tables

_names_cache: dict[str, object] = {}


def customs_names() -> dict[tuple[str, str], str]:
    """(table, code) → Chinese name, for every row of every customs code table."""
    key = table_state()  # the code tables' count and latest change, read once a request
    if _names_cache.get("key") != key:
        _names_cache["names"] = {
            (table, code): name
            for table, code, name in CustomsCode.objects.values_list("table", "code", "name_zh")
        }
        _names_cache["key"] = key
    names = _names_cache["names"]
    assert isinstance(names, dict)
    return names


def filing_lookups(
    *, locodes: Iterable[str], national_codes: Iterable[str], place_names_zh: dict[str, str]
) -> FilingLookups:
    """What the declaration needs from the tables; ``place_names_zh`` are the Chinese
    names of the network's places among ``locodes`` (read once by the caller)."""
    locodes = {code for code in locodes if code}
    code8s = {code[:8] for code in national_codes if len(code) >= 8}
    codes_at = {
        (table, locode): code
        for table, locode, code in CustomsCode.objects.filter(
            table__in=[CUSTOMS_DISTRICT, DOMESTIC_PORT, DESTINATION_PORT], locode__in=locodes
        )
        .order_by("table", "locode", "code")
        .values_list("table", "locode", "code")
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
