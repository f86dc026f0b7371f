"""Pages: import goods lines from the shipper's spreadsheet (upload → map → import), export.

The uploaded file waits between the steps in the file storage (``shipments.uploads``);
the session keeps only its token and the file name, per shipment: re-uploading at the
mapping step would be a chore.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from cloudcabin.accounts.tenancy import Actor, get_for_org_or_404
from cloudcabin.accounts.views import member_required
from cloudcabin.errors import Problem, ProblemError
from cloudcabin.shipments import selectors, uploads
from cloudcabin.shipments.forms import MappingForm, UploadForm
from cloudcabin.shipments.models import ImportTemplate, Shipment
from cloudcabin.shipments.spreadsheets.exporting import XLSX_CONTENT_TYPE, export_lines_xlsx
from cloudcabin.shipments.spreadsheets.fields import IMPORT_FIELDS
from cloudcabin.shipments.spreadsheets.importing import ImportResult, import_lines, skipped_by
from cloudcabin.shipments.spreadsheets.mapping import mapping_from_template, save_template
from cloudcabin.shipments.spreadsheets.reading import MAX_ROWS, MAX_UPLOAD_BYTES, Sheet, read_sheet
from cloudcabin.shipments.views.common import refuse_if_denied, require_writer

PREVIEW_ROWS = 5
# Notes on the import itself, shown in its banner; the line findings go to the check panel.
BANNER_CODES = frozenset({"IMPORT_ROWS_BELOW_TOTAL", "IMPORT_STOWAGE_CLEARED"})


@dataclass(frozen=True)
class Upload:
    token: str
    filename: str


def _session_key(shipment: Shipment) -> str:
    return f"shipments:import:{shipment.pk}"


def _keep(request: HttpRequest, shipment: Shipment, data: bytes, filename: str) -> None:
    _forget(request, shipment)
    token = uploads.keep(data)
    request.session[_session_key(shipment)] = {"token": token, "filename": filename}


def _kept(request: HttpRequest, shipment: Shipment) -> Upload | None:
    stored = request.session.get(_session_key(shipment))
    if not isinstance(stored, dict) or not uploads.exists(str(stored.get("token", ""))):
        return None
    return Upload(token=stored["token"], filename=str(stored.get("filename", "")))


def _forget(request: HttpRequest, shipment: Shipment) -> None:
    upload = _kept(request, shipment)
    if upload is not None:
        uploads.forget(upload.token)
    request.session.pop(_session_key(shipment), None)


@member_required
def import_upload(request: HttpRequest, actor: Actor, shipment_id: int) -> HttpResponse:
    """Step 1: choose the file. It is read at once, so a bad file is refused here."""
    shipment = selectors.get_shipment(actor.organization, shipment_id)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        require_writer(actor)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            # One byte over the limit is enough for read_sheet to refuse the file.
            data = upload.read(MAX_UPLOAD_BYTES + 1)
            try:
                read_sheet(data, upload.name or "")
            except ProblemError as exc:
                refuse_if_denied(exc)
                for found in exc.problems:
                    form.add_error("file", found.message)
            else:
                _keep(request, shipment, data, upload.name or "")
                return redirect("shipments:import_map", shipment.pk)
    return render(
        request,
        "shipments/import_upload.html",
        {
            "shipment": shipment,
            "form": form,
            "max_megabytes": MAX_UPLOAD_BYTES // (1024 * 1024),
            "max_rows": MAX_ROWS,
            "can_write": actor.can_write,
        },
    )


@member_required
def import_map(request: HttpRequest, actor: Actor, shipment_id: int) -> HttpResponse:
    """Step 2: say which column is which (or pick a saved mapping), then import."""
    shipment = selectors.get_shipment(actor.organization, shipment_id)
    require_writer(actor)
    sheet = _kept_sheet(request, shipment)
    if sheet is None:
        return redirect("shipments:import", shipment.pk)
    templates = selectors.import_templates_of(actor.organization)
    chosen = _chosen_template(request, actor, templates)
    mapping = mapping_from_template(sheet, chosen) if chosen else sheet.suggested_mapping
    form = MappingForm(
        request.POST or None,
        initial=MappingForm.initial_for(mapping),
        fields=IMPORT_FIELDS,
        headers=sheet.headers,
    )
    problems: list[Problem] = []
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST.get("action") == "save_template":
                done = _save_mapping(request, actor, shipment, form)
            else:
                done = _import(request, actor, shipment, sheet, form)
        except ProblemError as exc:
            refuse_if_denied(exc)
            problems = exc.problems
        else:
            if done is not None:
                return done
    if form.is_bound and form.is_valid():
        mapping = form.mapping()
    context = {
        "shipment": shipment,
        "form": form,
        "sheet": sheet,
        "preview": sheet.rows[:PREVIEW_ROWS],
        "skipped": skipped_by(sheet, mapping),
        "templates": templates,
        "chosen": chosen,
        "problems": problems,
    }
    return render(request, "shipments/import_map.html", context, status=422 if problems else 200)


def _kept_sheet(request: HttpRequest, shipment: Shipment) -> Sheet | None:
    """The uploaded file, read again; None (with the reason as a message) when the upload
    is gone or no longer reads, so the user starts over."""
    upload = _kept(request, shipment)
    if upload is None:
        messages.error(request, _("Choose the file to import first."))
        return None
    try:
        return read_sheet(uploads.content(upload.token), upload.filename)
    except ProblemError as exc:
        _forget(request, shipment)
        for found in exc.problems:
            messages.error(request, found.message)
        return None


def _chosen_template(
    request: HttpRequest, actor: Actor, templates: QuerySet[ImportTemplate]
) -> ImportTemplate | None:
    """The saved mapping named by ``?template=<id>`` (404 if not the company's)."""
    if not request.GET.get("template", "").isdigit():
        return None
    return get_for_org_or_404(templates, actor.organization, pk=int(request.GET["template"]))


def _save_mapping(
    request: HttpRequest, actor: Actor, shipment: Shipment, form: MappingForm
) -> HttpResponse | None:
    """Save the form's mapping under its name, then show it picked; None (the name is
    missing, said beside the field) to show the page again."""
    if not form.cleaned_data["save_as"]:
        form.add_error("save_as", _("Give the mapping a name."))
        return None
    template = save_template(actor=actor, name=form.cleaned_data["save_as"], mapping=form.mapping())
    messages.success(request, _("Mapping “%(name)s” saved.") % vars(template))
    url = reverse("shipments:import_map", args=[shipment.pk])
    return redirect(f"{url}?template={template.pk}")


def _import(
    request: HttpRequest, actor: Actor, shipment: Shipment, sheet: Sheet, form: MappingForm
) -> HttpResponse:
    """Import the sheet with the form's mapping (``ProblemError`` with the rows' problems),
    forget the upload and go to the shipment with the banner."""
    result = import_lines(actor=actor, shipment_id=shipment.pk, sheet=sheet, mapping=form.mapping())
    _forget(request, shipment)
    messages.success(request, import_banner(result))
    return redirect("shipments:detail", shipment.pk)


def import_banner(result: ImportResult) -> str:
    """The one message an import leaves: how many lines, which rows were left out, and
    what else to do. The line findings are not repeated: the check panel groups them."""
    skipped = result.skipped
    sentences = [
        ngettext("Imported %(count)d line.", "Imported %(count)d lines.", result.lines)
        % {"count": result.lines}
    ]
    if skipped.totals:
        rows = ", ".join(str(row) for row, _text in skipped.totals)
        sentences.append(
            ngettext(
                "%(count)d total row skipped (row %(rows)s).",
                "%(count)d total rows skipped (rows %(rows)s).",
                len(skipped.totals),
            )
            % {"count": len(skipped.totals), "rows": rows}
        )
    sentences.extend(
        str(found.message)
        for found in [*skipped.notes(), *result.warnings]
        if found.code in BANNER_CODES
    )
    findings = sum(1 for found in result.warnings if found.code not in BANNER_CODES)
    if findings:
        sentences.append(
            ngettext(
                "%(count)d finding to review: see Checks.",
                "%(count)d findings to review: see Checks.",
                findings,
            )
            % {"count": findings}
        )
    return " ".join(sentences)


@require_GET
@member_required
def export_lines(request: HttpRequest, actor: Actor, shipment_id: int) -> HttpResponse:
    shipment = selectors.get_shipment(actor.organization, shipment_id)
    filename = f"{shipment.reference}-lines.xlsx"
    try:
        content = export_lines_xlsx(shipment)
    except ProblemError as exc:
        messages.error(request, exc.problems[0].message)
        return redirect("shipments:detail", shipment_id=shipment.pk)
    return HttpResponse(
        content,
        content_type=XLSX_CONTENT_TYPE,
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )
