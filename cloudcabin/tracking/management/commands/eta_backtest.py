"""Back-test the arrival estimate on recorded history and print MAE, bias and coverage."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cloudcabin.tracking.eta.backtest import predictions, summarise
from cloudcabin.tracking.models import EtaMethod


class Command(BaseCommand):
    help = (
        "Replay every trip with an actual arrival, predict it at origin departure, after "
        "the China exit border and after the EU entry border from what was known then, "
        "and print the mean absolute error, the bias and the P10-P90 coverage."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        made = predictions()
        trips = len({p.departure_id for p in made})
        self.stdout.write(
            f"ETA back-test: {trips} past trips with an actual arrival; each prediction "
            "sees only the events before its horizon."
        )
        if not made:
            self.stdout.write("Nothing to back-test: no trip has an actual arrival yet.")
            return
        for title, method in (
            ("All predictions", None),
            (
                "Only those made from observed durations (every segment >= 20 past trips)",
                EtaMethod.OBSERVED,
            ),
        ):
            self.stdout.write(f"\n{title}:")
            self.stdout.write(
                f"{'horizon':<30}{'trips':>6}{'MAE (d)':>9}{'bias (d)':>10}"
                f"{'P10-P90 coverage':>18}{'observed':>10}{'network ranges':>16}"
            )
            for row in summarise(made, method):
                self.stdout.write(
                    f"{row.horizon:<30}{row.trips:>6}{row.mae_days:>9.2f}"
                    f"{row.bias_days:>+10.2f}{row.coverage * 100:>17.0f}%"
                    f"{row.observed:>10}{row.network:>16}"
                )
        self.stdout.write(
            "\nbias: P50 minus the actual arrival (positive = predicted late); coverage: "
            "share of actual arrivals between P10 and P90 (80 % when the spread is honest)."
        )
