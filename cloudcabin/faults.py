"""Server faults that are not bugs: storage the server cannot write, and API errors in shape.

A read-only or full database, an unwritable media folder or object store, or a missing
static manifest is the operator's to fix, not the user's and not a bug in the code: the
request answers 503 (the error shape under /api/, a plain page elsewhere) and the
transaction that was open rolls back as for any exception. Every other error under /api/
(an unknown path, a wrong method, an unexpected exception) answers in the error shape too.
"""

from __future__ import annotations

import errno
import logging
import sys
from collections.abc import Callable

from botocore.exceptions import BotoCoreError, ClientError  # type: ignore[import-untyped]
from django.conf import settings
from django.db import DatabaseError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.template import loader
from django.views.defaults import server_error as django_server_error

from cloudcabin.errors import Problem, problem

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
# PostgreSQL's read_only_sql_transaction: a hot standby or default_transaction_read_only.
PG_READ_ONLY = "25006"
# Errors of the disk, not of the code: no permission, read-only file system, disk full.
STORAGE_ERRNOS = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT, errno.EIO}
RETRY_AFTER_SECONDS = "60"
OBJECT_STORE_ERRORS = (BotoCoreError, ClientError)


def is_storage_fault(exc: BaseException) -> bool:
    """True when ``exc`` says the server cannot store or serve its files, not that code failed."""
    if isinstance(exc, OperationalError):
        # SQLite's "attempt to write a readonly database", "disk I/O error", "database or
        # disk is full", a PostgreSQL server that is down or out of space.
        return True
    if isinstance(exc, DatabaseError):
        return getattr(exc.__cause__, "sqlstate", None) == PG_READ_ONLY
    if isinstance(exc, OSError):
        return exc.errno in STORAGE_ERRNOS
    if isinstance(exc, OBJECT_STORE_ERRORS):
        # The object store (S3_BUCKET) unreachable, refusing the keys, or failing.
        return True
    # ManifestStaticFilesStorage without `collectstatic`.
    return isinstance(exc, ValueError) and str(exc).startswith("Missing staticfiles manifest")


def is_api_request(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def errors_response(problems: list[Problem], status: int) -> JsonResponse:
    return JsonResponse({"errors": [p.as_dict() for p in problems]}, status=status)


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """503: the error shape for the API, a plain page (no static files, no database) else."""
    response: HttpResponse
    if is_api_request(request):
        response = errors_response([problem("SERVICE_UNAVAILABLE")], 503)
    else:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = RETRY_AFTER_SECONDS
    return response


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """handler500: a storage fault raised anywhere (a view, a middleware saving the
    session, a template reading the static manifest) is a 503, anything else a 500."""
    exc = sys.exc_info()[1]
    if exc is not None and is_storage_fault(exc):
        return unavailable_response(request)
    return django_server_error(request, template_name)


def _problem_for(request: HttpRequest, status: int) -> Problem:
    if status == 405:
        return problem("METHOD_NOT_ALLOWED", method=request.method or "")
    if status == 413:
        return problem("REQUEST_TOO_LARGE", limit=upload_limit_text())
    code = {
        401: "AUTH_REQUIRED",
        403: "PERMISSION_DENIED",
        404: "NOT_FOUND",
        429: "RATE_LIMITED",
        503: "SERVICE_UNAVAILABLE",
    }.get(status)
    if code is None:
        code = "SERVER_ERROR" if status >= 500 else "REQUEST_MALFORMED"
    return problem(code)


def upload_limit_text() -> str:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
    return f"{limit / (1024 * 1024):g} MB"


KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


class FaultMiddleware:
    """Turns storage faults into 503 and keeps every /api/ error in the error shape.

    Sits near the top of MIDDLEWARE so that it also sees the responses Django made from
    exceptions raised in the middleware below it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            not is_api_request(request)
            or response.status_code < 400
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        status = response.status_code
        shaped = errors_response([_problem_for(request, status)], status)
        for header in KEPT_HEADERS:
            if header in response:
                shaped[header] = response[header]
        return shaped

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not is_storage_fault(exc):
            return None
        logger.error("Storage fault on %s: %r", request.path, exc, exc_info=exc)
        return unavailable_response(request)
