"""The organization's own confirmed lines: what it has declared before.

A line is *confirmed* when it stands in the frozen revision of one of the organization's
document packs that is currently issued (``DocumentPack.status == "issued"``): someone
issued documents declaring that description under that code. Lines still being edited,
and packs since superseded, do not count. Only the organization's own packs are read
(``for_org``), so another company's lines never influence nor show in its suggestions.

The lines are read from the packs' snapshots and kept in the process, per organization and
pack: one query per call lists the issued packs, and only a newly issued pack's snapshot is
read (a superseded one is dropped).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from threading import Lock
from typing import Any

from rapidfuzz import fuzz, process

from cloudcabin.accounts.models import Organization
from cloudcabin.compliance.hs.vocabulary import key as key_of
from cloudcabin.documents.models import DocumentPack, PackStatus

# How alike (rapidfuzz token-sort ratio, 0–100: word order ignored, a typo or a word more
# costs a little) another confirmed description must be to be offered after the exact
# ones. Not token-set: it rates "steel" 100 against "stainless steel bolts".
SIMILAR_AT_LEAST = 85
MAX_ORGANIZATIONS = 256


@dataclass(frozen=True)
class Confirmed:
    description: str  # as declared
    hs6: str
    national_code: str
    times: int  # issued packs declaring it
    last_issued: datetime
    exact: bool  # same normalised description as the query
    similarity: float  # 0–1


@dataclass(frozen=True)
class _Entry:
    key: str
    description: str
    hs6: str
    national_code: str
    times: int
    last_issued: datetime


PackKey = tuple[int, datetime]  # a pack's id and issue time (ids can be reused)
Line = tuple[str, str, str, str]  # key, description as declared, hs6, national code


@dataclass(frozen=True)
class _Memory:
    lines: dict[PackKey, list[Line]]  # per issued pack
    entries: list[_Entry]  # all packs' lines, tallied


_cache: dict[int, _Memory] = {}
_lock = Lock()


def _pack_lines(snapshot: dict[str, Any] | None) -> list[Line]:
    found: list[Line] = []
    for line in (snapshot or {}).get("lines", []):
        hs6 = str(line.get("hs_code") or "").strip()
        if not hs6:
            continue
        national = str(line.get("national_code") or "").strip()
        for text in (line.get("description_en"), line.get("description_zh")):
            key = key_of(str(text or ""))
            if key:
                found.append((key, str(text), hs6, national))
    return found


def _tally(lines: dict[PackKey, list[Line]]) -> list[_Entry]:
    seen: dict[tuple[str, str, str], _Entry] = {}
    for (_, issued_at), pack_lines in lines.items():
        for key, description, hs6, national in pack_lines:
            before = seen.get((key, hs6, national))
            seen[(key, hs6, national)] = _Entry(
                key=key,
                description=description,
                hs6=hs6,
                national_code=national,
                times=(before.times if before else 0) + 1,
                last_issued=max(issued_at, before.last_issued) if before else issued_at,
            )
    return list(seen.values())


def _entries(organization: Organization) -> list[_Entry]:
    """The organization's confirmed lines, tallied. One query finds the issued packs; only
    the snapshots of packs issued since the last call are read."""
    packs = DocumentPack.objects.for_org(organization).filter(status=PackStatus.ISSUED)
    current: set[PackKey] = set(packs.values_list("id", "issued_at"))
    cached = _cache.get(organization.pk)
    if cached is not None and set(cached.lines) == current:
        return cached.entries
    lines = {
        pack: found for pack, found in (cached.lines if cached else {}).items() if pack in current
    }
    new = {pack_id for pack_id, _ in current - set(lines)}
    for pack_id, issued_at, snapshot in packs.filter(id__in=new).values_list(
        "id", "issued_at", "revision__snapshot"
    ):
        lines[(pack_id, issued_at)] = _pack_lines(snapshot)
    memory = _Memory(lines=lines, entries=_tally(lines))
    with _lock:
        if len(_cache) >= MAX_ORGANIZATIONS:
            _cache.clear()
        _cache[organization.pk] = memory
    return memory.entries


def confirmed_for(organization: Organization, normalised: str, limit: int) -> list[Confirmed]:
    """The organization's confirmed codes for this description: the exact description
    first (most often declared, then most recent), then similar ones."""
    entries = _entries(organization)
    if not entries or not normalised:
        return []
    exact = [entry for entry in entries if entry.key == normalised]
    exact.sort(key=lambda entry: (-entry.times, -entry.last_issued.timestamp()))
    found = [_confirmed(entry, 1.0, exact=True) for entry in exact]
    others = [entry for entry in entries if entry.key != normalised]
    similar = process.extract(
        normalised,
        [entry.key for entry in others],
        scorer=fuzz.token_sort_ratio,
        score_cutoff=SIMILAR_AT_LEAST,
        limit=limit,
    )
    for _, score, position in similar:
        found.append(_confirmed(others[position], score / 100, exact=False))
    unique: dict[str, Confirmed] = {}
    for confirmed in found:
        unique.setdefault(confirmed.hs6, confirmed)
    return list(unique.values())[:limit]


def _confirmed(entry: _Entry, similarity: float, *, exact: bool) -> Confirmed:
    return Confirmed(
        description=entry.description,
        hs6=entry.hs6,
        national_code=entry.national_code,
        times=entry.times,
        last_issued=entry.last_issued,
        exact=exact,
        similarity=similarity,
    )
