"""The task that issues a large pack (Django's Tasks API: in-process by default, queued in
the database and run by ``manage.py db_worker`` with ``TASKS_BACKEND=database``)."""

from __future__ import annotations

from django_tasks import task

from cloudcabin.documents import jobs


@task()
def issue_pack_job(job_id: int) -> str:
    """Run one pack job (``documents.jobs.run_job``); a job run twice is issued once."""
    return jobs.run_job(job_id)
