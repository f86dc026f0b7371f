"""Spreadsheets waiting between the import's steps (upload → map → import), stored as
``imports/<random token>`` in the file storage (a folder or the object store): files can
be 10 MB, too big for a session row, and every web worker must find them. A file is
removed after its import or when a new one replaces it; abandoned ones after
``IMPORT_KEPT_FOR``, at the next upload (and by ``manage.py clean_orphan_files``).
"""

from __future__ import annotations

import re
import secrets

from cloudcabin import storage

TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")


def _name(token: str) -> str:
    return f"{storage.IMPORTS}/{token}"


def keep(content: bytes) -> str:
    """Store ``content``; the token names it in later steps."""
    storage.delete_quietly(o.name for o in storage.stale(storage.IMPORTS, storage.IMPORT_KEPT_FOR))
    token = secrets.token_urlsafe(24)
    storage.save_new(_name(token), content)
    return token


def exists(token: str) -> bool:
    return bool(TOKEN.match(token)) and storage.storage().exists(_name(token))


def content(token: str) -> bytes:
    return storage.read(_name(token))


def forget(token: str) -> None:
    if TOKEN.match(token):
        storage.delete_quietly([_name(token)])
