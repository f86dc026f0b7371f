"""E-mail is a background task: queued in the database, run by a worker, retried later
when the mail server is down, and left among the failed tasks after the last try."""

from __future__ import annotations

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cloudcabin.accounts import tasks
from cloudcabin.accounts.mail import send_in_their_language

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker() -> None:
    call_command("db_worker", batch=True, interval=0, no_startup_delay=True, verbosity=0)


@pytest.fixture
def queued(settings, monkeypatch):
    settings.TASKS = DATABASE_QUEUE
    # The worker drops connections left outside autocommit; the test's own transaction is
    # one (PostgreSQL would lose it, SQLite's in-memory database is never closed).
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )


def test_a_message_waits_in_the_queue_until_a_worker_sends_it(queued, tenants):
    send_in_their_language([tenants.owner.email], lambda: ("Hello", "Body"))

    assert mail.outbox == []
    assert DBTaskResult.objects.get().status == "READY"

    run_worker()

    assert [m.to for m in mail.outbox] == [[tenants.owner.email]]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_mail_server_that_is_down_is_tried_again_later(queued, monkeypatch):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr(tasks, "send_mail", refuse)
    tasks.deliver_mail.enqueue("Subject", "Body", ["someone@example.com"])

    run_worker()

    retry = DBTaskResult.objects.filter(status="READY").get()
    assert retry.args_kwargs["args"][-1] == 2
    assert retry.run_after > timezone.now() + timedelta(seconds=20)


def test_after_the_last_try_the_message_stays_among_the_failed_tasks(queued, monkeypatch):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr(tasks, "send_mail", refuse)
    last = len(tasks.RETRY_DELAYS) + 1
    tasks.deliver_mail.enqueue("Subject", "Body", ["someone@example.com"], last)

    run_worker()

    failed = DBTaskResult.objects.get()
    assert failed.status == "FAILED"
    assert DBTaskResult.objects.filter(status="READY").count() == 0


def test_without_a_queue_the_message_is_sent_at_once(tenants):
    send_in_their_language([tenants.owner.email], lambda: ("Hello", "Body"))

    assert len(mail.outbox) == 1
