"""Public verification: whether an uploaded file is, byte for byte, an issued file."""

from __future__ import annotations

import hashlib

from django.core.files.uploadedfile import UploadedFile

from cloudcabin.documents.models import IssuedFile
from cloudcabin.errors import ProblemError

MAX_VERIFY_UPLOAD = 20 * 1024 * 1024


def _sha256_of(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest()


def upload_matches(issued: IssuedFile, upload: UploadedFile | None) -> bool:
    """Whether the upload is the issued file; a problem when there is no file to compare or
    it is larger than any issued document."""
    if upload is None:
        raise ProblemError.of("VERIFY_FILE_REQUIRED", path="file")
    if upload.size is not None and upload.size > MAX_VERIFY_UPLOAD:
        raise ProblemError.of(
            "VERIFY_FILE_TOO_LARGE", path="file", limit=MAX_VERIFY_UPLOAD // (1024 * 1024)
        )
    return _sha256_of(upload) == issued.sha256
