"""Large packs are issued by the worker: the request queues a job and answers at once, the
job reports how many documents are rendered and ends with the pack or the refusal; and
every issue refuses the errors it already knows before it renders anything."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cloudcabin.documents import jobs, services
from cloudcabin.documents.models import DocumentPack, PackJob, PackJobState
from cloudcabin.shipments import services as shipment_services
from cloudcabin.shipments.models import Shipment
from conftest import Tenants

BASE = "/api/v1/documents"


@pytest.fixture
def large(settings: Any) -> None:
    """Every pack of more than one line counts as large (the demo shipment has three)."""
    settings.DOCUMENTS_WORKER_LINES = 1


def _api(tenants: Tenants, user: Any = None) -> Client:
    key = tenants.api_key(user or tenants.owner, "read_write")
    return Client(headers={"X-API-Key": key})


def _forbid_rendering(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    rendered: list[int] = []

    def render_files(*args: Any, **kwargs: Any) -> Any:
        rendered.append(1)
        raise AssertionError("rendered a pack that the checks already refuse")

    monkeypatch.setattr(services, "render_files", render_files)
    return rendered


def _block(tenants: Tenants, shipment: Shipment) -> None:
    shipment_services.update_shipment(
        actor=tenants.actor(tenants.owner), shipment_id=shipment.pk, declared_packages=99
    )


def test_the_api_queues_a_large_pack_and_its_status_url_reports_the_issued_pack(
    tenants: Tenants, demo_shipment: Shipment, large: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str, int, int]] = []
    run_job = jobs.run_job

    def watching_run_job(job_id: int) -> str:
        # What the status URL says while the worker runs: queued, as the request left it.
        seen.append(("before", *PackJob.objects.values_list("pk", "documents_done").get()))
        return run_job(job_id)

    monkeypatch.setattr(jobs, "run_job", watching_run_job)
    client = _api(tenants)

    response = client.post(f"{BASE}/shipments/{demo_shipment.pk}/issue")

    assert response.status_code == 202
    job = response.json()
    assert seen == [("before", job["id"], 0)]
    # The in-process backend has run the task by the time the request answers.
    status = client.get(job["status_url"])
    assert status.status_code == 200
    body = status.json()
    pack = DocumentPack.objects.get(shipment=demo_shipment)
    assert body["state"] == "issued"
    assert body["pack_version"] == pack.version == 1
    assert body["created_pack"] is True
    assert body["documents_total"] >= 5
    assert body["documents_done"] == body["documents_total"]
    assert client.get(body["pack_url"]).json()["version"] == 1
    assert body["errors"] == []


def test_the_job_tells_each_document_rendered_as_it_goes(
    tenants: Tenants, demo_shipment: Shipment, large: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    progress: list[tuple[int, int]] = []
    render_files = services.render_files

    def render_and_watch(*args: Any, **kwargs: Any) -> Any:
        tell = args[2]

        def watched(done: int, total: int) -> None:
            tell(done, total)
            job = PackJob.objects.get(shipment=demo_shipment)
            progress.append((job.documents_done, job.documents_total))
            assert job.state == PackJobState.RUNNING

        return render_files(args[0], args[1], watched)

    monkeypatch.setattr(services, "render_files", render_and_watch)
    response = _api(tenants).post(f"{BASE}/shipments/{demo_shipment.pk}/issue")

    assert response.status_code == 202
    total = progress[-1][1]
    assert progress == [(n, total) for n in range(1, total + 1)]


def test_a_second_request_while_a_job_runs_answers_the_same_job(
    tenants: Tenants, demo_shipment: Shipment, large: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    queued: list[int] = []

    def no_worker_yet(job_id: int) -> str:
        queued.append(job_id)
        return "queued"

    monkeypatch.setattr(jobs, "run_job", no_worker_yet)
    client = _api(tenants)

    first = client.post(f"{BASE}/shipments/{demo_shipment.pk}/issue").json()
    second = client.post(f"{BASE}/shipments/{demo_shipment.pk}/issue").json()

    assert first["id"] == second["id"]
    assert second["state"] == "queued"
    assert queued == [first["id"]]
    assert PackJob.objects.count() == 1


def test_a_job_whose_worker_died_is_failed_and_a_new_request_starts_another(
    tenants: Tenants, demo_shipment: Shipment, large: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jobs, "run_job", lambda job_id: "queued")
    client = _api(tenants)
    lost = client.post(f"{BASE}/shipments/{demo_shipment.pk}/issue").json()
    PackJob.objects.filter(pk=lost["id"]).update(
        state=PackJobState.RUNNING, updated_at=timezone.now() - timedelta(hours=1)
    )
    monkeypatch.undo()

    retried = client.post(f"{BASE}/shipments/{demo_shipment.pk}/issue").json()

    assert retried["id"] != lost["id"]
    assert retried["state"] == "issued"
    old = client.get(lost["status_url"]).json()
    assert old["state"] == "failed"
    assert [e["code"] for e in old["errors"]] == ["DOCUMENTS_JOB_LOST"]


def test_a_stranger_gets_404_for_a_job_and_its_page(
    tenants: Tenants, demo_shipment: Shipment, large: None
) -> None:
    job = _api(tenants).post(f"{BASE}/shipments/{demo_shipment.pk}/issue").json()

    assert _api(tenants, tenants.stranger).get(job["status_url"]).status_code == 404
    page = reverse("documents:pack_job", args=[demo_shipment.pk, job["id"]])
    assert tenants.client_for(tenants.stranger).get(page).status_code == 404
    assert tenants.client_for(tenants.owner).get(page).status_code == 200


def test_a_job_refused_after_it_was_queued_reports_the_problems(
    tenants: Tenants, demo_shipment: Shipment, large: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_job = jobs.run_job

    def edited_before_the_worker_starts(job_id: int) -> str:
        _block(tenants, demo_shipment)
        return run_job(job_id)

    monkeypatch.setattr(jobs, "run_job", edited_before_the_worker_starts)
    client = _api(tenants)
    job = client.post(f"{BASE}/shipments/{demo_shipment.pk}/issue").json()

    status = client.get(job["status_url"]).json()
    assert status["state"] == "refused"
    codes = [e["code"] for e in status["errors"]]
    assert codes[0] == "DOCUMENTS_BLOCKED"
    assert "TOTAL_PACKAGES_MISMATCH" in codes
    assert status["pack_version"] is None
    assert not DocumentPack.objects.exists()
    page = reverse("documents:pack_job", args=[demo_shipment.pk, job["id"]])
    fragment = tenants.client_for(tenants.owner).get(page).content.decode()
    assert 'data-state="refused"' in fragment
    assert 'data-code="TOTAL_PACKAGES_MISMATCH"' in fragment


def test_a_large_pack_with_known_errors_is_refused_409_before_a_job_or_a_render(
    tenants: Tenants, demo_shipment: Shipment, large: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _block(tenants, demo_shipment)
    rendered = _forbid_rendering(monkeypatch)

    response = _api(tenants).post(f"{BASE}/shipments/{demo_shipment.pk}/issue")

    assert response.status_code == 409
    assert "TOTAL_PACKAGES_MISMATCH" in [e["code"] for e in response.json()["errors"]]
    assert rendered == []
    assert not PackJob.objects.exists()


def test_a_small_pack_with_known_errors_is_refused_409_before_anything_is_rendered(
    tenants: Tenants, demo_shipment: Shipment, monkeypatch: pytest.MonkeyPatch, media: Path
) -> None:
    _block(tenants, demo_shipment)
    rendered = _forbid_rendering(monkeypatch)

    response = _api(tenants).post(f"{BASE}/shipments/{demo_shipment.pk}/issue")
    page = tenants.client_for(tenants.owner).post(
        reverse("documents:issue", args=[demo_shipment.pk])
    )

    assert response.status_code == page.status_code == 409
    assert rendered == []
    assert not DocumentPack.objects.exists()


def test_the_documents_page_issues_a_large_pack_in_the_worker_and_shows_its_progress(
    tenants: Tenants, demo_shipment: Shipment, large: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = tenants.client_for(tenants.owner)
    monkeypatch.setattr(jobs, "run_job", lambda job_id: "queued")

    answer = client.post(reverse("documents:issue", args=[demo_shipment.pk]))

    assert answer.status_code == 302
    job = PackJob.objects.get(shipment=demo_shipment)
    PackJob.objects.filter(pk=job.pk).update(
        state=PackJobState.RUNNING, documents_done=3, documents_total=8
    )
    page = client.get(reverse("documents:shipment", args=[demo_shipment.pk])).content.decode()
    status_url = reverse("documents:pack_job", args=[demo_shipment.pk, job.pk])
    assert "Rendering 3 of 8 documents" in page
    assert f'hx-get="{status_url}"' in page  # polled while it runs

    monkeypatch.undo()
    PackJob.objects.filter(pk=job.pk).update(state=PackJobState.QUEUED)
    jobs.run_job(job.pk)
    fragment = client.get(status_url).content.decode()
    assert 'data-state="issued"' in fragment
    assert "Version 1 of the documents is issued." in fragment
    assert "hx-get" not in fragment  # polling stops
    assert DocumentPack.objects.filter(shipment=demo_shipment).count() == 1
