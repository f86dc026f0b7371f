"""The JSON API under /api/v1: one NinjaAPI, one thin router per domain."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from cloudcabin.accounts.api import router as accounts_router
from cloudcabin.api.auth import api_auth
from cloudcabin.api.concurrency import set_etag
from cloudcabin.bookings.api import router as bookings_router
from cloudcabin.compliance.api import router as compliance_router
from cloudcabin.documents.api import router as documents_router
from cloudcabin.errors import CATALOGUE, Problem, ProblemError, StaleVersionError, problem
from cloudcabin.faults import upload_limit_text
from cloudcabin.network.api import router as network_router
from cloudcabin.reference.api import router as reference_router
from cloudcabin.shipments.api import router as shipments_router
from cloudcabin.tracking.api import router as tracking_router

api = NinjaAPI(
    title="cloudcabin API",
    version="1",
    description=(
        "Authenticate with an organization's API key (`X-API-Key: cc_…` or "
        "`Authorization: Bearer cc_…`) or a browser session. Every error is "
        "`{errors: [{code, severity, path, message}]}`."
    ),
    auth=api_auth,
    urls_namespace="api",
)
api.add_router("/accounts", accounts_router, tags=["accounts"])
api.add_router("/reference", reference_router, tags=["reference"])
api.add_router("/network", network_router, tags=["network"])
api.add_router("/shipments", shipments_router, tags=["shipments"])
api.add_router("/documents", documents_router, tags=["documents"])
api.add_router("/bookings", bookings_router, tags=["bookings"])
api.add_router("/tracking", tracking_router, tags=["tracking"])
api.add_router("/compliance", compliance_router, tags=["compliance"])


def _errors(request: HttpRequest, problems: list[Problem], status: int) -> HttpResponse:
    return api.create_response(request, {"errors": [p.as_dict() for p in problems]}, status=status)


def _location_path(loc: list[str | int]) -> str:
    """Pydantic's ('body', 'payload', 'lines', 3, 'hs') → 'lines[3].hs'."""
    parts = [part for part in loc if part not in ("body", "payload", "query", "path")]
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


# Pydantic's messages said as the services say them (and translated).
IN_OUR_WORDS = {"extra_forbidden": _("Unknown field.")}


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    problems = [
        Problem(error["type"], CATALOGUE[error["type"]].severity, path, error["msg"])
        if error["type"] in CATALOGUE
        else problem("INVALID", path=path, detail=IN_OUR_WORDS.get(error["type"], error["msg"]))
        for error in exc.errors
        for path in [_location_path(list(error.get("loc", [])))]
    ]
    return _errors(request, problems, 422)


@api.exception_handler(ProblemError)
def on_problem(request: HttpRequest, exc: ProblemError) -> HttpResponse:
    if isinstance(exc, StaleVersionError) and exc.current is not None:
        # A stale change: the error shape plus the record as stored now, and its ETag.
        body = {"errors": [p.as_dict() for p in exc.problems], "current": exc.current}
        response = api.create_response(request, body, status=exc.status)
        set_etag(response, int(exc.current["version"]))
        return response
    return _errors(request, exc.problems, exc.status)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _errors(request, [problem("NOT_FOUND")], 404)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _errors(request, [problem("AUTH_REQUIRED")], 401)
    response["WWW-Authenticate"] = 'Bearer realm="cloudcabin"'
    return response


@api.exception_handler(RequestDataTooBig)
def on_body_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return _errors(request, [problem("REQUEST_TOO_LARGE", limit=upload_limit_text())], 413)


@api.exception_handler(MultiPartParserError)
def on_unreadable_body(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    return _errors(request, [problem("REQUEST_MALFORMED")], 400)


@api.exception_handler(Exception)
def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Anything else goes on to Django, in development too: FaultMiddleware answers 503 for
    a storage fault, Django logs the rest and FaultMiddleware shapes its 500."""
    raise exc


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = {404: "NOT_FOUND", 403: "PERMISSION_DENIED", 429: "RATE_LIMITED"}.get(exc.status_code)
    found = problem(code) if code else problem("INVALID", detail=str(exc))
    return _errors(request, [found], exc.status_code)
