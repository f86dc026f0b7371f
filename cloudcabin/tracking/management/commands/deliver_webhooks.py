"""Send the webhook deliveries that are due: one pass, or ``--loop`` as the worker."""

from __future__ import annotations

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cloudcabin.tracking.models import DeliveryStatus
from cloudcabin.tracking.webhooks.delivery import deliver_due


class Command(BaseCommand):
    help = "Send the webhook deliveries that are due (one pass; --loop keeps going)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="keep sending until stopped")
        parser.add_argument(
            "--interval", type=float, default=2.0, help="seconds between passes with --loop"
        )
        parser.add_argument("--limit", type=int, default=100, help="deliveries per pass")

    def handle(self, *args: Any, loop: bool, interval: float, limit: int, **options: Any) -> None:
        stopping = False

        def stop(signum: int, frame: object) -> None:
            nonlocal stopping
            stopping = True

        if loop:
            signal.signal(signal.SIGTERM, stop)
            signal.signal(signal.SIGINT, stop)
        while True:
            done = deliver_due(limit=limit)
            delivered = sum(1 for d in done if d.status == DeliveryStatus.DELIVERED)
            if done or not loop:
                self.stdout.write(
                    f"{len(done)} attempted, {delivered} delivered, "
                    f"{len(done) - delivered} failed or to be retried"
                )
            if not loop or stopping:
                return
            # A full pass may have left more due: go on at once.
            if len(done) < limit:
                time.sleep(interval)
