"""Request ids, structured log lines, /metrics and /readyz."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pythonjsonlogger.json import JsonFormatter

from cloudcabin.accounts.tasks import deliver_mail
from cloudcabin.observability import RequestContextFilter, RequestIdMiddleware, request_id

pytestmark = pytest.mark.django_db


def test_every_answer_carries_a_request_id_and_keeps_the_callers_own():
    mine = Client().get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a2c9e")
    fresh = Client().get("/healthz")
    forged = Client().get("/healthz", HTTP_X_REQUEST_ID="x\nadmin logged in")

    assert mine["X-Request-ID"] == "lb-7f3a2c9e"
    assert len(fresh["X-Request-ID"]) == 32
    assert forged["X-Request-ID"] != "x\nadmin logged in"


def test_each_request_is_one_json_line_with_its_id_and_no_query_string(caplog):
    handler_config = settings.LOGGING["formatters"]["json"]
    formatter = JsonFormatter(handler_config["fmt"], rename_fields=handler_config["rename_fields"])
    with caplog.at_level(logging.INFO, logger="cloudcabin.requests"):
        answer = Client().get("/healthz?token=secret-value", HTTP_X_REQUEST_ID="req-12345678")
    record = next(r for r in caplog.records if r.name == "cloudcabin.requests")
    RequestContextFilter().filter(record)  # what the console handler adds
    line = json.loads(formatter.format(record))

    assert answer.status_code == 200
    assert line["path"] == "/healthz" and line["status"] == 200
    assert line["level"] == "INFO" and isinstance(line["duration_ms"], int)
    assert "secret-value" not in json.dumps(line)


def test_the_request_id_is_on_log_lines_written_while_the_request_runs():
    seen: list[str] = []

    def view(request):
        record = logging.LogRecord("x", logging.INFO, __file__, 1, "inside", None, None)
        RequestContextFilter().filter(record)
        seen.append(record.request_id)
        return HttpResponse()

    RequestIdMiddleware(view)(RequestFactory().get("/", HTTP_X_REQUEST_ID="req-abcdefgh"))

    assert seen == ["req-abcdefgh"]
    assert request_id.get() == "-"  # and forgotten after it


def test_metrics_are_served_to_the_local_scraper_only():
    local = Client(REMOTE_ADDR="127.0.0.1").get("/metrics")
    remote = Client(REMOTE_ADDR="203.0.113.9").get("/metrics")

    assert local.status_code == 200
    assert b"django_http_requests_total_by_method" in local.content
    assert remote.status_code == 404


def test_with_a_token_metrics_need_it_from_anywhere(settings):
    settings.METRICS_TOKEN = "scrape-token-0123456789"

    without = Client(REMOTE_ADDR="127.0.0.1").get("/metrics")
    wrong = Client().get("/metrics", HTTP_AUTHORIZATION="Bearer nope")
    right = Client(REMOTE_ADDR="203.0.113.9").get(
        "/metrics", HTTP_AUTHORIZATION="Bearer scrape-token-0123456789"
    )

    assert (without.status_code, wrong.status_code, right.status_code) == (404, 404, 200)


def test_ready_when_the_database_cache_and_worker_answer():
    answer = Client().get("/readyz")

    assert answer.status_code == 200
    body = answer.json()
    assert body["cache"]["status"] == "up"
    assert body["worker"]["status"] == "in-process"


def test_not_ready_when_queued_tasks_wait_with_no_worker_taking_them(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    deliver_mail.enqueue("Subject", "Body", ["someone@example.com"])
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=10))

    answer = Client().get("/readyz")

    assert answer.status_code == 503
    assert answer.json()["worker"]["status"].startswith("tasks waiting since")


def test_an_api_request_logs_the_organization_it_acted_for_by_session_or_by_key(
    tenants, monkeypatch
):
    from cloudcabin import observability

    seen: list[str] = []
    original = observability.logger.info

    def info(*args, **kwargs):
        seen.append(observability.organization_id.get())
        return original(*args, **kwargs)

    monkeypatch.setattr(observability.logger, "info", info)
    session = tenants.client_for(tenants.owner).get("/api/v1/accounts/organization")
    key = Client().get(
        "/api/v1/accounts/organization", HTTP_X_API_KEY=tenants.api_key(tenants.owner)
    )
    anonymous = Client().get("/healthz")

    assert session.status_code == 200 and key.status_code == 200
    assert anonymous.status_code == 200
    assert seen == [str(tenants.org.pk), str(tenants.org.pk), "-"]
