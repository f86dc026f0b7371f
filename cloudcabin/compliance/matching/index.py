"""The in-memory index of the current lists' names and identifiers.

Built once per set of current list versions and kept in the process: a screening asks
the database only which versions are current (one small query) and rebuilds the index
when that set has changed, never per request. Loading a version also drops it at once
(``compliance.signals``).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from cloudcabin.compliance.matching.normalize import compact_key, name_key
from cloudcabin.compliance.models.lists import (
    ListedEntity,
    ListedIdentifier,
    ListedName,
    ListVersion,
    NameQuality,
)

# Tokens too common to pick candidates by (an inverted-index entry of more names is skipped).
COMMON_TOKEN_NAMES = 150
STOPWORDS = frozenset({"and", "of", "the", "de", "la", "for", "du", "des", "al", "el", "i", "y"})


@dataclass
class NameIndex:
    versions: tuple[tuple[int, datetime], ...]
    keys: list[str] = field(default_factory=list)  # one per listed name, tokens sorted
    compacts: list[str] = field(default_factory=list)  # the same, in order, no spaces
    texts: list[str] = field(default_factory=list)
    owners: list[int] = field(default_factory=list)  # the entity of each name
    weak: list[bool] = field(default_factory=list)
    exact: dict[str, list[int]] = field(default_factory=dict)  # key → name positions
    compact_exact: dict[str, list[int]] = field(default_factory=dict)  # compact → positions
    # the distinct keys sorted by length, and their lengths: a query compares only the keys
    # whose length allows a score of 0.70 (Indel: |a - b| <= 0.3 (a + b))
    by_length: list[str] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)
    tokens: dict[str, list[int]] = field(default_factory=dict)  # token → name positions
    entity_version: dict[int, int] = field(default_factory=dict)
    entity_countries: dict[int, frozenset[str]] = field(default_factory=dict)
    # identifier key → [(entity, scheme, value as listed)]
    identifiers: dict[str, list[tuple[int, str, str]]] = field(default_factory=dict)


_lock = threading.Lock()
_index: NameIndex | None = None


def current_versions() -> tuple[tuple[int, datetime], ...]:
    """The current versions as (id, loaded at): a version's entries never change once it is
    loaded, and the time tells apart a version and a later one that reuses its id."""
    return tuple(
        ListVersion.objects.filter(is_current=True).order_by("id").values_list("id", "loaded_at")
    )


def current_index() -> NameIndex:
    """The index of the current versions, rebuilt only when that set has changed."""
    global _index
    versions = current_versions()
    with _lock:
        if _index is None or _index.versions != versions:
            _index = build_index(versions)
        return _index


def forget_index() -> None:
    """Drop the index (a version was loaded); the next screening rebuilds it."""
    global _index
    with _lock:
        _index = None


def build_index(versions: tuple[tuple[int, datetime], ...]) -> NameIndex:
    index = NameIndex(versions=versions)
    version_ids = [version_id for version_id, _loaded in versions]
    entities = ListedEntity.objects.filter(version_id__in=version_ids).values_list(
        "id", "version_id", "addresses", "nationalities"
    )
    for entity_id, version_id, addresses, nationalities in entities.iterator(chunk_size=5000):
        index.entity_version[entity_id] = version_id
        countries = {str(a.get("country", "")).upper() for a in addresses if a.get("country")}
        countries.update(str(n).upper() for n in nationalities if len(str(n)) == 2)
        index.entity_countries[entity_id] = frozenset(countries)
    exact: defaultdict[str, list[int]] = defaultdict(list)
    compact_exact: defaultdict[str, list[int]] = defaultdict(list)
    tokens: defaultdict[str, list[int]] = defaultdict(list)
    names = ListedName.objects.filter(entity__version_id__in=version_ids).values_list(
        "entity_id", "text", "quality"
    )
    for entity_id, text, quality in names.iterator(chunk_size=5000):
        key = name_key(text)
        if not key:
            continue
        position = len(index.keys)
        index.keys.append(key)
        compact = compact_key(text)
        index.compacts.append(compact)
        compact_exact[compact].append(position)
        index.texts.append(text)
        index.owners.append(entity_id)
        index.weak.append(quality == NameQuality.WEAK)
        exact[key].append(position)
        for token in set(key.split()):
            if len(token) >= 3 and token not in STOPWORDS:
                tokens[token].append(position)
    index.exact = dict(exact)
    index.compact_exact = dict(compact_exact)
    index.by_length = sorted(exact, key=len)
    index.lengths = [len(key) for key in index.by_length]
    index.tokens = {
        token: positions
        for token, positions in tokens.items()
        if len(positions) <= COMMON_TOKEN_NAMES
    }
    identifiers: defaultdict[str, list[tuple[int, str, str]]] = defaultdict(list)
    rows = ListedIdentifier.objects.filter(entity__version_id__in=version_ids).values_list(
        "entity_id", "scheme", "value", "normalized"
    )
    for entity_id, scheme, value, normalized in rows.iterator(chunk_size=5000):
        if normalized:
            identifiers[normalized].append((entity_id, scheme, value))
    index.identifiers = dict(identifiers)
    return index
