"""The organization's own confirmed lines: what it has declared before.

A line is *confirmed* when it stands in the frozen revision of one of the organization's
document packs that is currently issued (``DocumentPack.status == "issued"``): someone
issued documents declaring that description under that code. Lines still being edited,
and packs since superseded, do not count. Only the organization's own packs are read
(``for_org``), so another company's lines never influence nor show in its suggestions.

The lines are read from the packs' snapshots once per (organization, issued packs) and
kept in the process; one small query per call finds out whether a pack was issued since.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from threading import Lock

from django.db.models import Count, Max
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


_cache: dict[int, tuple[tuple[object, ...], list[_Entry]]] = {}
_lock = Lock()


def _entries(organization: Organization) -> list[_Entry]:
    packs = DocumentPack.objects.for_org(organization).filter(status=PackStatus.ISSUED)
    version = tuple(packs.aggregate(n=Count("id"), last=Max("id"), at=Max("issued_at")).values())
    cached = _cache.get(organization.pk)
    if cached is not None and cached[0] == version:
        return cached[1]
    seen: dict[tuple[str, str, str], _Entry] = {}
    for issued_at, snapshot in packs.values_list("issued_at", "revision__snapshot"):
        for line in (snapshot or {}).get("lines", []):
            hs6 = str(line.get("hs_code") or "").strip()
            if not hs6:
                continue
            national = str(line.get("national_code") or "").strip()
            for text in (line.get("description_en"), line.get("description_zh")):
                key = key_of(str(text or ""))
                if not key:
                    continue
                before = seen.get((key, hs6, national))
                seen[(key, hs6, national)] = _Entry(
                    key=key,
                    description=str(text),
                    hs6=hs6,
                    national_code=national,
                    times=(before.times if before else 0) + 1,
                    last_issued=max(issued_at, before.last_issued) if before else issued_at,
                )
    entries = list(seen.values())
    with _lock:
        if len(_cache) >= MAX_ORGANIZATIONS:
            _cache.clear()
        _cache[organization.pk] = (version, entries)
    return entries


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
