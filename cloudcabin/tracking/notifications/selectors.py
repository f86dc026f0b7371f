"""Reads of notifications: a person's choices, list and unread count."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from cloudcabin.accounts.models import User
from cloudcabin.accounts.tenancy import Actor
from cloudcabin.tracking.models import Milestone, Notification, NotificationPreference

# What a person hears about until they choose: the train leaves, it enters the EU, it
# arrives, the box is delivered.
DEFAULT_MILESTONES = frozenset(
    {"departed_origin", "arrived_eu_entry", "arrived_destination", "delivered"}
)


@dataclass(frozen=True)
class Choice:
    milestone: Milestone
    wanted: bool


def wanted(choices: dict[tuple[int, str], bool], user_id: int, milestone_id: str) -> bool:
    """The person's own choice, else the default."""
    return choices.get((user_id, milestone_id), milestone_id in DEFAULT_MILESTONES)


def choices_of(user_ids: set[int]) -> dict[tuple[int, str], bool]:
    return {
        (p.user_id, p.milestone_id): p.wanted
        for p in NotificationPreference.objects.filter(user_id__in=user_ids)
    }


def preferences_of(user: User) -> list[Choice]:
    """Every milestone in journey order, with whether this person wants to hear of it."""
    choices = choices_of({user.pk})
    return [Choice(m, wanted(choices, user.pk, m.key)) for m in Milestone.objects.all()]


def notifications_for(actor: Actor) -> QuerySet[Notification]:
    """The signed-in person's notifications in the acting organization, newest first."""
    return (
        Notification.objects.for_org(actor.organization)
        .filter(user=actor.user)
        .select_related("shipment", "milestone", "event")
    )


def unread_count(actor: Actor) -> int:
    return notifications_for(actor).filter(read_at__isnull=True).count()
