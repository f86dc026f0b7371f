"""CI: tracking's background work goes through the real worker process.

Records one event on the demo shipment (as the carrier's agent would), with a webhook
endpoint of its owner listening, then waits for the worker and checks, from the task
engine's own result rows, that the worker (not this process) recomputed the containers'
estimates and made the delivery's first attempt. The endpoint is https://127.0.0.1/,
which the unchanged address rules refuse (loopback): the attempt fails without any network
and its retry waits in the queue for later, as a receiver that is down would have it.

DATABASE_URL=… TASKS_BACKEND=database python scripts/smoke_tracking_tasks.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cloudcabin.settings")

import django

django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from cloudcabin.accounts.models import User  # noqa: E402
from cloudcabin.accounts.selectors import actor_for_user  # noqa: E402
from cloudcabin.bookings.models import Booking  # noqa: E402
from cloudcabin.tracking.demo import S1_AGENT, S1_SHIPMENT  # noqa: E402
from cloudcabin.tracking.models import (  # noqa: E402
    ContainerEta,
    Source,
    WebhookDelivery,
    WebhookEndpoint,
)
from cloudcabin.tracking.services import EventInput, record_events  # noqa: E402
from cloudcabin.tracking.webhooks.services import new_secret  # noqa: E402

DELIVER, REFRESH = (
    "cloudcabin.tracking.tasks.deliver_webhook",
    "cloudcabin.tracking.tasks.refresh_etas",
)


def main() -> None:
    booking = Booking.objects.filter(shipment__reference=S1_SHIPMENT).select_related("shipment")
    booking = booking.latest("created_at")
    actor = actor_for_user(User.objects.get(email=S1_AGENT))
    assert actor is not None, "the demo agent has no organization"
    # Written directly: an address the rules refuse cannot be saved through the service.
    endpoint = WebhookEndpoint.objects.create(
        organization=booking.shipment.organization,
        url="https://127.0.0.1/smoke",
        event_types=["tracking.event.created"],
        secret=new_secret(),
    )
    before = set(DBTaskResult.objects.values_list("pk", flat=True))
    started = timezone.now()
    with transaction.atomic():
        record_events(
            actor,
            [
                EventInput(
                    booking=booking.reference,
                    milestone="transshipped",
                    event_time=started,
                    classifier="EST",
                    locode="KZDOS",
                    source_ref=f"smoke:{started.isoformat()}",
                )
            ],
            source=Source.API,
        )
    queued = DBTaskResult.objects.exclude(pk__in=before)
    deadline = time.monotonic() + 60
    waiting = DBTaskResult.objects.ready() | DBTaskResult.objects.running()
    while waiting.exclude(pk__in=before).exists():
        if time.monotonic() > deadline:
            sys.exit("tracking tasks still queued after 60 s: is the worker running?")
        time.sleep(0.5)

    refreshed = queued.filter(task_path=REFRESH)
    assert refreshed.filter(status="SUCCESSFUL").exclude(worker_ids=[]).exists(), list(
        refreshed.values_list("status", "traceback")
    )
    boxes = booking.shipment.containers.count()
    estimates = ContainerEta.objects.filter(container__shipment=booking.shipment)
    assert estimates.count() >= boxes, "no estimates for the demo shipment"

    deliveries = list(WebhookDelivery.objects.filter(endpoint=endpoint))
    ids = {str(delivery.pk) for delivery in deliveries}
    sent = queued.filter(task_path=DELIVER)
    attempts = [row for row in sent if row.args_kwargs["args"][0] in ids]
    try:
        assert deliveries and len(deliveries) == boxes, deliveries
        run = [row for row in attempts if row.status == "SUCCESSFUL" and row.worker_ids]
        assert len(run) == len(deliveries), [(row.status, row.traceback) for row in attempts]
        retries = {row.args_kwargs["args"][0]: row for row in attempts if row.status == "READY"}
        for delivery in deliveries:
            assert delivery.attempts == 1 and delivery.status == "pending", delivery
            assert "127.0.0.1" in delivery.last_error, delivery.last_error
            retry = retries[str(delivery.pk)]
            assert retry.run_after == delivery.next_attempt_at > started, retry.run_after
    finally:
        # Leave nothing for wait_for_tasks or the next steps to send.
        DBTaskResult.objects.filter(pk__in=[row.pk for row in attempts], status="READY").delete()
        endpoint.delete()
    print(
        f"tracking tasks run by the worker: {refreshed.count()} estimate refresh, "
        f"{len(deliveries)} webhook attempts ({deliveries[0].last_error[:50]}…), "
        "their retries queued for later"
    )


if __name__ == "__main__":
    main()
