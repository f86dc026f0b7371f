"""Files as HTTP answers, the same for the Documents tab and the API: a rendered or issued
file, and the pack's zip."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from cloudcabin.documents.models import DocumentPack, IssuedFile
from cloudcabin.shipments.models import Shipment

MEDIA_TYPES = {"pdf": "application/pdf", "xml": "application/xml"}


def file_response(content: bytes, *, filename: str, media_type: str, inline: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=media_type)
    # Encodes non-ASCII names (a reference may be Chinese) as RFC 6266 asks.
    response["Content-Disposition"] = content_disposition_header(not inline, filename) or ""
    response["X-Content-Type-Options"] = "nosniff"
    return response


def issued_file_response(issued: IssuedFile) -> HttpResponse:
    """An issued file as stored (a few hundred kB at most), as an attachment."""
    with issued.file.open("rb") as handle:
        content = handle.read()
    return file_response(
        content,
        filename=issued.file.name.rsplit("/", 1)[-1],
        media_type=MEDIA_TYPES.get(issued.format, "application/octet-stream"),
        inline=False,
    )


def zip_response(shipment: Shipment, pack: DocumentPack, content: bytes) -> HttpResponse:
    """Every file of a version in one zip, named after the shipment and the version."""
    filename = f"{slugify(shipment.reference) or 'shipment'}-documents-v{pack.version}.zip"
    return file_response(content, filename=filename, media_type="application/zip", inline=False)
