"""backup → restore keeps every record and every issued file, verified by hash."""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from cloudcabin.backups import BackupError, backup, restore, verify_issued_files
from cloudcabin.documents.models import DocumentPack, IssuedFile
from cloudcabin.shipments.models import ShipmentRevision
from cloudcabin.shipments.services import create_shipment
from conftest import make_tenants

# SQLite's online backup waits for other transactions to end: these tests commit their
# rows (transaction=True), as the running app does, instead of holding them in the
# transaction every other test rolls back.
pytestmark = pytest.mark.django_db(transaction=True)


def issued_pack(tenants, count: int = 3) -> list[IssuedFile]:
    actor = tenants.actor(tenants.owner)
    shipment = create_shipment(actor=actor, reference="CC-BACKUP-1")
    revision = ShipmentRevision.objects.create(shipment=shipment, number=1, snapshot={})
    pack = DocumentPack.objects.create(
        organization=tenants.org, shipment=shipment, version=1, revision=revision
    )
    files = []
    for part in range(1, count + 1):
        content = f"issued document {part}".encode()
        issued = IssuedFile(
            pack=pack,
            kind="invoice",
            format="pdf",
            part=part,
            sha256=hashlib.sha256(content).hexdigest(),
            size=len(content),
            short_code=f"BK{part:08d}",
        )
        issued.file.save(f"invoice-{part}.pdf", ContentFile(content), save=False)
        issued.save()
        files.append(issued)
    return files


@pytest.fixture
def archive(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    issued_pack(make_tenants())
    path = tmp_path / "backup.tar.gz"
    backup(path)
    return path


def manifest_of(path: Path) -> dict[str, Any]:
    with tarfile.open(path) as tar:
        member = tar.extractfile("manifest.json")
        assert member is not None
        return json.loads(member.read())


def test_the_archive_lists_every_issued_file_with_its_hash(archive):
    manifest = manifest_of(archive)

    stored = {(f.file.name, f.sha256) for f in IssuedFile.objects.all()}
    assert stored and {(f["name"], f["sha256"]) for f in manifest["files"]} == stored
    assert manifest["database"]["vendor"] == connection.vendor


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL: restored in .ci/run")
def test_a_restore_onto_an_empty_database_brings_back_every_row_and_file(
    archive, settings, tmp_path
):
    issued = IssuedFile.objects.count()
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    target = tmp_path / "restored.sqlite3"

    summary = restore(archive, sqlite_target=target)

    with sqlite3.connect(target) as restored:
        (rows,) = restored.execute("SELECT count(*) FROM documents_issuedfile").fetchone()
    assert rows == issued == summary.files
    checked, wrong = verify_issued_files()  # this database's rows, the restored files
    assert (checked, wrong) == (issued, [])


def test_a_tampered_archive_is_refused_naming_the_member(archive, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "elsewhere"
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w:gz") as copy:
        for member in source.getmembers():
            data = source.extractfile(member)
            content = data.read() if data else b""
            if member.name.startswith("files/"):
                content = content + b"x"
                member.size = len(content)
            copy.addfile(member, io.BytesIO(content))

    with pytest.raises(BackupError, match=r"files/documents/.*checksum"):
        restore(tampered, sqlite_target=tmp_path / "never.sqlite3")
    assert not (tmp_path / "never.sqlite3").exists()
