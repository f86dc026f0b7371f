"""Webhook deliveries and arrival estimates run on the task engine: queued with the events,
run in-process by the immediate backend or by a `db_worker` from the database queue,
retried on the schedule, given up into the failed tasks, and harmless when run twice."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cloudcabin.shipments.models import Shipment
from cloudcabin.tracking.models import ContainerEta, DeliveryStatus, Source, WebhookDelivery
from cloudcabin.tracking.services import EventInput, record_events
from cloudcabin.tracking.tasks import deliver_webhook, refresh_etas
from cloudcabin.tracking.tests.eta_fixtures import route
from cloudcabin.tracking.webhooks.delivery import FAILING_FOR, SCHEDULE
from cloudcabin.tracking.webhooks.services import create_endpoint, send_test_event

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker() -> None:
    call_command("db_worker", batch=True, interval=0, no_startup_delay=True, verbosity=0)


@pytest.fixture
def queued(settings, monkeypatch):
    """Tasks wait in the database until `run_worker()` runs them."""
    settings.TASKS = DATABASE_QUEUE
    # The worker drops connections left outside autocommit; the test's own transaction is
    # one (PostgreSQL would lose it, SQLite's in-memory database is never closed).
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )


def departed(tracked, **fields) -> EventInput:
    values = {
        "booking": tracked.booking.reference,
        "milestone": "departed_origin",
        "event_time": timezone.now() - timedelta(hours=2),
    }
    values.update(fields)
    return EventInput(**values)


def hook(tenants, receiver):
    return create_endpoint(
        tenants.actor(tenants.owner), url=receiver.url, event_types=["tracking.event.created"]
    )


def test_deliveries_are_sent_by_their_task_only_once_the_events_commit(
    tenants, tracked, receiver, django_capture_on_commit_callbacks
):
    hook(tenants, receiver)

    with django_capture_on_commit_callbacks(execute=True):
        record_events(tenants.actor(tenants.agent), [departed(tracked)], source=Source.API)
        assert receiver.requests == [], "nothing is sent inside the events' transaction"

    assert len(receiver.requests) == 2
    assert set(WebhookDelivery.objects.values_list("status", "attempts")) == {("delivered", 1)}


def test_the_test_event_is_sent_by_a_task_when_the_button_commits(
    tenants, receiver, django_capture_on_commit_callbacks
):
    endpoint = hook(tenants, receiver)

    with django_capture_on_commit_callbacks(execute=True):
        send_test_event(tenants.actor(tenants.owner), endpoint.pk)

    (request,) = receiver.requests
    assert b'"webhook.test"' in request.body
    assert WebhookDelivery.objects.get().status == DeliveryStatus.DELIVERED


def test_a_delivery_task_run_twice_sends_once(tenants, receiver):
    endpoint = hook(tenants, receiver)
    delivery = send_test_event(tenants.actor(tenants.owner), endpoint.pk)

    first = deliver_webhook.enqueue(str(delivery.pk), 0)
    again = deliver_webhook.enqueue(str(delivery.pk), 0)

    assert first.return_value == "delivered"
    assert again.return_value == "nothing to send"
    assert len(receiver.requests) == 1


def test_a_stale_retry_task_does_nothing_after_a_replay_moved_the_delivery_on(tenants, receiver):
    endpoint = hook(tenants, receiver)
    delivery = send_test_event(tenants.actor(tenants.owner), endpoint.pk)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(attempts=3)

    assert deliver_webhook.enqueue(str(delivery.pk), 2).return_value == "nothing to send"
    assert receiver.requests == []


def test_a_worker_sends_the_delivery_and_queues_the_retry_with_the_schedules_backoff(
    queued, tenants, receiver
):
    receiver.answer(503)
    endpoint = hook(tenants, receiver)
    delivery = send_test_event(tenants.actor(tenants.owner), endpoint.pk)
    # The transaction is the test's: queue what its commit would.
    deliver_webhook.enqueue(str(delivery.pk), 0)
    assert receiver.requests == []

    run_worker()

    assert len(receiver.requests) == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    done = DBTaskResult.objects.get(status="SUCCESSFUL")
    assert done.worker_ids and done.return_value == "pending"
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.task_path == "cloudcabin.tracking.tasks.deliver_webhook"
    assert retry.args_kwargs["args"] == [str(delivery.pk), 1]
    assert retry.run_after == delivery.next_attempt_at
    wait = (delivery.next_attempt_at - delivery.last_attempt_at).total_seconds()
    assert SCHEDULE[1] * 0.9 <= wait <= SCHEDULE[1] * 1.1

    run_worker()  # not due yet: the worker leaves it waiting
    assert len(receiver.requests) == 1
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    receiver.answer(200)
    run_worker()

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 2
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_a_delivery_that_gives_up_is_a_dead_letter_among_the_failed_tasks(
    queued, tenants, receiver, admin_client
):
    receiver.answer(500)
    endpoint = hook(tenants, receiver)
    delivery = send_test_event(tenants.actor(tenants.owner), endpoint.pk)
    last = len(SCHEDULE) - 1
    WebhookDelivery.objects.filter(pk=delivery.pk).update(attempts=last)
    type(endpoint).objects.filter(pk=endpoint.pk).update(
        failing_since=timezone.now() - FAILING_FOR - timedelta(minutes=1)
    )
    deliver_webhook.enqueue(str(delivery.pk), last)

    run_worker()

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.last_status_code == 500
    failed = DBTaskResult.objects.get(task_path="cloudcabin.tracking.tasks.deliver_webhook")
    assert failed.status == "FAILED"
    assert failed.exception_class_path == "cloudcabin.tracking.tasks.WebhookGaveUp"
    assert delivery.message_id in failed.traceback
    assert not DBTaskResult.objects.filter(
        task_path="cloudcabin.tracking.tasks.deliver_webhook", status="READY"
    ).exists()
    # The dead letters in the back office: the failed tasks and the failed deliveries.
    tasks_page = admin_client.get("/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED")
    assert "deliver_webhook" in tasks_page.content.decode()
    deliveries_page = admin_client.get("/admin/tracking/webhookdelivery/?status__exact=failed")
    assert delivery.message_id in deliveries_page.content.decode()


def test_a_worker_recomputes_the_estimates_after_ingest_returned(queued, tenants, tracked):
    Shipment.objects.filter(pk=tracked.shipment.pk).update(route_option=route())

    record_events(tenants.actor(tenants.owner), [departed(tracked)], source=Source.MANUAL)

    assert not ContainerEta.objects.exists(), "ingest leaves the estimates to the worker"
    queued_refresh = DBTaskResult.objects.get(task_path="cloudcabin.tracking.tasks.refresh_etas")
    assert queued_refresh.status == "READY"

    run_worker()

    assert ContainerEta.objects.filter(container__shipment=tracked.shipment).count() == 4
    assert DBTaskResult.objects.get(pk=queued_refresh.pk).status == "SUCCESSFUL"


def test_recomputing_the_estimates_twice_gives_the_same_figures(tenants, tracked):
    Shipment.objects.filter(pk=tracked.shipment.pk).update(route_option=route())
    record_events(tenants.actor(tenants.owner), [departed(tracked)], source=Source.MANUAL)
    fields = ("container_id", "target", "p10", "p50", "p90", "method")
    before = sorted(ContainerEta.objects.values_list(*fields))
    assert len(before) == 4, "the immediate backend refreshes within the ingest"
    boxes = [
        [c.pk, tracked.departure.pk, tracked.shipment.pk, tenants.org.pk]
        for c in tracked.shipment.containers.all()
    ]

    assert refresh_etas.enqueue(boxes).return_value == 0

    assert sorted(ContainerEta.objects.values_list(*fields)) == before


def test_the_command_queues_deliveries_left_without_a_task(tenants, receiver):
    endpoint = hook(tenants, receiver)
    send_test_event(tenants.actor(tenants.owner), endpoint.pk)  # its commit never comes
    out = io.StringIO()

    call_command("deliver_webhooks", stdout=out)
    assert out.getvalue().strip() == "0 deliveries queued", "due only now: its task may run"
    assert receiver.requests == []

    call_command("deliver_webhooks", "--late", "0", stdout=out)

    assert out.getvalue().strip().endswith("1 deliveries queued")
    assert len(receiver.requests) == 1
    assert WebhookDelivery.objects.get().status == DeliveryStatus.DELIVERED
