"""Large packs issued by the task worker: ask (a job), run it (the task), and read how far it got.

Above ``settings.DOCUMENTS_WORKER_LINES`` goods lines, issuing from the Documents page or
``POST …/issue`` checks the shipment (a 409 with every error it already knows, before
anything is queued or rendered), then queues a job and answers at once; the worker runs
``services.issue_pack`` as the member or API key that asked, telling the job as each
document is rendered. The job ends issued (its pack), refused (the problems, e.g. an
edit made since that broke a rule) or failed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from cloudcabin.accounts.models import ApiKeyAccess
from cloudcabin.accounts.selectors import actor_for_user
from cloudcabin.accounts.tenancy import Actor, get_for_org_or_404
from cloudcabin.documents import selectors, services
from cloudcabin.documents.models import PackJob, PackJobState
from cloudcabin.errors import Problem, ProblemError, problem
from cloudcabin.shipments.models import Shipment

logger = logging.getLogger(__name__)


def in_worker(shipment: Shipment) -> bool:
    """Whether this shipment's pack is large enough to be issued by the worker."""
    return shipment.lines.count() > settings.DOCUMENTS_WORKER_LINES


@dataclass(frozen=True)
class Asked:
    job: PackJob
    # False: a job for this shipment was already queued or running; this is that job.
    created: bool


def _stale_before() -> datetime:
    return timezone.now() - timedelta(seconds=settings.DOCUMENTS_JOB_STALE_SECONDS)


def ask_for_pack(*, actor: Actor, shipment_id: int) -> Asked:
    """Check the shipment now (409 with its errors, nothing queued), then queue a job.

    A job already queued or running for the shipment is answered instead of a second one
    (a double click, a retried request); one unmoved since ``DOCUMENTS_JOB_STALE_SECONDS``
    lost its worker: it is failed, and a new one starts.
    """
    actor.require_write()
    shipment = get_for_org_or_404(Shipment.objects.all(), actor.organization, pk=shipment_id)
    # "Ready" is one function: the errors the page shows refuse here, before the queue.
    errors = selectors.pack_findings(shipment).errors
    if errors:
        raise ProblemError(problem("DOCUMENTS_BLOCKED"), *errors, status=409)
    with transaction.atomic():
        # The row lock queues a second request behind the first, which then finds its job.
        get_for_org_or_404(Shipment.objects.select_for_update(), actor.organization, pk=shipment_id)
        active = PackJob.objects.filter(
            shipment_id=shipment_id, state__in=[PackJobState.QUEUED, PackJobState.RUNNING]
        )
        stale = active.filter(updated_at__lt=_stale_before())
        stale.update(
            state=PackJobState.FAILED,
            problems=[problem("DOCUMENTS_JOB_LOST").as_dict()],
            updated_at=timezone.now(),
        )
        running = active.first()
        if running is not None:
            return Asked(job=running, created=False)
        job = PackJob.objects.create(
            organization=actor.organization,
            shipment_id=shipment_id,
            requested_by=actor.user,
            api_key=actor.api_key,
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
    # Queued once the job's row is committed, for a worker that reads it from elsewhere;
    # the in-process backend (development, tests) runs it here and now. Imported here:
    # the task module imports this one.
    from cloudcabin.documents.tasks import issue_pack_job

    issue_pack_job.enqueue(job.pk)
    job.refresh_from_db()
    return Asked(job=job, created=True)


def issue_or_ask(*, actor: Actor, shipment_id: int) -> services.Issued | Asked:
    """Issue the pack now, or, for a shipment of more than ``DOCUMENTS_WORKER_LINES``
    lines, ask the worker (the page and ``POST …/issue`` both decide here)."""
    shipment = get_for_org_or_404(Shipment.objects.all(), actor.organization, pk=shipment_id)
    if in_worker(shipment):
        return ask_for_pack(actor=actor, shipment_id=shipment_id)
    return services.issue_pack(actor=actor, shipment_id=shipment_id)


def _actor_of(job: PackJob) -> Actor | None:
    """Whoever asked, as they may act now (a revoked key or a left member: nobody)."""
    if job.api_key is not None:
        key = job.api_key
        if key.revoked_at is not None:
            return None
        return Actor(
            organization=key.organization,
            role=f"api_{key.access}",
            can_write=key.access == ApiKeyAccess.READ_WRITE,
            api_key=key,
        )
    if job.requested_by is None:
        return None
    actor = actor_for_user(job.requested_by, job.organization_id)
    return actor if actor is not None and actor.organization.pk == job.organization_id else None


def _move(job: PackJob, **fields: object) -> None:
    """Save ``fields`` on the job at once (its own short write, outside any transaction)."""
    fields["updated_at"] = timezone.now()
    for name, value in fields.items():
        setattr(job, name, value)
    PackJob.objects.filter(pk=job.pk).update(**fields)


def run_job(job_id: int) -> str:
    """The worker's side: issue the pack as the job's requester, and record the outcome.

    A job no longer queued (run twice, or failed as stale) is left as it is.
    """
    job = (
        PackJob.objects.select_related("api_key__organization", "requested_by")
        .filter(pk=job_id, state=PackJobState.QUEUED)
        .first()
    )
    if job is None:
        return "skipped"
    with translation.override(job.language or settings.LANGUAGE_CODE):
        _move(job, state=PackJobState.RUNNING)
        _issue(job)
    return job.state


def _issue(job: PackJob) -> None:
    actor = _actor_of(job)
    if actor is None:
        _end(job, PackJobState.REFUSED, [problem("PERMISSION_DENIED")])
        return

    def progress(done: int, total: int) -> None:
        _move(job, documents_done=done, documents_total=total)

    try:
        issued = services.issue_pack(actor=actor, shipment_id=job.shipment_id, progress=progress)
    except ProblemError as exc:
        _end(job, PackJobState.REFUSED, exc.problems)
    except Exception:
        logger.exception("pack job %s failed", job.pk)
        _end(job, PackJobState.FAILED, [problem("DOCUMENTS_JOB_FAILED")])
        raise
    else:
        _move(job, state=PackJobState.ISSUED, pack=issued.pack, created_pack=issued.created)


def _end(job: PackJob, state: PackJobState, problems: list[Problem]) -> None:
    _move(job, state=state, problems=[p.as_dict() for p in problems])


def job_of(actor: Actor, shipment_id: int, job_id: int) -> PackJob:
    """A job of one of the actor's organization's shipments; 404 for anyone else's."""
    found = PackJob.objects.select_related("pack")
    return get_for_org_or_404(found, actor.organization, pk=job_id, shipment_id=shipment_id)


def job_to_show(shipment: Shipment) -> PackJob | None:
    """The job the Documents page shows: the latest, while it runs or lately ended."""
    job = PackJob.objects.filter(shipment=shipment).select_related("pack").first()
    if job is None or (not job.active and job.updated_at < _stale_before()):
        return None
    return job
