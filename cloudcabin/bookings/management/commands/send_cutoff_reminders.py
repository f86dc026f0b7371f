"""E-mail shippers whose departure closes for booking within the next hours (cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cloudcabin.bookings.agent_services import send_cutoff_reminders


class Command(BaseCommand):
    help = "Send cut-off reminders for departures closing within --hours (default 48)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--hours", type=int, default=48)

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_cutoff_reminders(within_hours=options["hours"])
        self.stdout.write(f"send_cutoff_reminders: {sent} reminders queued.")
