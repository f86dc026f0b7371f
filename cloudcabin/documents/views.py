"""Pages: a shipment's Documents tab (checks, preview, issue, issued versions) and verification."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.accounts.views import member_required
from cloudcabin.documents import jobs, selectors, services
from cloudcabin.documents.kinds import KINDS
from cloudcabin.documents.models import DocumentKind, DocumentPack, IssuedFile
from cloudcabin.documents.responses import file_response, issued_file_response, zip_response
from cloudcabin.documents.verification import upload_matches
from cloudcabin.errors import CATALOGUE, Problem, ProblemError
from cloudcabin.shipments import selectors as shipment_selectors
from cloudcabin.shipments.models import Shipment


def part_of(request: HttpRequest) -> int:
    """``?part=n`` (one declaration of a split); 1 when absent, 404 when not a number."""
    value = request.GET.get("part", "1")
    if not value.isdigit() or not 1 <= int(value) <= 999:
        raise Http404
    return int(value)


# --- the Documents tab -------------------------------------------------------------------


def _in_pack_order(issued: IssuedFile) -> tuple[int, int, str]:
    """The order KINDS lists the documents in, by part, PDF before XML."""
    order = [spec.kind for spec in KINDS]
    position = order.index(issued.kind) if issued.kind in order else len(order)
    return position, issued.part, issued.format


@dataclass(frozen=True)
class FileRow:
    issued: IssuedFile
    verify_url: str
    parts: int = 1  # how many parts the file's kind was issued in


@dataclass(frozen=True)
class PackRow:
    pack: DocumentPack
    files: list[FileRow]


def _page(
    request: HttpRequest,
    actor: Actor,
    shipment: Shipment,
    *,
    issue_problems: list[Problem] | None = None,
    status: int = 200,
) -> HttpResponse:
    ready = selectors.readiness_now(shipment)
    packs = []
    for pack in selectors.packs_of(shipment):
        files = sorted(pack.files.all(), key=_in_pack_order)
        parts = Counter((issued.kind, issued.format) for issued in files)
        rows = [
            FileRow(
                issued=issued,
                verify_url=services.verify_url(issued.short_code),
                parts=parts[(issued.kind, issued.format)],
            )
            for issued in files
        ]
        packs.append(PackRow(pack=pack, files=rows))
    return render(
        request,
        "documents/shipment.html",
        {
            "shipment": shipment,
            "checks": ready.findings,
            "split": selectors.declaration_split(ready.declaration),
            "packs": packs,
            "can_write": actor.can_write,
            "issue_problems": issue_problems or [],
            "job": jobs.job_to_show(shipment),
        },
        status=status,
    )


@require_GET
@member_required
def shipment_documents(request: HttpRequest, actor: Actor, shipment_id: int) -> HttpResponse:
    shipment = shipment_selectors.get_shipment(actor.organization, shipment_id)
    return _page(request, actor, shipment)


@require_POST
@member_required
def preview(request: HttpRequest, actor: Actor, shipment_id: int) -> HttpResponse:
    """htmx: render the pack now and list its files; read-only members may preview too."""
    shipment = shipment_selectors.get_shipment(actor.organization, shipment_id)
    try:
        rendered = services.preview_pack(actor=actor, shipment_id=shipment.pk)
    except ProblemError as exc:  # a document could not be rendered, e.g. XML_INVALID
        context = {"shipment": shipment, "files": [], "findings": exc.problems, "failed": True}
        return render(request, "documents/_preview.html", context)
    labels = dict(DocumentKind.choices)
    parts = Counter((item.kind, item.format) for item in rendered.files)
    files = [
        {
            "item": item,
            "label": labels.get(item.kind, item.kind),
            "size": len(item.content),
            "parts": parts[(item.kind, item.format)],
        }
        for item in rendered.files
    ]
    return render(
        request,
        "documents/_preview.html",
        {"shipment": shipment, "files": files, "findings": rendered.findings},
    )


@require_GET
@member_required
def preview_file(
    request: HttpRequest, actor: Actor, shipment_id: int, kind: str, fmt: str
) -> HttpResponse:
    shipment = shipment_selectors.get_shipment(actor.organization, shipment_id)
    try:
        item = services.preview_file(
            actor=actor, shipment_id=shipment.pk, kind=kind, file_format=fmt, part=part_of(request)
        )
    except ProblemError as exc:
        context = {"shipment": shipment, "problems": exc.problems}
        return render(request, "documents/preview_failed.html", context, status=exc.status)
    return file_response(
        item.content, filename=f"PREVIEW-{item.filename}", media_type=item.media_type, inline=True
    )


@require_POST
@member_required
def issue(request: HttpRequest, actor: Actor, shipment_id: int) -> HttpResponse:
    shipment = shipment_selectors.get_shipment(actor.organization, shipment_id)
    if not actor.can_write:
        raise PermissionDenied(str(CATALOGUE["PERMISSION_DENIED"].message))
    try:
        issued = jobs.issue_or_ask(actor=actor, shipment_id=shipment.pk)
    except ProblemError as exc:
        if exc.status == 403:
            raise PermissionDenied(exc.problems[0].message) from exc
        return _page(request, actor, shipment, issue_problems=exc.problems, status=exc.status)
    if isinstance(issued, jobs.Asked):
        # A large pack: the worker issues it; the page shows its progress.
        return redirect("documents:shipment", shipment.pk)
    version = {"version": issued.pack.version}
    if issued.created:
        messages.success(request, _("Version %(version)d of the documents is issued.") % version)
    else:  # a second click, or nothing changed since: the issued pack stays as it is
        messages.info(
            request,
            _("Nothing changed since version %(version)d: it stays the issued pack.") % version,
        )
    return redirect("documents:shipment", shipment.pk)


@require_GET
@member_required
def pack_job(request: HttpRequest, actor: Actor, shipment_id: int, job_id: int) -> HttpResponse:
    """htmx: how far the worker has got with a pack (the page polls it while it runs)."""
    job = jobs.job_of(actor, shipment_id, job_id)
    return render(request, "documents/_pack_job.html", {"job": job})


# Issued files are read by the organizations the shipment is shared with too (read only).
@require_GET
@member_required
def pack_file(
    request: HttpRequest, actor: Actor, shipment_id: int, version: int, kind: str, fmt: str
) -> HttpResponse:
    shipment = shipment_selectors.get_visible_shipment(actor.organization, shipment_id)
    pack = selectors.pack(shipment, version)
    return issued_file_response(selectors.issued_file(pack, kind, fmt, part_of(request)))


@require_GET
@member_required
def pack_zip(request: HttpRequest, actor: Actor, shipment_id: int, version: int) -> HttpResponse:
    shipment = shipment_selectors.get_visible_shipment(actor.organization, shipment_id)
    pack = selectors.pack(shipment, version)
    return zip_response(shipment, pack, selectors.pack_zip(pack))


# --- public verification -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, short_code: str) -> HttpResponse:
    """Public: what was issued under this code, and whether an uploaded file is that file.

    Shows the kind, version, issue time and issuer only — no shipment data.
    """
    issued = selectors.file_by_code(short_code)
    match: bool | None = None
    error: Problem | None = None
    status = 200
    if request.method == "POST":
        try:
            match = upload_matches(issued, request.FILES.get("file"))
        except ProblemError as exc:
            error, status = exc.problems[0], exc.status
    return render(
        request,
        "documents/verify.html",
        {"issued": issued, "pack": issued.pack, "match": match, "error": error},
        status=status,
    )
