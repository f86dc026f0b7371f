"""Background work of the accounts app: every e-mail the product sends is a task.

Tasks run on Django's Tasks API (the ``django-tasks`` backport of Django 6's
``django.tasks``): in-process by default, or queued in the database and run by
``manage.py db_worker`` when ``TASKS_BACKEND=database`` (see README, "Background work").
"""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

# A mail server that is down is tried again later: after 30 s, 5 min, 30 min and 2 h.
# After the last try the task fails and stays in the admin's list of failed tasks (the
# dead letters) with its error, for an operator to look at.
RETRY_DELAYS = (
    timedelta(seconds=30),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
)


@task()
def deliver_mail(subject: str, body: str, recipients: list[str], attempt: int = 1) -> None:
    """Send one message, already written in its recipients' language.

    Idempotent enough for a retry: a message whose sending raised was not accepted by the
    mail server, so sending it again does not duplicate it.
    """
    try:
        send_mail(subject, body, None, recipients, fail_silently=False)
    except (smtplib.SMTPException, OSError):
        backend = deliver_mail.get_backend()
        if attempt > len(RETRY_DELAYS) or not backend.supports_defer:
            raise
        later = timezone.now() + RETRY_DELAYS[attempt - 1]
        logger.warning("mail to %s failed (try %s); again at %s", recipients, attempt, later)
        deliver_mail.using(run_after=later).enqueue(subject, body, recipients, attempt + 1)
