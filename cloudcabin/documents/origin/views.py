"""Page: the origin criterion and bill of materials of each goods line, with the RCEP figures."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.accounts.views import member_required
from cloudcabin.documents.forms import OriginEntry
from cloudcabin.documents.origin import services as origin_services
from cloudcabin.documents.origin.services import LineOrigin
from cloudcabin.errors import CATALOGUE, ProblemError
from cloudcabin.shipments import selectors as shipment_selectors


@dataclass(frozen=True)
class OriginSection:
    line: LineOrigin
    entry: OriginEntry


def _posted_line_no(request: HttpRequest) -> int | None:
    raw = request.POST.get("line_no", "")
    return int(raw) if raw.isdigit() else None


@require_http_methods(["GET", "POST"])
@member_required
def origin(request: HttpRequest, actor: Actor, shipment_id: int) -> HttpResponse:
    """GET shows every line's form and figures; POST saves one line, all-or-nothing."""
    shipment = shipment_selectors.get_shipment(actor.organization, shipment_id)
    posted: OriginEntry | None = None
    status = 200
    if request.method == "POST":
        if not actor.can_write:
            raise PermissionDenied(str(CATALOGUE["PERMISSION_DENIED"].message))
        line_no = _posted_line_no(request)
        lines = {
            line.line_no: line
            for line in origin_services.origin_results(actor=actor, shipment_id=shipment.pk)
        }
        if line_no is None or line_no not in lines:
            raise Http404
        posted = OriginEntry(line_no, lines[line_no].origin, request.POST)
        if posted.is_valid():
            try:
                origin_services.save_origin(
                    actor=actor, shipment_id=shipment.pk, **posted.save_arguments()
                )
            except ProblemError as exc:
                if exc.status == 403:
                    raise PermissionDenied(exc.problems[0].message) from exc
                posted.add_problems(exc.problems)
                status = exc.status
            else:
                messages.success(
                    request, _("The origin data of line %(line)d is saved.") % {"line": line_no}
                )
                return redirect("documents:origin", shipment.pk)
        else:
            status = 400
    sections = [
        OriginSection(
            line=line,
            entry=posted
            if posted is not None and posted.line_no == line.line_no
            else OriginEntry(line.line_no, line.origin),
        )
        for line in origin_services.origin_results(actor=actor, shipment_id=shipment.pk)
    ]
    return render(
        request,
        "documents/origin.html",
        {"shipment": shipment, "sections": sections, "can_write": actor.can_write},
        status=status,
    )
