"""API: spreadsheet import and export of goods lines, and saved column mappings."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.text import slugify
from ninja import File, Form, Router, Schema, UploadedFile

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.api.auth import actor_of
from cloudcabin.api.schemas import ErrorsOut, Input, ProblemOut
from cloudcabin.errors import ProblemError
from cloudcabin.shipments import selectors
from cloudcabin.shipments.models import ImportTemplate
from cloudcabin.shipments.spreadsheets.exporting import XLSX_CONTENT_TYPE, export_lines_xlsx
from cloudcabin.shipments.spreadsheets.fields import IMPORT_FIELDS
from cloudcabin.shipments.spreadsheets.importing import import_lines
from cloudcabin.shipments.spreadsheets.mapping import mapping_from_template, save_template
from cloudcabin.shipments.spreadsheets.reading import MAX_UPLOAD_BYTES, Sheet, read_sheet

router = Router()

PREVIEW_ROWS = 20


class ImportOut(Schema):
    lines: int
    warnings: list[ProblemOut]


class ImportPreviewOut(Schema):
    filename: str
    headers: list[str]
    header_row_number: int
    suggested_mapping: dict[str, str]
    rows: list[list[str]]
    row_count: int
    fields: dict[str, str]


class TemplateIn(Input):
    name: str
    mapping: dict[str, str]


class TemplateOut(Schema):
    id: int
    name: str
    mapping: dict[str, str]


def _template(actor: Actor, name: str) -> ImportTemplate | None:
    if not name:
        return None
    found = selectors.import_templates_of(actor.organization).filter(name=name.strip()).first()
    if found is None:
        raise ProblemError.of("INVALID", path="template", detail="No saved template of this name.")
    return found


def _sheet(
    actor: Actor, shipment_id: int, upload: UploadedFile, template: ImportTemplate | None
) -> Sheet:
    """Tenancy first (a stranger gets 404), then the role, then the size, then the content."""
    selectors.get_shipment(actor.organization, shipment_id)
    actor.require_write()
    if upload.size is None or upload.size > MAX_UPLOAD_BYTES:
        raise ProblemError.of("FILE_TOO_LARGE", path="file", limit=MAX_UPLOAD_BYTES // 2**20)
    hints = list(template.mapping.values()) if template else []
    return read_sheet(upload.read(), upload.name or "upload", header_hints=hints)


def _mapping(raw: str) -> dict[str, str]:
    try:
        mapping: Any = json.loads(raw)
    except ValueError as exc:
        raise ProblemError.of("INVALID", path="mapping", detail="Not valid JSON.") from exc
    if not isinstance(mapping, dict) or not all(
        isinstance(key, str) and isinstance(value, str) for key, value in mapping.items()
    ):
        raise ProblemError.of(
            "INVALID", path="mapping", detail='Give {"<field>": "<column header>", …}.'
        )
    return mapping


@router.post(
    "/{int:shipment_id}/import",
    response={200: ImportOut, 403: ErrorsOut, 404: ErrorsOut, 413: ErrorsOut, 422: ErrorsOut},
)
def import_goods_lines(
    request: HttpRequest,
    shipment_id: int,
    file: File[UploadedFile],
    mapping: Form[str] = "",
    template: Form[str] = "",
) -> dict[str, Any]:
    """Replace the shipment's goods lines by an .xlsx or .csv file's rows, all or nothing.

    `mapping` is a JSON object `{"<field>": "<column header>"}`; without it the named
    `template`'s mapping is used, else the one detected from the headers.
    """
    actor = actor_of(request)
    saved = _template(actor, template)
    sheet = _sheet(actor, shipment_id, file, saved)
    if mapping.strip():
        chosen = _mapping(mapping)
    elif saved is not None:
        chosen = mapping_from_template(sheet, saved)
    else:
        chosen = sheet.suggested_mapping
    result = import_lines(actor=actor, shipment_id=shipment_id, sheet=sheet, mapping=chosen)
    notes = [*result.skipped.notes(), *result.warnings]
    return {"lines": result.lines, "warnings": [p.as_dict() for p in notes]}


@router.post(
    "/{int:shipment_id}/import/preview",
    response={
        200: ImportPreviewOut,
        403: ErrorsOut,
        404: ErrorsOut,
        413: ErrorsOut,
        422: ErrorsOut,
    },
)
def preview_import(
    request: HttpRequest, shipment_id: int, file: File[UploadedFile], template: Form[str] = ""
) -> dict[str, Any]:
    """The file's header row, the mapping we would use and its first rows; nothing is saved."""
    actor = actor_of(request)
    saved = _template(actor, template)
    sheet = _sheet(actor, shipment_id, file, saved)
    suggested = mapping_from_template(sheet, saved) if saved else sheet.suggested_mapping
    return {
        "filename": sheet.filename,
        "headers": sheet.headers,
        "header_row_number": sheet.header_row_number,
        "suggested_mapping": suggested,
        "rows": sheet.rows[:PREVIEW_ROWS],
        "row_count": sum(1 for row in sheet.rows if any(row)),
        "fields": IMPORT_FIELDS,
    }


@router.get(
    "/{int:shipment_id}/export.xlsx",
    response={404: ErrorsOut},
    openapi_extra={
        "responses": {
            200: {
                "description": "The goods lines as an .xlsx workbook",
                "content": {XLSX_CONTENT_TYPE: {}},
            }
        }
    },
)
def export_goods_lines(request: HttpRequest, shipment_id: int) -> HttpResponse:
    shipment = selectors.get_shipment(actor_of(request).organization, shipment_id)
    response = HttpResponse(export_lines_xlsx(shipment), content_type=XLSX_CONTENT_TYPE)
    filename = f"{slugify(shipment.reference) or 'shipment'}-goods-lines.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@router.get("/import-templates", response=list[TemplateOut])
def list_import_templates(request: HttpRequest) -> list[ImportTemplate]:
    return list(selectors.import_templates_of(actor_of(request).organization))


@router.post("/import-templates", response={200: TemplateOut, 403: ErrorsOut, 422: ErrorsOut})
def save_import_template(request: HttpRequest, payload: TemplateIn) -> ImportTemplate:
    """Create the template, or replace the mapping of the one with this name."""
    return save_template(actor=actor_of(request), name=payload.name, mapping=payload.mapping)
