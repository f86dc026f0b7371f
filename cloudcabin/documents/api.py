"""API: a shipment's document checks, preview, issued packs and their files; public verification."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, File, Query, Router, Schema, Status, UploadedFile

from cloudcabin.api.auth import actor_of
from cloudcabin.api.idempotency import IDEMPOTENCY_KEY, answer_once
from cloudcabin.api.schemas import ErrorsOut, Input, ProblemOut
from cloudcabin.documents import selectors, services
from cloudcabin.documents.models import DocumentPack, IssuedFile, RvcMethod
from cloudcabin.documents.origin import services as origin_services
from cloudcabin.documents.origin.services import LineOrigin
from cloudcabin.documents.views import (
    check_upload,
    file_response,
    issued_file_response,
    previewed_file,
    sha256_of,
    zip_filename,
)
from cloudcabin.shipments import selectors as shipment_selectors

router = Router()

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


class VerifyOut(Schema):
    kind: str
    format: str
    version: int
    status: str
    issued_at: datetime.datetime
    issuer: str


class MatchOut(Schema):
    match: bool


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
    item = previewed_file(actor_of(request), shipment_id, kind, fmt, params.part)
    return file_response(
        item.content, filename=f"PREVIEW-{item.filename}", media_type=item.media_type, inline=True
    )


# --- issued packs ------------------------------------------------------------------------


@router.post(
    "/shipments/{shipment_id}/issue",
    response={
        200: PackOut,
        201: PackOut,
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
    rendered from has changed since; 409 with every finding when errors block it."""
    actor = actor_of(request)
    shipment = shipment_selectors.get_shipment(actor.organization, shipment_id)

    def action() -> tuple[int, Any]:
        issued = services.issue_pack(actor=actor, shipment_id=shipment.pk)
        pack = _pack_out(selectors.pack(shipment, issued.pack.version))
        # As JSON, the form the Idempotency-Key row keeps and replays.
        return (201 if issued.created else 200), PackOut(**pack).model_dump(mode="json")

    return answer_once(request, idempotency_key, f"issue:{shipment.pk}", None, action)


@router.get("/shipments/{shipment_id}/packs", response={200: list[PackOut], **READ})
def list_packs(request: HttpRequest, shipment_id: int) -> list[dict[str, Any]]:
    shipment = shipment_selectors.get_visible_shipment(actor_of(request).organization, shipment_id)
    return [_pack_out(pack) for pack in selectors.packs_of(shipment)]


@router.get("/shipments/{shipment_id}/packs/{version}", response={200: PackOut, **READ})
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
    return file_response(
        selectors.pack_zip(pack),
        filename=zip_filename(shipment, pack),
        media_type="application/zip",
        inline=False,
    )


# --- public verification -----------------------------------------------------------------


@router.get("/verify/{short_code}", auth=None, response={200: VerifyOut, **READ})
def verify(request: HttpRequest, short_code: str) -> dict[str, Any]:
    """Public: what was issued under this code. No shipment data."""
    issued = selectors.file_by_code(short_code)
    return {
        "kind": issued.kind,
        "format": issued.format,
        "version": issued.pack.version,
        "status": issued.pack.status,
        "issued_at": issued.pack.issued_at,
        "issuer": issued.pack.organization.name_en,
    }


@router.post(
    "/verify/{short_code}",
    auth=None,
    response={200: MatchOut, 400: ErrorsOut, 404: ErrorsOut, 413: ErrorsOut},
)
def verify_file(
    request: HttpRequest, short_code: str, file: File[UploadedFile | None] = None
) -> dict[str, bool]:
    """Public: whether the uploaded file is, byte for byte, the file issued under this code."""
    issued = selectors.file_by_code(short_code)
    return {"match": sha256_of(check_upload(file)) == issued.sha256}


# --- origin of the goods -----------------------------------------------------------------


class MaterialIn(Input):
    description: str = Field("", max_length=200)
    hs_code: str = Field("", max_length=14)
    origin_country: str = Field("", max_length=2)
    value: Decimal = Field(..., ge=0, max_digits=16, decimal_places=2)
    currency: str = Field("", max_length=3, description="ISO 4217; blank: the shipment's")
    originating: bool = False


class OriginLineIn(Input):
    criterion: str = Field("", max_length=5, description="WO, PE, CC, CTH, CTSH, RVC40 or blank")
    rvc_method: RvcMethod = RvcMethod.BUILD_DOWN
    fob_value: Decimal | None = Field(
        None, ge=0, max_digits=16, decimal_places=2, description="Blank: the amount under FOB/FCA"
    )
    direct_costs: Decimal = Field(Decimal(0), ge=0, max_digits=16, decimal_places=2)
    materials: list[MaterialIn] = Field(default_factory=list, max_length=100)


class MaterialOut(Schema):
    description: str
    hs_code: str
    origin_country: str
    value: Decimal
    currency: str
    originating: bool


class OriginResultOut(Schema):
    fob: Decimal | None
    vnm: Decimal
    vom: Decimal
    rvc_build_down: Decimal | None
    rvc_build_up: Decimal | None
    rvc: Decimal | None
    met: list[str]
    de_minimis: list[str]
    claimed: str
    claimed_is_met: bool
    reason: str


class OriginLineOut(Schema):
    line_no: int
    description: str
    hs_code: str
    entered: bool
    criterion: str
    rvc_method: str
    fob_value: Decimal | None
    direct_costs: Decimal | None
    currency: str | None
    materials: list[MaterialOut]
    result: OriginResultOut | None


def _origin_out(line: LineOrigin) -> dict[str, Any]:
    origin, result = line.origin, line.result
    return {
        "line_no": line.line_no,
        "description": line.description,
        "hs_code": line.hs_code,
        "entered": origin is not None,
        "criterion": origin.criterion if origin else "",
        "rvc_method": origin.rvc_method if origin else RvcMethod.BUILD_DOWN,
        "fob_value": origin.fob_value if origin else None,
        "direct_costs": origin.direct_costs if origin else None,
        "currency": origin.currency if origin else None,
        "materials": [
            {
                "description": m.description,
                "hs_code": m.hs_code,
                "origin_country": m.origin_country,
                "value": m.value,
                "currency": m.currency,
                "originating": m.originating,
            }
            for m in (origin.materials.all() if origin else [])
        ],
        "result": None
        if result is None
        else {
            "fob": result.fob,
            "vnm": result.vnm,
            "vom": result.vom,
            "rvc_build_down": result.rvc_build_down,
            "rvc_build_up": result.rvc_build_up,
            "rvc": result.rvc,
            "met": list(result.met),
            "de_minimis": list(result.de_minimis),
            "claimed": result.claimed,
            "claimed_is_met": result.claimed_is_met,
            "reason": result.reason,
        },
    }


@router.get("/shipments/{shipment_id}/origin", response={200: list[OriginLineOut], **READ})
def get_origin(request: HttpRequest, shipment_id: int) -> list[dict[str, Any]]:
    """Every goods line with its origin criterion, bill of materials and RCEP figures."""
    lines = origin_services.origin_results(actor=actor_of(request), shipment_id=shipment_id)
    return [_origin_out(line) for line in lines]


@router.put(
    "/shipments/{shipment_id}/origin/lines/{line_no}",
    response={200: OriginLineOut, 403: ErrorsOut, 404: ErrorsOut, 422: ErrorsOut},
)
def put_origin_line(
    request: HttpRequest, shipment_id: int, line_no: int, payload: OriginLineIn
) -> dict[str, Any]:
    """Replace one line's criterion and bill of materials; nothing is saved on any error."""
    actor = actor_of(request)
    shipment = shipment_selectors.get_shipment(actor.organization, shipment_id)
    origin_services.save_origin(
        actor=actor,
        shipment_id=shipment.pk,
        line_no=line_no,
        criterion=payload.criterion,
        rvc_method=payload.rvc_method,
        fob_value=payload.fob_value,
        direct_costs=payload.direct_costs,
        materials=[material.model_dump() for material in payload.materials],
    )
    lines = origin_services.origin_results(actor=actor, shipment_id=shipment.pk)
    return next(_origin_out(line) for line in lines if line.line_no == line_no)
