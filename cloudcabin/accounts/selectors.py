"""Reads for accounts: who belongs where, which key is whose."""

from __future__ import annotations

from django.db.models import QuerySet

from cloudcabin.accounts.models import (
    AccountEvent,
    ApiKey,
    ApiKeyAccess,
    Invitation,
    Membership,
    Organization,
    User,
)
from cloudcabin.accounts.services import API_KEY_PREFIX, hash_secret
from cloudcabin.accounts.tenancy import Actor


def memberships_of(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organization")


def actor_for_user(user: User, organization_id: int | None = None) -> Actor | None:
    """The member acting for the chosen organization, or their first one; every
    membership of the user is read in the same query (a person belongs to a few)."""
    memberships = tuple(memberships_of(user).order_by("created_at", "id"))
    chosen = [m for m in memberships if m.organization_id == organization_id]
    membership = chosen[0] if chosen else memberships[0] if memberships else None
    if membership is None:
        return None
    return Actor(
        organization=membership.organization,
        role=membership.role,
        can_write=membership.can_write,
        user=user,
        memberships=memberships,
    )


def actor_for_api_key(plain: str) -> Actor | None:
    if not plain.startswith(API_KEY_PREFIX):
        return None
    key = (
        ApiKey.objects.select_related("organization")
        .filter(key_hash=hash_secret(plain), revoked_at__isnull=True)
        .first()
    )
    if key is None:
        return None
    return Actor(
        organization=key.organization,
        role=f"api_{key.access}",
        can_write=key.access == ApiKeyAccess.READ_WRITE,
        api_key=key,
    )


def members_of(organization: Organization) -> QuerySet[Membership]:
    return Membership.objects.for_org(organization).select_related("user").order_by("user__email")


def open_invitations_of(organization: Organization) -> QuerySet[Invitation]:
    return Invitation.objects.for_org(organization).filter(accepted_at__isnull=True)


def api_keys_of(organization: Organization) -> QuerySet[ApiKey]:
    return ApiKey.objects.for_org(organization).select_related("created_by")


def recent_events_of(organization: Organization, limit: int = 20) -> QuerySet[AccountEvent]:
    return AccountEvent.objects.for_org(organization).select_related("actor")[:limit]
