"""API, public: what was issued under a verification code, and whether a file is it."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import File, Router, Schema, UploadedFile

from cloudcabin.api.schemas import ErrorsOut
from cloudcabin.documents import selectors
from cloudcabin.documents.verification import upload_matches

# Joined into the documents router (``documents.api``): the operation ids are the ones the
# endpoints had there.
router = Router()


class VerifyOut(Schema):
    kind: str
    format: str
    version: int
    status: str
    issued_at: datetime.datetime
    issuer: str


class MatchOut(Schema):
    match: bool


@router.get(
    "/verify/{short_code}",
    auth=None,
    response={200: VerifyOut, 404: ErrorsOut},
    operation_id="cloudcabin_documents_api_verify",
)
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
    operation_id="cloudcabin_documents_api_verify_file",
)
def verify_file(
    request: HttpRequest, short_code: str, file: File[UploadedFile | None] = None
) -> dict[str, bool]:
    """Public: whether the uploaded file is, byte for byte, the file issued under this code."""
    issued = selectors.file_by_code(short_code)
    return {"match": upload_matches(issued, file)}
