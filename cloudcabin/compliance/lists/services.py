"""Loading a list file: parse all of it, then make it the current version in one transaction.

* The same file (same source and SHA-256) loaded again changes nothing and says so.
* A file that does not parse raises ``ProblemError`` (LIST_FILE_MALFORMED) before anything
  is written: the current version stays current, untouched.
* The new version's entries, names and identifiers are written first; the old version
  stops being current and the new one becomes current in the same transaction, so a
  screening sees either the old list or the new one, never a mix.
* Once committed, ``list_version_loaded`` is sent (screening drops its index; the review
  workflow rescreens).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction

from cloudcabin.compliance.lists import csl, eu, ofac, uk, un
from cloudcabin.compliance.lists.records import ListFileError, ParsedList
from cloudcabin.compliance.matching.normalize import identifier_key, name_key, script_of
from cloudcabin.compliance.models.lists import (
    ListedEntity,
    ListedIdentifier,
    ListedName,
    ListSource,
    ListVersion,
    NameQuality,
)
from cloudcabin.compliance.signals import list_version_loaded
from cloudcabin.errors import ProblemError

PARSERS: dict[str, Callable[[Sequence[tuple[str, bytes]]], ParsedList]] = {
    ListSource.OFAC_SDN: ofac.parse,
    ListSource.OFAC_NON_SDN: ofac.parse,
    ListSource.US_CSL: csl.parse,
    ListSource.UN: un.parse,
    ListSource.EU: eu.parse,
    ListSource.UK: uk.parse,
}
# Files an operator may give: OFAC's list comes in up to four files, the others in one.
MAX_FILES: dict[str, int] = {ListSource.OFAC_SDN: 4, ListSource.OFAC_NON_SDN: 4}
MAX_FILE_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class LoadResult:
    version: ListVersion
    created: bool  # False: this very file was loaded before, nothing changed


def file_set_sha256(files: Sequence[tuple[str, bytes]]) -> str:
    """The SHA-256 of one file; for a set of files (OFAC's CSVs), the SHA-256 of their
    sorted SHA-256s, so that the order they are given in does not matter."""
    digests = sorted(hashlib.sha256(data).hexdigest() for _name, data in files)
    if len(digests) == 1:
        return digests[0]
    return hashlib.sha256("\n".join(digests).encode()).hexdigest()


def load_list(
    source: str,
    files: Sequence[tuple[str, bytes]],
    *,
    published: date | None = None,
    user: Any = None,
) -> LoadResult:
    """Load one list file (or OFAC's set of files) as the new current version of ``source``."""
    if source not in PARSERS:
        raise ProblemError.of(
            "LIST_SOURCE_UNKNOWN", path="source", source=source, known=", ".join(PARSERS)
        )
    if not files:
        raise ProblemError.of("LIST_FILE_MALFORMED", path="files", detail="no file given")
    if len(files) > MAX_FILES.get(source, 1):
        raise ProblemError.of(
            "LIST_FILE_MALFORMED",
            path="files",
            detail=f"{len(files)} files; this list comes in at most {MAX_FILES.get(source, 1)}",
        )
    for name, data in files:
        if len(data) > MAX_FILE_BYTES:
            raise ProblemError.of("LIST_FILE_MALFORMED", path="files", detail=f"{name}: too large")
    sha256 = file_set_sha256(files)
    existing = ListVersion.objects.filter(source=source, sha256=sha256).first()
    if existing is not None:
        return LoadResult(existing, created=False)
    try:
        parsed = PARSERS[source](files)
    except ListFileError as exc:
        raise ProblemError.of("LIST_FILE_MALFORMED", path="files", detail=exc.detail) from exc
    if not parsed.entries:
        raise ProblemError.of("LIST_FILE_MALFORMED", path="files", detail="the file has no entries")
    try:
        version = _write(source, files, sha256, parsed, published or parsed.published, user)
    except IntegrityError:
        # the same file loaded at the same moment by someone else: theirs stands
        existing = ListVersion.objects.filter(source=source, sha256=sha256).first()
        if existing is None:
            raise
        return LoadResult(existing, created=False)
    return LoadResult(version, created=True)


@transaction.atomic
def _write(
    source: str,
    files: Sequence[tuple[str, bytes]],
    sha256: str,
    parsed: ParsedList,
    published: date | None,
    user: Any,
) -> ListVersion:
    version = ListVersion.objects.create(
        source=source,
        published=published,
        sha256=sha256,
        entry_count=len(parsed.entries),
        file_name=", ".join(name for name, _data in files)[:255],
        loaded_by=user if getattr(user, "pk", None) else None,
    )
    entities = ListedEntity.objects.bulk_create(
        [
            ListedEntity(
                version=version,
                source_id=entry.source_id[:100],
                kind=entry.kind,
                primary_name=entry.primary_name[:500],
                programmes=entry.programmes,
                legal_refs=entry.legal_refs,
                addresses=entry.addresses,
                birth=entry.birth,
                nationalities=entry.nationalities,
                remarks=entry.remarks,
            )
            for entry in parsed.entries
        ],
        batch_size=1000,
    )
    names = []
    identifiers = []
    for entity, entry in zip(entities, parsed.entries, strict=True):
        for text, quality in [(entry.primary_name, NameQuality.PRIMARY)] + [
            (alias.text, alias.quality) for alias in entry.aliases
        ]:
            names.append(
                ListedName(
                    entity=entity,
                    text=text[:500],
                    script=script_of(text),
                    quality=quality,
                    normalized=name_key(text)[:500],
                )
            )
        for identifier in entry.identifiers:
            identifiers.append(
                ListedIdentifier(
                    entity=entity,
                    scheme=identifier.scheme,
                    value=identifier.value[:100],
                    normalized=identifier_key(identifier.value)[:100],
                    country=identifier.country,
                )
            )
    ListedName.objects.bulk_create(names, batch_size=2000)
    ListedIdentifier.objects.bulk_create(identifiers, batch_size=2000)
    # the old version stops being current before the new one starts (one current per list)
    ListVersion.objects.filter(source=source, is_current=True).update(is_current=False)
    ListVersion.objects.filter(pk=version.pk).update(is_current=True)
    version.is_current = True
    transaction.on_commit(lambda: list_version_loaded.send(sender=ListVersion, version=version))
    return version
