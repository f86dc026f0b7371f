"""The tenancy chokepoint. Tenant-owned rows are reached only through these helpers.

Every tenant-owned model has an ``organization`` foreign key and uses ``TenantQuerySet``:
``Model.objects.for_org(org)`` for the acting organization's rows,
``Model.objects.for_actor(actor)`` for every row the actor may act on.
``acting_organization_ids`` is the one answer to "which organizations may this actor act
for": a member or an API key acts for its own organization; an operator's agent for the
operator and the organizations assigned to them; an operator's dispatcher, who plans
whole trains, for every organization (a role given explicitly by the operator's owner).
``get_for_org_or_404`` gives the same 404 for "missing" and "someone else's".
A shipment may also be read by the organizations its owner shares it with:
``Shipment.objects.visible_to(org)`` (own plus shared) serves read views only, and every
write keeps finding its shipment with ``for_org``, so a shared organization's write is the
stranger's 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404

from cloudcabin.errors import ProblemError

if TYPE_CHECKING:
    from cloudcabin.accounts.models import ApiKey, Membership, Organization, User

_M = TypeVar("_M", bound=models.Model)


class TenantQuerySet(models.QuerySet[_M]):
    def for_org(self, organization: Organization) -> TenantQuerySet[_M]:
        return self.filter(organization=organization)

    def for_actor(self, actor: Actor) -> TenantQuerySet[_M]:
        if not actor.is_operator_staff:
            # A member or an API key acts for its own organization alone (as
            # acting_organization_ids says): no subquery to build and run on every request.
            return self.filter(organization_id=actor.organization.pk)
        return self.filter(organization_id__in=acting_organization_ids(actor))


def acting_organization_ids(actor: Actor) -> models.QuerySet[Any, int]:
    """Ids of the organizations this actor may act for, as a subquery."""
    from cloudcabin.accounts.models import Organization, Role

    organizations = Organization.objects.all()
    if not actor.sees_every_organization:
        condition = models.Q(pk=actor.organization.pk)
        if actor.is_operator_staff and actor.role == Role.AGENT:
            condition |= models.Q(agent_assignments__agent=actor.user)
        organizations = organizations.filter(condition)
    return organizations.values_list("id", flat=True).distinct()


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
    # A signed-in member's memberships, read with this one (the organization switcher).
    memberships: tuple[Membership, ...] = ()

    @property
    def role_label(self) -> str:
        from cloudcabin.accounts.models import Role

        return str(dict(Role.choices).get(self.role, self.role))

    @property
    def is_operator_staff(self) -> bool:
        """A signed-in agent or dispatcher of the operator (API keys act for their own org)."""
        from cloudcabin.accounts.models import OPERATOR_STAFF_ROLES

        return (
            self.user is not None
            and self.organization.is_operator
            and self.role in OPERATOR_STAFF_ROLES
        )

    @property
    def sees_every_organization(self) -> bool:
        """A dispatcher of the operator: whole trains, every customer's bookings on them."""
        from cloudcabin.accounts.models import Role

        return self.is_operator_staff and self.role == Role.DISPATCHER

    def require_write(self) -> None:
        if not self.can_write:
            raise ProblemError.of("PERMISSION_DENIED")

    def require_owner(self) -> None:
        from cloudcabin.accounts.models import Role

        if self.role != Role.OWNER:
            raise ProblemError.of("PERMISSION_DENIED")
