"""The background re-screening after a list version loads (Django's Tasks API: in-process by
default, queued in the database and run by ``manage.py db_worker`` with
``TASKS_BACKEND=database``)."""

from __future__ import annotations

import logging

from django_tasks import task

from cloudcabin.compliance.screening import services

logger = logging.getLogger(__name__)


@task()
def screen_after_list_load(version_id: int) -> int:
    """Screen every party not yet screened against the versions current now.

    Idempotent: a party screened as it is against these versions is skipped, so a task run
    twice (or one per list loaded in a row) screens each party once.
    """
    screened = services.screen_everyone()
    logger.info("list version %s loaded: %s parties screened", version_id, screened)
    return screened
