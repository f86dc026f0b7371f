"""Queue a delivery task for every webhook delivery that is due and has none running.

Deliveries are tasks of their own (``tracking.tasks.deliver_webhook``), queued when they
are written and again for each retry; this command is the safety net for what no task
will send: a retry under the immediate backend (which cannot run a task later), and a
delivery whose task was lost (a worker killed mid-attempt, a process stopped between the
commit and the queueing). It runs every few minutes (``deploy/cloudcabin-webhooks.timer``);
a delivery whose task is merely late is sent once all the same (the task claims it).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from cloudcabin.tracking.tasks import deliver_webhook
from cloudcabin.tracking.webhooks.delivery import due


class Command(BaseCommand):
    help = "Queue the webhook deliveries that are due and have no task to send them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--late",
            type=float,
            default=60.0,
            help="only deliveries due at least this many seconds ago (their own task "
            "should have run by then); 0 for everything due",
        )
        parser.add_argument("--limit", type=int, default=1000, help="deliveries per run")

    def handle(self, *args: Any, late: float, limit: int, **options: Any) -> None:
        waiting = due(now=timezone.now() - timedelta(seconds=late), limit=limit)
        for delivery_id, attempts in waiting:
            deliver_webhook.enqueue(str(delivery_id), attempts)
        self.stdout.write(f"{len(waiting)} deliveries queued")
