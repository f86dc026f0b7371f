"""API: a shipment's document checks, preview, issued packs and their files.

Public verification is in ``api_verify``, the origin of the goods in ``origin/api``; both
join this router, so their paths and operation ids are the ones they always had.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status

from cloudcabin.api.auth import actor_of
from cloudcabin.api.idempotency import IDEMPOTENCY_KEY, answer_once
from cloudcabin.api.schemas import ErrorsOut, Input, ProblemOut
from cloudcabin.documents import jobs, selectors, services
from cloudcabin.documents.api_jobs import PackJobOut, job_out
from cloudcabin.documents.api_jobs import router as jobs_router
from cloudcabin.documents.api_verify import router as verify_router
from cloudcabin.documents.models import DocumentPack, IssuedFile
from cloudcabin.documents.origin.api import router as origin_router
from cloudcabin.documents.responses import file_response, issued_file_response, zip_response
from cloudcabin.shipments import selectors as shipment_selectors

router = Router()
router.add_router("", verify_router)
router.add_router("", origin_router)
router.add_router("", jobs_router)

READ = {404: ErrorsOut}
PDF_OR_XML = {
    "responses": {
        200: {
            "description": "The file (PDF or XML)",
            "content": {"application/pdf": {}, "application/xml": {}},
        }
    }
}


class PartIn(Input):
    # A declaration of more than 50 items is issued in parts: which one (1 by default).
    part: int = Field(1, ge=1, le=999)


class DeclarationPartOut(Schema):
    part: int
    items: int
    lines: str


class DocumentChecksOut(Schema):
    errors: int
    warnings: int
    rules: list[ProblemOut]
    documents: list[ProblemOut]
    # Holds placed by compliance (a party under review, goods restricted on the route).
    holds: list[ProblemOut]
    # How the China declaration will be issued: several parts when over 50 items.
    declarations: list[DeclarationPartOut]


class PreviewFileOut(Schema):
    kind: str
    format: str
    filename: str
    media_type: str
    size: int
    url: str


class PreviewOut(Schema):
    files: list[PreviewFileOut]
    findings: list[ProblemOut]


class IssuedFileOut(Schema):
    kind: str
    format: str
    part: int
    size: int
    sha256: str
    short_code: str
    verify_url: str
    download_url: str


class PackOut(Schema):
    version: int
    status: str
    revision: int
    issued_at: datetime.datetime
    issued_by: str | None
    findings: list[ProblemOut]
    zip_url: str
    files: list[IssuedFileOut]


def _file_out(shipment_id: int, pack: DocumentPack, issued: IssuedFile) -> dict[str, Any]:
    return {
        "kind": issued.kind,
        "format": issued.format,
        "part": issued.part,
        "size": issued.size,
        "sha256": issued.sha256,
        "short_code": issued.short_code,
        "verify_url": services.verify_url(issued.short_code),
        "download_url": reverse(
            "api:documents_pack_file",
            kwargs={
                "shipment_id": shipment_id,
                "version": pack.version,
                "kind": issued.kind,
                "fmt": issued.format,
            },
        )
        + (f"?part={issued.part}" if issued.part > 1 else ""),
    }


def _pack_out(pack: DocumentPack) -> dict[str, Any]:
    return {
        "version": pack.version,
        "status": pack.status,
        "revision": pack.revision.number,
        "issued_at": pack.issued_at,
        "issued_by": pack.issued_by.email if pack.issued_by else None,
        "findings": pack.findings,
        "zip_url": reverse(
            "api:documents_pack_zip",
            kwargs={"shipment_id": pack.shipment_id, "version": pack.version},
        ),
        "files": [_file_out(pack.shipment_id, pack, issued) for issued in pack.files.all()],
    }


# --- checks and preview ------------------------------------------------------------------


@router.get("/shipments/{shipment_id}/checks", response={200: DocumentChecksOut, **READ})
def get_checks(request: HttpRequest, shipment_id: int) -> dict[str, Any]:
    """The shipment's rule findings and the pack's cross-document findings."""
    shipment = shipment_selectors.get_shipment(actor_of(request).organization, shipment_id)
    ready = selectors.readiness_now(shipment)
    checks = ready.findings
    return {
        "errors": checks.error_count,
        "warnings": checks.warning_count,
        "rules": [p.as_dict() for p in checks.rules],
        "documents": [p.as_dict() for p in checks.documents],
        "holds": [p.as_dict() for p in checks.holds],
        "declarations": [vars(part) for part in selectors.declaration_split(ready.declaration)],
    }


@router.post("/shipments/{shipment_id}/preview", response={200: PreviewOut, **READ})
def preview(request: HttpRequest, shipment_id: int) -> dict[str, Any]:
    """Render the pack as it would be issued now; nothing is stored, no content returned."""
    rendered = services.preview_pack(actor=actor_of(request), shipment_id=shipment_id)
    return {
        "files": [
            {
                "kind": item.kind,
                "format": item.format,
                "filename": item.filename,
                "media_type": item.media_type,
                "part": item.part,
                "size": len(item.content),
                "url": reverse(
                    "api:documents_preview_file",
                    kwargs={"shipment_id": shipment_id, "kind": item.kind, "fmt": item.format},
                )
                + (f"?part={item.part}" if item.part > 1 else ""),
            }
            for item in rendered.files
        ],
        "findings": [p.as_dict() for p in rendered.findings],
    }


@router.get(
    "/shipments/{shipment_id}/preview/{kind}.{fmt}",
    response=READ,
    url_name="documents_preview_file",
    openapi_extra=PDF_OR_XML,
)
def preview_file(
    request: HttpRequest, shipment_id: int, kind: str, fmt: str, params: Query[PartIn]
) -> HttpResponse:
    """One file of the preview; ``part`` picks one declaration of a split (1 by default)."""
    item = services.preview_file(
        actor=actor_of(request),
        shipment_id=shipment_id,
        kind=kind,
        file_format=fmt,
        part=params.part,
    )
    return file_response(
        item.content, filename=f"PREVIEW-{item.filename}", media_type=item.media_type, inline=True
    )


# --- issued packs ------------------------------------------------------------------------


@router.post(
    "/shipments/{shipment_id}/issue",
    response={
        200: PackOut,
        201: PackOut,
        202: PackJobOut,
        403: ErrorsOut,
        404: ErrorsOut,
        409: ErrorsOut,
        422: ErrorsOut,
    },
)
def issue(
    request: HttpRequest, shipment_id: int, idempotency_key: str | None = IDEMPOTENCY_KEY
) -> Status[Any]:
    """Issue the next version (201), or answer the current pack (200) when nothing it was
    rendered from has changed since; 409 with every finding when errors block it.

    A shipment of more than ``DOCUMENTS_WORKER_LINES`` lines is issued by the worker: 202
    with the job (the same job while one is running), whose ``status_url`` tells its
    progress and, once done, the pack or the errors."""
    actor = actor_of(request)
    shipment = shipment_selectors.get_shipment(actor.organization, shipment_id)

    def action() -> tuple[int, Any]:
        issued = jobs.issue_or_ask(actor=actor, shipment_id=shipment.pk)
        if isinstance(issued, jobs.Asked):
            return 202, PackJobOut(**job_out(issued.job)).model_dump(mode="json")
        pack = _pack_out(selectors.pack(shipment, issued.pack.version))
        # As JSON, the form the Idempotency-Key row keeps and replays.
        return (201 if issued.created else 200), PackOut(**pack).model_dump(mode="json")

    return answer_once(request, idempotency_key, f"issue:{shipment.pk}", None, action)


@router.get("/shipments/{shipment_id}/packs", response={200: list[PackOut], **READ})
def list_packs(request: HttpRequest, shipment_id: int) -> list[dict[str, Any]]:
    shipment = shipment_selectors.get_visible_shipment(actor_of(request).organization, shipment_id)
    return [_pack_out(pack) for pack in selectors.packs_of(shipment)]


@router.get(
    "/shipments/{shipment_id}/packs/{version}",
    response={200: PackOut, **READ},
    url_name="documents_get_pack",
)
def get_pack(request: HttpRequest, shipment_id: int, version: int) -> dict[str, Any]:
    shipment = shipment_selectors.get_visible_shipment(actor_of(request).organization, shipment_id)
    return _pack_out(selectors.pack(shipment, version))


@router.get(
    "/shipments/{shipment_id}/packs/{version}/files/{kind}.{fmt}",
    response=READ,
    url_name="documents_pack_file",
    openapi_extra=PDF_OR_XML,
)
def get_pack_file(
    request: HttpRequest,
    shipment_id: int,
    version: int,
    kind: str,
    fmt: str,
    params: Query[PartIn],
) -> HttpResponse:
    """One issued file; ``part`` picks one declaration of a split (1 by default)."""
    shipment = shipment_selectors.get_visible_shipment(actor_of(request).organization, shipment_id)
    pack = selectors.pack(shipment, version)
    return issued_file_response(selectors.issued_file(pack, kind, fmt, params.part))


@router.get(
    "/shipments/{shipment_id}/packs/{version}/zip",
    response=READ,
    url_name="documents_pack_zip",
    openapi_extra={
        "responses": {
            200: {"description": "Every file of the version", "content": {"application/zip": {}}}
        }
    },
)
def get_pack_zip(request: HttpRequest, shipment_id: int, version: int) -> HttpResponse:
    shipment = shipment_selectors.get_visible_shipment(actor_of(request).organization, shipment_id)
    pack = selectors.pack(shipment, version)
    return zip_response(shipment, pack, selectors.pack_zip(pack))
