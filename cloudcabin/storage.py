"""Stored files (issued documents, spreadsheets waiting for their import) through Django's
storage API: the ``default`` storage of ``STORAGES``, a folder (``MEDIA_ROOT``) or an
S3-compatible object store (``S3_BUCKET``; see settings). Nothing else opens media paths.

Issued files are evidence: their SHA-256 is on record, so a name is written once and
never replaced (``save_new``). An issue writes its files before it takes the shipment's
lock, each attempt in a folder of its own, and removes them when its record is not
committed; what a crash leaves between the write and the commit is found by ``orphans``
and removed by ``manage.py clean_orphan_files``.
"""

from __future__ import annotations

import errno
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.utils import timezone

# The folders the app writes to; ``orphans`` looks in these only.
DOCUMENTS = "documents"
IMPORTS = "imports"
# A spreadsheet waits this long for its import to be confirmed.
IMPORT_KEPT_FOR = timedelta(days=1)


def storage() -> Storage:
    return default_storage


def save_new(name: str, content: bytes) -> str:
    """Write ``content`` under exactly ``name``; an existing file is never replaced
    (FileExistsError), nor is the content put under another name."""
    store = storage()
    if store.exists(name):
        raise FileExistsError(errno.EEXIST, "refusing to overwrite a stored file", name)
    saved = store.save(name, ContentFile(content))
    if saved != name:
        # Written meanwhile by someone else: ours went beside it. Take ours back.
        store.delete(saved)
        raise FileExistsError(errno.EEXIST, "refusing to overwrite a stored file", name)
    return saved


def read(name: str) -> bytes:
    with storage().open(name, "rb") as handle:
        content: bytes = handle.read()
    return content


def delete_quietly(names: Iterable[str]) -> None:
    """Best effort, for files whose record was never committed; ``clean_orphan_files``
    removes whatever this could not."""
    store = storage()
    for name in names:
        try:
            store.delete(name)
        except Exception:  # the cleaner command is the fallback
            continue


def walk(folder: str) -> Iterator[str]:
    """Every file name under ``folder`` (recursively), as the storage names it."""
    store = storage()
    try:
        folders, files = store.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from walk(f"{folder}/{sub}")


@dataclass(frozen=True)
class Orphan:
    name: str
    modified: datetime
    size: int


def stale(
    folder: str, older_than: timedelta, known: AbstractSet[str] = frozenset()
) -> list[Orphan]:
    """Files under ``folder`` not in ``known`` last written more than ``older_than`` ago."""
    store = storage()
    cutoff = timezone.now() - older_than
    found = []
    for name in walk(folder):
        if name in known:
            continue
        modified = store.get_modified_time(name)
        if modified < cutoff:
            found.append(Orphan(name, modified, store.size(name)))
    return found


def orphans(issued: AbstractSet[str], *, older_than: timedelta) -> list[Orphan]:
    """Files under ``documents/`` that no issued file's record names and that were
    written more than ``older_than`` ago (a younger one may be an issue not yet
    committed), and spreadsheets abandoned at the mapping step (``IMPORT_KEPT_FOR``)."""
    found = stale(DOCUMENTS, older_than, issued) + stale(IMPORTS, IMPORT_KEPT_FOR)
    return sorted(found, key=lambda orphan: orphan.name)
