"""backup → restore with the files in an S3-compatible object store (moto's server mode,
started by ``test_object_storage``'s fixture): the archive takes the bucket's files,
the restore puts them into an empty bucket and every one verifies by hash.

Its own module, before the issue tests: SQLite's online backup waits for every other
connection's transaction, and the render threads of an issue earlier in the same
process keep theirs.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from cloudcabin.backups import backup, restore, verify_issued_files
from cloudcabin.documents.tests.test_object_storage import (  # noqa: F401 - the fixture
    new_bucket,
    objects_in,
    s3_server,
    use_bucket,
)


# The database half restores into a new SQLite file here; on PostgreSQL .ci/run restores
# the demo's dump into a new database (with the files) instead, like test_backups.py.
@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL: restored in .ci/run")
@pytest.mark.django_db(transaction=True)
def test_a_backup_of_the_object_store_restores_into_an_empty_bucket_and_verifies(
    settings: Any,
    s3_server: str,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    from cloudcabin.documents.tests.test_backups import issued_pack
    from conftest import make_tenants

    use_bucket(settings, s3_server, new_bucket(s3_server))
    issued = issued_pack(make_tenants(), count=3)
    archive = tmp_path / "backup.tar.gz"
    summary = backup(archive)
    assert summary.files == 3

    empty = new_bucket(s3_server)
    use_bucket(settings, s3_server, empty)
    target = tmp_path / "restored.sqlite3"
    restore(archive, sqlite_target=target)

    with sqlite3.connect(target) as restored:
        (rows,) = restored.execute("SELECT count(*) FROM documents_issuedfile").fetchone()
    assert rows == 3
    assert set(objects_in(s3_server, empty)) == {f"cabin/{f.file.name}" for f in issued}
    assert verify_issued_files() == (3, [])
