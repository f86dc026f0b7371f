"""Backup and restore: the database and every issued file, in one archive with checksums.

An archive (``.tar.gz``) holds ``manifest.json``, the database dump and the issued files
under ``files/``. The manifest names the database vendor, the dump's SHA-256 and each
file's name, size and SHA-256 (the one its ``IssuedFile`` row states, checked on the way
in and on the way out). SQLite is copied with its online backup API while the app runs;
PostgreSQL with ``pg_dump --format=custom``. Files are read and written through Django's
storage API, so the same commands serve a local folder or an object store.

A restore goes onto an empty database (never over live data) and fails, naming the member,
on any checksum that does not match.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from cloudcabin import storage
from cloudcabin.faults import OBJECT_STORE_ERRORS

ARCHIVE_FORMAT = 1


class BackupError(Exception):
    """The archive cannot be made or restored; the message says what to fix."""


@dataclass(frozen=True)
class Summary:
    vendor: str
    files: int
    bytes: int


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def backup(destination: Path) -> Summary:
    """Write the archive; the database is dumped first, then the files its rows name."""
    from cloudcabin.documents.models import IssuedFile

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        dump = _dump_database(work)
        files: list[dict[str, Any]] = []
        for issued in IssuedFile.objects.order_by("pk").iterator():
            content = storage.read(issued.file.name)
            digest = hashlib.sha256(content).hexdigest()
            if digest != issued.sha256:
                raise BackupError(f"{issued.file.name}: stored file differs from its SHA-256")
            target = work / "files" / issued.file.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            files.append({"name": issued.file.name, "size": len(content), "sha256": digest})
        manifest = {
            "format": ARCHIVE_FORMAT,
            "created_at": timezone.now().isoformat(),
            "database": {"vendor": connection.vendor, "file": dump.name, "sha256": sha256_of(dump)},
            "files": files,
        }
        (work / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        destination.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(destination, "w:gz") as archive:
            for member in sorted(work.rglob("*")):
                if member.is_file():
                    archive.add(member, arcname=str(member.relative_to(work)))
    return Summary(connection.vendor, len(files), sum(f["size"] for f in files))


def _dump_database(work: Path) -> Path:
    if connection.vendor == "sqlite":
        target = work / "database.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
        return target
    if connection.vendor == "postgresql":
        target = work / "database.pgdump"
        _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target)])
        return target
    raise BackupError(f"backups support SQLite and PostgreSQL, not {connection.vendor}")


def restore(archive_path: Path, *, sqlite_target: Path | None = None) -> Summary:
    """Restore onto an empty database (SQLite: ``sqlite_target`` or the configured file)
    and an object store without those files; every checksum is verified first."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(work, filter="data")
        manifest = json.loads((work / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format") != ARCHIVE_FORMAT:
            raise BackupError(f"unknown archive format {manifest.get('format')!r}")
        database = manifest["database"]
        dump = work / database["file"]
        if sha256_of(dump) != database["sha256"]:
            raise BackupError(f"{database['file']}: checksum does not match the manifest")
        for entry in manifest["files"]:
            if sha256_of(work / "files" / entry["name"]) != entry["sha256"]:
                raise BackupError(f"files/{entry['name']}: checksum does not match the manifest")
        _restore_database(database["vendor"], dump, sqlite_target)
        for entry in manifest["files"]:
            content = (work / "files" / entry["name"]).read_bytes()
            try:
                storage.save_new(entry["name"], content)
            except FileExistsError as exc:
                raise BackupError(f"{entry['name']} already exists in the file storage") from exc
    files = manifest["files"]
    return Summary(database["vendor"], len(files), sum(f["size"] for f in files))


def _restore_database(vendor: str, dump: Path, sqlite_target: Path | None) -> None:
    if vendor != connection.vendor:
        raise BackupError(f"the archive holds a {vendor} database; this one is {connection.vendor}")
    if vendor == "sqlite":
        live = Path(str(settings.DATABASES["default"]["NAME"]))
        target = sqlite_target or live
        if target.exists() and _sqlite_tables(target):
            raise BackupError(f"{target} is not empty: restore onto a new database")
        if target == live:
            connection.close()  # the next query opens the restored file
        shutil.copyfile(dump, target)
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        )
        (tables,) = cursor.fetchone()
    if tables:
        raise BackupError("the database is not empty: restore onto a new database")
    connection.close()
    _run([_pg_tool("pg_restore"), "--no-owner", "--exit-on-error", str(dump)], dbname_flag=True)


def _sqlite_tables(path: Path) -> int:
    with sqlite3.connect(path) as db:
        (count,) = db.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()
    return int(count)


def _pg_tool(name: str) -> str:
    """Debian's wrapper on the PATH, else the newest server's own binary."""
    found = shutil.which(name) or next(
        iter(sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)), None
    )
    if not found:
        raise BackupError(f"{name} not found: install Debian's postgresql-client")
    return str(found)


def _run(command: list[str], *, dbname_flag: bool = False) -> None:
    """Run a PostgreSQL client tool against the configured database."""
    db = settings.DATABASES["default"]
    env = {"PGPASSWORD": str(db.get("PASSWORD") or ""), "PATH": "/usr/bin:/bin"}
    target = ["--host", str(db.get("HOST") or "localhost"), "--port", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        target += ["--username", str(db["USER"])]
    target += ["--dbname", str(db["NAME"])] if dbname_flag else [str(db["NAME"])]
    result = subprocess.run(
        [*command[:1], *target, *command[1:]], env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[:500]}")


def verify_issued_files() -> tuple[int, list[str]]:
    """Every issued file read back through the storage against its row's SHA-256:
    (how many were checked, the names that are missing or differ)."""
    from cloudcabin.documents.models import IssuedFile

    checked, wrong = 0, []
    for issued in IssuedFile.objects.order_by("pk").iterator():
        checked += 1
        try:
            if hashlib.sha256(storage.read(issued.file.name)).hexdigest() != issued.sha256:
                wrong.append(issued.file.name)
        except (OSError, *OBJECT_STORE_ERRORS):
            wrong.append(issued.file.name)
    return checked, wrong
