"""Issue renders before the shipment's lock and writes files only after the decision:
an edit made while the pack renders is in the issued pack, a failure after the files
were written leaves none behind, and the files a crash left are found and removed."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from cloudcabin import storage
from cloudcabin.documents import services
from cloudcabin.documents.models import DocumentEvent, DocumentPack, IssuedFile
from cloudcabin.shipments import services as shipment_services
from cloudcabin.shipments.models import Shipment
from conftest import Tenants


def _issue(tenants: Tenants, shipment: Shipment) -> Any:
    client = Client(headers={"X-API-Key": tenants.api_key(tenants.owner, "read_write")})
    return client.post(f"/api/v1/documents/shipments/{shipment.pk}/issue")


def _stored(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_an_edit_made_while_the_pack_renders_is_in_the_issued_pack(
    tenants: Tenants, demo_shipment: Shipment, monkeypatch: pytest.MonkeyPatch, media: Path
) -> None:
    render_files = services.render_files
    renders: list[int] = []

    def render_while_someone_edits(*args: Any, **kwargs: Any) -> Any:
        renders.append(1)
        if len(renders) == 1:
            shipment_services.update_shipment(
                actor=tenants.actor(tenants.owner),
                shipment_id=demo_shipment.pk,
                contract_number="EDITED-WHILE-RENDERING",
            )
        return render_files(*args, **kwargs)

    monkeypatch.setattr(services, "render_files", render_while_someone_edits)
    response = _issue(tenants, demo_shipment)

    assert response.status_code == 201
    assert len(renders) == 2  # the first rendering was of the data before the edit
    pack = DocumentPack.objects.get(shipment=demo_shipment)
    assert pack.revision.snapshot["shipment"]["contract_number"] == "EDITED-WHILE-RENDERING"
    # The files of the first rendering, written before the lock, went with it.
    assert sorted(_stored(media)) == sorted(media / f.file.name for f in pack.files.all())


def test_a_shipment_that_keeps_changing_is_refused_and_stores_nothing(
    tenants: Tenants, demo_shipment: Shipment, monkeypatch: pytest.MonkeyPatch, media: Path
) -> None:
    render_files = services.render_files
    count = iter(range(100))

    def render_while_someone_edits(*args: Any, **kwargs: Any) -> Any:
        shipment_services.update_shipment(
            actor=tenants.actor(tenants.owner),
            shipment_id=demo_shipment.pk,
            contract_number=f"C-{next(count)}",
        )
        return render_files(*args, **kwargs)

    monkeypatch.setattr(services, "render_files", render_while_someone_edits)
    response = _issue(tenants, demo_shipment)

    assert response.status_code == 409
    assert [e["code"] for e in response.json()["errors"]] == ["DOCUMENTS_CHANGED_WHILE_ISSUING"]
    assert not DocumentPack.objects.exists() and _stored(media) == []


def test_the_files_are_stored_before_the_lock_and_only_rows_are_written_under_it(
    tenants: Tenants, demo_shipment: Shipment, monkeypatch: pytest.MonkeyPatch, media: Path
) -> None:
    decide = services._decide_and_store
    save_new = storage.save_new
    seen: dict[str, Any] = {"saved under the lock": 0}

    def decide_noting_the_files(*args: Any, **kwargs: Any) -> Any:
        seen["stored when the lock was taken"] = len(_stored(media))
        seen["locked"] = True
        try:
            return decide(*args, **kwargs)
        finally:
            seen["locked"] = False

    def save_noting_the_lock(name: str, content: bytes) -> str:
        seen["saved under the lock"] += bool(seen.get("locked"))
        return save_new(name, content)

    monkeypatch.setattr(services, "_decide_and_store", decide_noting_the_files)
    monkeypatch.setattr(storage, "save_new", save_noting_the_lock)
    pack = services.issue_pack(actor=tenants.actor(tenants.owner), shipment_id=demo_shipment.pk)

    names = [f.file.name for f in pack.pack.files.all()]
    assert names and seen == {
        "saved under the lock": 0,
        "stored when the lock was taken": len(names),
        "locked": False,
    }
    assert all(storage.read(f.file.name) and f.size for f in pack.pack.files.all())


def test_a_second_click_decided_after_the_first_keeps_none_of_the_files_it_wrote(
    tenants: Tenants, demo_shipment: Shipment, media: Path
) -> None:
    actor = tenants.actor(tenants.owner)
    # Both clicks render before either takes the lock; each writes its own files.
    first = services._prepare(actor, demo_shipment.pk, None)
    second = services._prepare(actor, demo_shipment.pk, None)
    assert isinstance(first, services._Draft) and isinstance(second, services._Draft)

    issued = services._record(actor, demo_shipment.pk, first)
    # The first froze the revision: the second is prepared again, and finds its pack.
    with pytest.raises(services._Changed):
        services._record(actor, demo_shipment.pk, second)

    assert issued.created
    assert sorted(_stored(media)) == sorted(media / f.file.name for f in issued.pack.files.all())
    again = services.issue_pack(actor=actor, shipment_id=demo_shipment.pk)
    assert not again.created and again.pack == issued.pack


def test_a_failure_after_the_files_were_written_takes_them_back(
    tenants: Tenants, demo_shipment: Shipment, monkeypatch: pytest.MonkeyPatch, media: Path
) -> None:
    def fail(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the process dies before the commit")

    monkeypatch.setattr(DocumentEvent.objects, "create", fail)
    with pytest.raises(RuntimeError):
        services.issue_pack(actor=tenants.actor(tenants.owner), shipment_id=demo_shipment.pk)
    assert not IssuedFile.objects.exists()
    assert _stored(media) == []


def test_the_cleaner_lists_files_no_record_points_to_and_removes_them_when_asked(
    tenants: Tenants, demo_shipment: Shipment, media: Path
) -> None:
    assert _issue(tenants, demo_shipment).status_code == 201
    kept = {f.file.name for f in IssuedFile.objects.all()}
    storage.save_new("documents/1/2/v9/left-by-a-crash.pdf", b"%PDF orphan")
    storage.save_new("documents/1/2/v9/just-written.pdf", b"%PDF an issue under way")
    storage.save_new("imports/" + "a" * 32, b"Line,HS code\n")
    hours_ago = time.time() - 2 * 3600
    days_ago = time.time() - 2 * 86400
    os.utime(media / "documents/1/2/v9/left-by-a-crash.pdf", (hours_ago, hours_ago))
    os.utime(media / ("imports/" + "a" * 32), (days_ago, days_ago))
    for name in kept:  # old issued files are never orphans
        os.utime(media / name, (days_ago, days_ago))

    listed = io.StringIO()
    call_command("clean_orphan_files", stdout=listed)
    lines = listed.getvalue().splitlines()
    assert [line.split("\t")[0] for line in lines[:-1]] == [
        "documents/1/2/v9/left-by-a-crash.pdf",
        "imports/" + "a" * 32,
    ]
    assert (media / "documents/1/2/v9/left-by-a-crash.pdf").exists()  # a dry run

    call_command("clean_orphan_files", "--delete", stdout=io.StringIO())
    assert not (media / "documents/1/2/v9/left-by-a-crash.pdf").exists()
    assert not (media / ("imports/" + "a" * 32)).exists()
    assert (media / "documents/1/2/v9/just-written.pdf").exists()
    assert all((media / name).exists() for name in kept)


def test_an_issued_file_is_never_overwritten(media: Path) -> None:
    storage.save_new("documents/1/2/v1/invoice.pdf", b"issued")
    with pytest.raises(FileExistsError):
        storage.save_new("documents/1/2/v1/invoice.pdf", b"forged")
    assert storage.read("documents/1/2/v1/invoice.pdf") == b"issued"
    assert [p.name for p in _stored(media)] == ["invoice.pdf"]
