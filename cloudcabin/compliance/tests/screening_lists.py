"""Tiny sanctions lists for the screening tests, written as rows the way a loader would
(current version switched, matching keys from the engine's own normaliser), and the
``list_version_loaded`` signal sent as the loader sends it on commit."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from cloudcabin.compliance.matching import identifier_key, name_key
from cloudcabin.compliance.models import (
    ListedEntity,
    ListedIdentifier,
    ListedName,
    ListSource,
    ListVersion,
)
from cloudcabin.compliance.signals import list_version_loaded


@dataclass
class Entry:
    ref: str
    name: str
    aliases: tuple[str, ...] = ()
    identifiers: tuple[tuple[str, str], ...] = ()
    legal_refs: list[str] = field(default_factory=lambda: ["EO 14024"])
    programmes: list[str] = field(default_factory=lambda: ["RUSSIA-EO14024"])
    country: str = "RU"


LISTED_BANK = Entry(
    ref="36310",
    name="Volga Kama Industrial Bank",
    identifiers=(("INN", "7702070139"),),
    legal_refs=["EO 14024", "86 FR 20249"],
)
LISTED_TRADER = Entry(
    ref="41999",
    name="Lodz Zeglarska Import",
    legal_refs=["Council Regulation (EU) No 269/2014, Annex I"],
    programmes=["RUS"],
    country="PL",
)


@transaction.atomic
def add_version(
    entries: list[Entry],
    *,
    source: str = ListSource.OFAC_SDN,
    published: date = date(2026, 11, 20),
) -> ListVersion:
    """Rows of a new current version of ``source`` (no signal: see ``load``)."""
    digest = hashlib.sha256(repr((source, published, entries)).encode()).hexdigest()
    ListVersion.objects.filter(source=source, is_current=True).update(is_current=False)
    version = ListVersion.objects.create(
        source=source,
        published=published,
        sha256=digest,
        entry_count=len(entries),
        file_name="sample.csv",
        is_current=True,
    )
    for entry in entries:
        entity = ListedEntity.objects.create(
            version=version,
            source_id=entry.ref,
            kind="organization",
            primary_name=entry.name,
            programmes=entry.programmes,
            legal_refs=entry.legal_refs,
            addresses=[{"country": entry.country, "city": "", "text": ""}],
        )
        for text, quality in [(entry.name, "primary")] + [(a, "strong") for a in entry.aliases]:
            ListedName.objects.create(
                entity=entity, text=text, quality=quality, normalized=name_key(text)
            )
        for scheme, value in entry.identifiers:
            ListedIdentifier.objects.create(
                entity=entity,
                scheme=scheme,
                value=value,
                normalized=identifier_key(value),
                country=entry.country,
            )
    return version


def load(entries: list[Entry], **kwargs: object) -> ListVersion:
    """A new current version, then the loader's signal (as on commit)."""
    version = add_version(entries, **kwargs)  # type: ignore[arg-type]
    list_version_loaded.send(sender=ListVersion, version=version)
    return version
