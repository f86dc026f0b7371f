"""API: how far a pack issued by the worker has got (``POST …/issue`` answered 202)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema

from cloudcabin.api.auth import actor_of
from cloudcabin.api.schemas import ErrorsOut, ProblemOut
from cloudcabin.documents import jobs
from cloudcabin.documents.models import PackJob, PackJobState

router = Router()


class PackJobOut(Schema):
    id: int
    state: str  # queued, running, issued, refused or failed
    documents_done: int
    documents_total: int  # 0 until rendering starts
    status_url: str
    # Once issued: the pack's version (the current one when nothing had changed) and URL.
    pack_version: int | None
    pack_url: str | None
    created_pack: bool
    # Once refused or failed: why, as a 409 would have said.
    errors: list[ProblemOut]


def job_out(job: PackJob) -> dict[str, Any]:
    pack_version = job.pack.version if job.pack is not None else None
    return {
        "id": job.pk,
        "state": job.state,
        "documents_done": job.documents_done,
        "documents_total": job.documents_total,
        "status_url": reverse(
            "api:documents_pack_job", kwargs={"shipment_id": job.shipment_id, "job_id": job.pk}
        ),
        "pack_version": pack_version,
        "pack_url": None
        if pack_version is None
        else reverse(
            "api:documents_get_pack",
            kwargs={"shipment_id": job.shipment_id, "version": pack_version},
        ),
        "created_pack": job.created_pack,
        "errors": job.problems if job.state != PackJobState.ISSUED else [],
    }


@router.get(
    "/shipments/{shipment_id}/pack-jobs/{job_id}",
    response={200: PackJobOut, 404: ErrorsOut},
    url_name="documents_pack_job",
)
def get_pack_job(request: HttpRequest, shipment_id: int, job_id: int) -> dict[str, Any]:
    """A pack being issued by the worker: queued, running (documents rendered of how
    many), issued (the pack), refused (the errors) or failed. Poll until it has ended."""
    return job_out(jobs.job_of(actor_of(request), shipment_id, job_id))
