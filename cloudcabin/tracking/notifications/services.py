"""Writes of notifications: a person's choices, marking read, and telling people.

``on_events_recorded`` runs in the events' transaction: one notification per person,
shipment and milestone (a train's forty boxes departing are one "departed"), only for
actual events, only for the milestones the person wants. The e-mails go after the commit,
one per person, in their own language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cloudcabin.accounts.mail import send_in_their_language
from cloudcabin.accounts.models import User
from cloudcabin.accounts.tenancy import Actor
from cloudcabin.tracking.models import (
    Classifier,
    Milestone,
    Notification,
    NotificationPreference,
    Source,
    TrackingEvent,
)
from cloudcabin.tracking.notifications.recipients import recipients_of
from cloudcabin.tracking.notifications.selectors import choices_of, wanted


def save_preferences(user: User, *, shown: Sequence[str], chosen: Sequence[str]) -> int:
    """Store the person's choice for every milestone the form showed (``shown``): wanted
    when in ``chosen``. Returns how many milestones were saved."""
    milestones = list(Milestone.objects.filter(key__in=set(shown)))
    wanted_keys = set(chosen)
    with transaction.atomic():
        NotificationPreference.objects.bulk_create(
            [
                NotificationPreference(user=user, milestone=m, wanted=m.key in wanted_keys)
                for m in milestones
            ],
            update_conflicts=True,
            unique_fields=["user", "milestone"],
            update_fields=["wanted"],
        )
    return len(milestones)


def mark_all_read(actor: Actor) -> int:
    return (
        Notification.objects.for_org(actor.organization)
        .filter(user=actor.user, read_at__isnull=True)
        .update(read_at=timezone.now())
    )


@dataclass(frozen=True)
class _Mail:
    email: str
    shipment_id: int
    shipment_reference: str
    booking_reference: str
    milestone: Milestone
    event_time: datetime
    locode: str
    containers: int


def on_events_recorded(sender: object, events: Sequence[TrackingEvent], **kwargs: Any) -> None:
    notify(events)


def notify(events: Sequence[TrackingEvent]) -> list[Notification]:
    """Write the notifications these new events call for and queue their e-mails."""
    first: dict[tuple[int, str], TrackingEvent] = {}
    boxes: dict[tuple[int, str], int] = {}
    for event in events:
        if event.classifier != Classifier.ACTUAL:
            continue
        key = (event.shipment_id, event.milestone_id)
        boxes[key] = boxes.get(key, 0) + 1
        if key not in first or event.event_time < first[key].event_time:
            first[key] = event
    if not first:
        return []
    shipments = {event.shipment_id: event.shipment for event in first.values()}
    recipients = recipients_of(shipments.values())
    user_ids = {m.user_id for members in recipients.values() for m in members}
    choices = choices_of(user_ids)
    told = set(
        Notification.objects.filter(
            shipment_id__in=shipments.keys(),
            milestone_id__in={key[1] for key in first},
            user_id__in=user_ids,
        ).values_list("user_id", "shipment_id", "milestone_id")
    )
    fresh: list[Notification] = []
    mails: list[_Mail] = []
    for (shipment_id, milestone_id), event in first.items():
        for membership in recipients[shipment_id]:
            user = membership.user
            if not wanted(choices, user.pk, milestone_id):
                continue
            if (user.pk, shipment_id, milestone_id) in told:
                continue
            fresh.append(
                Notification(
                    organization_id=membership.organization_id,
                    user=user,
                    shipment_id=shipment_id,
                    milestone_id=milestone_id,
                    event=event,
                )
            )
            if event.source == Source.DEMO:
                continue  # the demo's replayed history is shown in the app, not mailed
            mails.append(
                _Mail(
                    email=user.email,
                    shipment_id=shipment_id,
                    shipment_reference=event.shipment.reference,
                    booking_reference=event.booking.reference,
                    milestone=event.milestone,
                    event_time=event.event_time,
                    locode=event.locode,
                    containers=boxes[(shipment_id, milestone_id)],
                )
            )
    # A concurrent batch may have told someone meanwhile: the constraint keeps it once.
    Notification.objects.bulk_create(fresh, ignore_conflicts=True)
    if mails:
        transaction.on_commit(lambda: _send(mails))
    return fresh


def _send(mails: list[_Mail]) -> None:
    # Each message is a mail task: a mail server that is down is tried again later.
    for mail in mails:
        send_in_their_language([mail.email], partial(_compose, mail))


def _compose(mail: _Mail) -> tuple[str, str]:
    milestone = mail.milestone.name
    subject = _("{shipment}: {milestone}").format(
        shipment=mail.shipment_reference, milestone=milestone
    )
    when = f"{mail.event_time.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
    lines = [
        _("Shipment {shipment} (booking {booking}): {milestone} at {time}.").format(
            shipment=mail.shipment_reference,
            booking=mail.booking_reference,
            milestone=milestone,
            time=when,
        )
    ]
    if mail.locode:
        lines.append(_("Place: {locode}").format(locode=mail.locode))
    lines.append(_("Containers: {count}").format(count=mail.containers))
    lines += [
        "",
        settings.SITE_URL + reverse("shipments:detail", args=[mail.shipment_id]),
        "",
        _("Choose which milestones you hear about: {link}").format(
            link=settings.SITE_URL + reverse("tracking:notification_settings")
        ),
    ]
    return subject, "\n".join(lines)
