"""The tenancy chokepoint. Tenant-owned rows are reached only through these helpers.

Every tenant-owned model has an ``organization`` foreign key and uses ``TenantQuerySet``:
``Model.objects.for_org(org)`` for the acting organization's rows,
``Model.objects.visible_to(user)`` for everything a person may see (their organizations
plus, for an operator's agent, the organizations assigned to them).
``get_for_org_or_404`` gives the same 404 for "missing" and "someone else's".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404

from cloudcabin.errors import ProblemError

if TYPE_CHECKING:
    from cloudcabin.accounts.models import ApiKey, Organization, User

_M = TypeVar("_M", bound=models.Model)


class TenantQuerySet(models.QuerySet[_M]):
    def for_org(self, organization: Organization) -> TenantQuerySet[_M]:
        return self.filter(organization=organization)

    def visible_to(self, user: User) -> TenantQuerySet[_M]:
        return self.filter(organization_id__in=visible_organization_ids(user))


def visible_organization_ids(user: User) -> models.QuerySet[Any, int]:
    """Ids of the organizations whose data this person may see, as a subquery."""
    from cloudcabin.accounts.models import Membership, Organization, Role

    if not user.is_authenticated:
        return Organization.objects.none().values_list("id", flat=True)
    is_agent = Membership.objects.filter(
        user=user, role=Role.AGENT, organization__is_operator=True
    ).exists()
    condition = models.Q(memberships__user=user)
    if is_agent:
        condition |= models.Q(agent_assignments__agent=user)
    return Organization.objects.filter(condition).values_list("id", flat=True).distinct()


def get_for_org_or_404(
    queryset: models.QuerySet[_M], organization: Organization, **lookup: Any
) -> _M:
    """Fetch one row of the organization, or raise the same 404 whether it is absent or foreign."""
    try:
        return queryset.filter(organization=organization).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class Actor:
    """Who is acting and for which organization: a signed-in member, or an API key."""

    organization: Organization
    role: str
    can_write: bool
    user: User | None = None
    api_key: ApiKey | None = None

    @property
    def role_label(self) -> str:
        from cloudcabin.accounts.models import Role

        return str(dict(Role.choices).get(self.role, self.role))

    def require_write(self) -> None:
        if not self.can_write:
            raise ProblemError.of("PERMISSION_DENIED")

    def require_owner(self) -> None:
        from cloudcabin.accounts.models import Role

        if self.role != Role.OWNER:
            raise ProblemError.of("PERMISSION_DENIED")
