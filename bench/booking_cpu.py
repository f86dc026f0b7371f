"""Processor time and queries of one booking request and one cancel, as the load test
makes them (issue 14): a member books the company's one-box shipment on the load-test
train through the API, then cancels it.

    python bench/booking_cpu.py [--pairs 40] [--database /tmp/x.sqlite3]

Needs the demo data in the database (``manage.py prepare_demo``, see ``load_data``).
Each request is timed with ``time.process_time`` around Django's test client, the mail
queued by the booking included (tasks run at once, mails go to memory); the median of
``--pairs`` pairs after a warm-up is printed, with each one's query count.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import setup_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=40)
    parser.add_argument("--database", type=Path, default=None)
    args = parser.parse_args()
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    setup_django(args.database)

    import load_data
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    fixture = load_data.prepare(4, 2)
    person = fixture["users"][0]
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = person["session"]
    payload = json.dumps(
        {"shipment_id": person["booking_shipment"], "departure_id": fixture["departures"][0]}
    )

    def pair() -> tuple[float, float, int, int]:
        with CaptureQueriesContext(connection) as booked_queries:
            start = time.process_time()
            booked = client.post("/api/v1/bookings", payload, content_type="application/json")
            middle = time.process_time()
        assert booked.status_code == 201 and booked.json()["status"] == "confirmed", booked
        url = f"/api/v1/bookings/{booked.json()['id']}/cancel"
        with CaptureQueriesContext(connection) as cancel_queries:
            middle = time.process_time()
            cancelled = client.post(url, "{}", content_type="application/json")
            end = time.process_time()
        assert cancelled.status_code == 200, cancelled
        return (
            (middle - start) * 1000,
            (end - middle) * 1000,
            len(booked_queries.captured_queries),
            len(cancel_queries.captured_queries),
        )

    for _warm_up in range(5):
        pair()
    runs = [pair() for _run in range(args.pairs)]
    book_ms = statistics.median(run[0] for run in runs)
    cancel_ms = statistics.median(run[1] for run in runs)
    print(
        f"request {book_ms:6.2f} ms  cancel {cancel_ms:6.2f} ms  (processor time, median of "
        f"{args.pairs})  queries: request {runs[-1][2]}, cancel {runs[-1][3]}"
    )


if __name__ == "__main__":
    main()
