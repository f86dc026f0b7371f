"""Sending the outbox: one attempt per due delivery, signed per Standard Webhooks.

Each attempt is a ``tracking.tasks.deliver_webhook`` task, queued when the delivery's
transaction commits and, after a failure, again for the next step of the schedule;
``deliver`` below is its work. Success is a 2xx answer only; a redirect is a failure
(never followed). A failure is retried on the schedule below (Standard Webhooks' example:
about three days in all), with jitter so that a receiver coming back is not hit by every
retry at once, and not before its ``Retry-After``. An endpoint answering 410 Gone, or
failing for the whole schedule with no success in between, is disabled and its
organization's owners are told by e-mail.
"""

from __future__ import annotations

import http.client
import random
import socket
import ssl
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from standardwebhooks import Webhook

from cloudcabin.accounts.mail import send_in_their_language
from cloudcabin.accounts.models import Membership, Role
from cloudcabin.errors import ProblemError
from cloudcabin.tracking.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from cloudcabin.tracking.models.webhooks import DisabledReason
from cloudcabin.tracking.webhooks.addresses import Target, check_url

# Seconds to wait before each attempt: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h,
# 14 h, 20 h, 24 h.
SCHEDULE = (0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400)
JITTER = 0.1
TIMEOUT_SECONDS = 15
# A claimed delivery is not claimed by another task for this long (its attempt takes at
# most a few timeouts); a worker that died mid-attempt leaves it due again afterwards, for
# ``manage.py deliver_webhooks`` to queue again.
LEASE = timedelta(minutes=2)
MAX_RETRY_AFTER = timedelta(hours=24)
# A delivery giving up disables its endpoint only when the endpoint has failed for about
# the whole schedule with no success in between: one message a receiver refuses while it
# takes the others does not stop them.
FAILING_FOR = timedelta(seconds=sum(SCHEDULE) * (1 - JITTER))
USER_AGENT = "cloudcabin-webhooks/1"


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    latency_ms: int
    error: str = ""
    retry_after: int | None = None

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address that was checked, whatever the name resolves to now."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """As above, with TLS verified against the URL's host name (SNI and certificate)."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        self.tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self.tls)
        self.address = address

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)


def headers_for(delivery: WebhookDelivery, secret: str, sent_at: int) -> dict[str, str]:
    moment = datetime.fromtimestamp(sent_at, tz=UTC)
    signature = Webhook(secret).sign(delivery.message_id, moment, delivery.payload)
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(sent_at),
        "webhook-signature": signature,
    }


def _post(target: Target, body: bytes, headers: dict[str, str]) -> tuple[int, int | None]:
    """POST to the first checked address that accepts a connection."""
    last: OSError | None = None
    for address in target.addresses:
        kind = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
        connection = kind(target.host, target.port, address, TIMEOUT_SECONDS)
        try:
            connection.request("POST", target.path, body=body, headers=headers)
            response = connection.getresponse()
            response.read(4096)
            retry_after = response.getheader("Retry-After", "")
            return response.status, int(retry_after) if retry_after.isdigit() else None
        except ConnectionRefusedError as exc:
            last = exc
        finally:
            connection.close()
    raise last or OSError("no address to connect to")


def attempt(delivery: WebhookDelivery) -> Outcome:
    """Send once, checking the address again first; nothing is written here."""
    endpoint = delivery.endpoint
    started = time.monotonic_ns()
    try:
        target = check_url(endpoint.url)
        body = delivery.payload.encode("utf-8")
        headers = headers_for(delivery, endpoint.secret, int(time.time()))
        status, retry_after = _post(target, body, headers)
    except ProblemError as exc:
        return Outcome(None, _elapsed(started), exc.problems[0].message[:300])
    except (OSError, http.client.HTTPException, ValueError) as exc:
        # ValueError: what http.client refuses to send (an address it cannot put in a
        # request line); a failed attempt like the others, never a stopped worker.
        return Outcome(None, _elapsed(started), (str(exc) or type(exc).__name__)[:300])
    return Outcome(status, _elapsed(started), retry_after=retry_after)


def _elapsed(started: int) -> int:
    """Whole milliseconds since ``started`` (``time.monotonic_ns()``)."""
    return (time.monotonic_ns() - started) // 1_000_000


def next_delay(attempts: int, retry_after: int | None = None) -> timedelta | None:
    """How long to wait after ``attempts`` failed attempts; None once the schedule is over."""
    if attempts >= len(SCHEDULE):
        return None
    seconds = SCHEDULE[attempts] * (1 + random.uniform(-JITTER, JITTER))
    delay = timedelta(seconds=seconds)
    if retry_after is not None:
        delay = max(delay, min(timedelta(seconds=retry_after), MAX_RETRY_AFTER))
    return delay


def record(
    delivery_id: UUID, outcome: Outcome, *, at: datetime | None = None
) -> WebhookDelivery | None:
    """Write what the attempt gave, and what follows for the endpoint (None when the
    endpoint was deleted meanwhile, and its deliveries with it)."""
    now = at or timezone.now()
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None:
            return None
        endpoint = WebhookEndpoint.objects.select_for_update().get(pk=delivery.endpoint_id)
        delivery.attempts += 1
        delivery.last_attempt_at = now
        delivery.last_status_code = outcome.status_code
        delivery.last_latency_ms = outcome.latency_ms
        delivery.last_error = outcome.error
        disabled = ""
        if outcome.delivered:
            delivery.status = DeliveryStatus.DELIVERED
            delivery.delivered_at = now
            delivery.next_attempt_at = None
            endpoint.failing_since = None
        else:
            endpoint.failing_since = endpoint.failing_since or now
            delay = next_delay(delivery.attempts, outcome.retry_after)
            if outcome.status_code == 410:
                disabled = DisabledReason.GONE
            elif delay is None and endpoint.failing_since <= now - FAILING_FOR:
                disabled = DisabledReason.FAILING
            if disabled or delay is None:
                delivery.status = DeliveryStatus.FAILED
                delivery.next_attempt_at = None
            else:
                delivery.next_attempt_at = now + delay
        delivery.save()
        if disabled and endpoint.active:
            disable(endpoint, disabled)
            _tell_owners(endpoint)
        endpoint.save(update_fields=["failing_since", "active", "disabled_at", "disabled_reason"])
    return delivery


def claim(delivery_id: UUID, attempts: int, now: datetime) -> WebhookDelivery | None:
    """The delivery, leased to this task, if it still waits for the attempt after
    ``attempts``; None when it was delivered, given up, replayed, is not due yet or another
    task holds it: a task run twice, or late, sends nothing twice."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                pk=delivery_id,
                status=DeliveryStatus.PENDING,
                attempts=attempts,
                next_attempt_at__lte=now,
                endpoint__active=True,
            )
            .select_related("endpoint")
            .first()
        )
        if delivery is None:
            return None
        delivery.next_attempt_at = now + LEASE
        delivery.save(update_fields=["next_attempt_at"])
    return delivery


def deliver(
    delivery_id: UUID, attempts: int, *, now: datetime | None = None
) -> WebhookDelivery | None:
    """The next attempt of a delivery that has had ``attempts`` so far, recorded; None
    when there was nothing to send."""
    now = now or timezone.now()
    delivery = claim(delivery_id, attempts, now)
    if delivery is None:
        return None
    return record(delivery.pk, attempt(delivery), at=now)


def due(*, now: datetime | None = None, limit: int = 1000) -> list[tuple[UUID, int]]:
    """The deliveries whose attempt is due (id, attempts so far), oldest first."""
    return list(
        WebhookDelivery.objects.filter(
            status=DeliveryStatus.PENDING,
            next_attempt_at__lte=now or timezone.now(),
            endpoint__active=True,
        )
        .order_by("next_attempt_at")
        .values_list("pk", "attempts")[:limit]
    )


def disable(endpoint: WebhookEndpoint, reason: str) -> None:
    """Stop sending to the endpoint: what waits for it fails now (and can be replayed
    once it is enabled again). The caller saves the endpoint."""
    endpoint.active = False
    endpoint.disabled_at = timezone.now()
    endpoint.disabled_reason = reason
    WebhookDelivery.objects.filter(endpoint=endpoint, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.FAILED, next_attempt_at=None, last_error="endpoint disabled"
    )


def _tell_owners(endpoint: WebhookEndpoint) -> None:
    owners = list(
        Membership.objects.filter(organization_id=endpoint.organization_id, role=Role.OWNER)
        .values_list("user__email", flat=True)
        .distinct()
    )
    link = settings.SITE_URL + reverse("tracking:webhook", args=[endpoint.pk])
    reason = endpoint.disabled_reason

    def compose() -> tuple[str, str]:
        subject = _("Webhook endpoint disabled: {url}").format(url=endpoint.url)
        body = "\n".join(
            [
                subject,
                "",
                str(DisabledReason(reason).label),
                _("Nothing more is sent to it until it is enabled again: {link}").format(link=link),
                _("After fixing the receiver, enable it and replay the failed deliveries."),
            ]
        )
        return subject, body

    # A mail task: a mail server that is down is tried again later, not by this worker.
    transaction.on_commit(lambda: send_in_their_language(owners, compose))
