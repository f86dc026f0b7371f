"""What operators see of a running cloudcabin: a request id on every log line, one
structured line per request, Prometheus metrics at /metrics, and a readiness check.

Log lines never carry secrets or document contents: the request line names the method,
the path (without its query string, which may hold tokens), the status, the duration, the
request id and the acting organization's id when the request already knew it.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import secrets
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django_prometheus.exports import ExportToDjangoView

from cloudcabin.api.views import health_checks

request_id: ContextVar[str] = ContextVar("request_id", default="-")
organization_id: ContextVar[str] = ContextVar("organization_id", default="-")

# An id the caller (or the proxy) sent is kept when it looks like one; anything else is
# replaced, so that a log line cannot be forged through the header.
_CALLER_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
logger = logging.getLogger("cloudcabin.requests")


class RequestContextFilter(logging.Filter):
    """Adds the current request's id and organization to every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        record.organization_id = organization_id.get()
        return True


class RequestIdMiddleware:
    """Gives each request an id (``X-Request-ID``, echoed in the answer) and logs one line
    when it is answered."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        sent = request.headers.get("X-Request-ID", "")
        current = sent if _CALLER_ID.match(sent) else uuid.uuid4().hex
        id_token = request_id.set(current)
        org_token = organization_id.set("-")
        started = time.perf_counter_ns()
        try:
            response = self.get_response(request)
            organization_id.set(_acting_organization(request))
            response["X-Request-ID"] = current
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": (time.perf_counter_ns() - started) // 1_000_000,
                },
            )
            return response
        finally:
            request_id.reset(id_token)
            organization_id.reset(org_token)


def _acting_organization(request: HttpRequest) -> str:
    """The organization's id if the request found its actor; never a query for it."""
    # Imported here: the logging configuration imports this module before the models.
    from cloudcabin.accounts.middleware import actor_if_resolved

    actor = actor_if_resolved(request)
    return "-" if actor is None else str(actor.organization.pk)


def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus' scrape endpoint: with ``METRICS_TOKEN`` set, only for a bearer of it;
    otherwise only from the addresses in ``METRICS_ALLOWED_NETWORKS``. Others get 404."""
    token = settings.METRICS_TOKEN
    if token:
        sent = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        allowed = secrets.compare_digest(sent.encode(), token.encode())
    else:
        allowed = _address_allowed(request.META.get("REMOTE_ADDR", ""))
    if not allowed:
        raise Http404
    response: HttpResponse = ExportToDjangoView(request)
    return response


def _address_allowed(address: str) -> bool:
    try:
        client = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(client in ipaddress.ip_network(net) for net in settings.METRICS_ALLOWED_NETWORKS)


def _cache() -> dict[str, Any]:
    """The shared cache answers: a value written is read back."""
    key = f"readyz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", 10)
        ok = cache.get(key) == "1"
        cache.delete(key)
    except Exception as exc:  # any backend's failure means "not ready"
        return {"ok": False, "status": "down", "error": type(exc).__name__}
    return {"ok": ok, "status": "up" if ok else "not answering"}


def _worker() -> dict[str, Any]:
    """With the database queue, a task due for longer than WORKER_STALE_SECONDS means no
    worker is taking tasks. In-process tasks need no worker."""
    if "django_tasks_db" not in settings.TASKS["default"]["BACKEND"]:
        return {"ok": True, "status": "in-process"}
    from django.db.models import Q
    from django_tasks_db.models import DBTaskResult, get_date_max

    stale = timezone.now() - timedelta(seconds=settings.WORKER_STALE_SECONDS)
    # "Run as soon as possible" is stored as the largest date.
    waiting = (
        DBTaskResult.objects.ready()
        .filter(enqueued_at__lt=stale)
        .filter(Q(run_after=get_date_max()) | Q(run_after__lt=stale))
    )
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    if oldest is not None:
        return {"ok": False, "status": f"tasks waiting since {oldest.isoformat()}"}
    last = (
        DBTaskResult.objects.filter(finished_at__isnull=False)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
    return {"ok": True, "status": "taking tasks", "last_finished": last and last.isoformat()}


def readyz(request: HttpRequest) -> JsonResponse:
    """For the load balancer's readiness probe: the health checks, plus the shared cache
    and the background worker."""
    checks = {**health_checks(), "cache": _cache(), "worker": _worker()}
    ready = all([check.pop("ok") for check in checks.values()])
    return JsonResponse(
        {"status": "ok" if ready else "error", **checks}, status=200 if ready else 503
    )
