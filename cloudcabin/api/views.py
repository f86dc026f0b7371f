from __future__ import annotations

import uuid
from typing import Any

from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, JsonResponse

from cloudcabin import storage


def _database() -> dict[str, Any]:
    """Up and writable: a row is rewritten with its own value, then rolled back."""
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE django_migrations SET app = app "
                    "WHERE id = (SELECT MIN(id) FROM django_migrations)"
                )
            transaction.set_rollback(True)
    except DatabaseError as exc:
        return {"ok": False, "status": "down", "vendor": connection.vendor, "error": str(exc)}
    return {"ok": True, "status": "up", "vendor": connection.vendor}


def _media() -> dict[str, Any]:
    """Writable: a small file is written to the file storage (folder or object store),
    read back and removed."""
    name = f".healthz-{uuid.uuid4().hex}"
    try:
        storage.save_new(name, b"ok")
        ok = storage.read(name) == b"ok"
        storage.storage().delete(name)
    except Exception as exc:  # an unreachable object store raises its client's errors
        return {"ok": False, "status": "not writable", "error": str(exc)}
    if not ok:
        return {"ok": False, "status": "does not read back what was written"}
    return {"ok": True, "status": "writable"}


def _static() -> dict[str, Any]:
    """With the manifest storage (DEBUG off), `collectstatic` must have written the manifest."""
    storage: Any = staticfiles_storage
    if not isinstance(storage, ManifestFilesMixin):
        return {"ok": True, "status": "no manifest needed"}
    manifest = storage.manifest_storage
    if manifest is None or not manifest.exists(storage.manifest_name):
        return {"ok": False, "status": "manifest missing: run `manage.py collectstatic`"}
    return {"ok": True, "status": "manifest present"}


def health_checks() -> dict[str, dict[str, Any]]:
    return {"database": _database(), "media": _media(), "static": _static()}


def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitors: 503 when the database cannot be written, the media
    folder is not writable or the static manifest is missing."""
    checks = health_checks()
    healthy = all([check.pop("ok") for check in checks.values()])
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )
