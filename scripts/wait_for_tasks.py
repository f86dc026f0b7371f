"""CI: wait until the background worker has run every task that is due, and fail if one
failed. A retry queued for later (a webhook receiver or a mail server that was down) is
not waited for.

DJANGO_SETTINGS_MODULE=cloudcabin.settings python scripts/wait_for_tasks.py
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

from django_tasks_db.models import DBTaskResult  # noqa: E402

deadline = time.monotonic() + 60
while DBTaskResult.objects.ready().exists() or DBTaskResult.objects.running().exists():
    if time.monotonic() > deadline:
        sys.exit("background tasks still queued after 60 s: is the worker running?")
    time.sleep(0.5)
failed = list(DBTaskResult.objects.filter(status="FAILED").values_list("task_path", flat=True))
done = DBTaskResult.objects.filter(status="SUCCESSFUL").count()
if failed or not done:
    sys.exit(f"background tasks: {done} done, failed: {failed}")
print(f"background tasks: {done} run by the worker, none failed")
