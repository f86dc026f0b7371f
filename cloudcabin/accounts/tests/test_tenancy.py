from __future__ import annotations

import pytest
from django.http import Http404

from cloudcabin.accounts.models import AccountEvent, ApiKey, Membership, Organization, Role
from cloudcabin.accounts.selectors import actor_for_api_key
from cloudcabin.accounts.tenancy import acting_organization_ids, get_for_org_or_404


def acting_for(tenants, user):
    return set(acting_organization_ids(tenants.actor(user)))


@pytest.mark.django_db
def test_people_act_only_for_their_own_organization(tenants):
    assert acting_for(tenants, tenants.owner) == {tenants.org.pk}
    assert acting_for(tenants, tenants.colleague) == {tenants.org.pk}
    assert acting_for(tenants, tenants.stranger) == {tenants.stranger_org.pk}


@pytest.mark.django_db
def test_an_agent_acts_for_the_operator_and_the_organizations_assigned_to_them(tenants):
    assert acting_for(tenants, tenants.agent) == {tenants.operator_org.pk, tenants.org.pk}


@pytest.mark.django_db
def test_a_dispatcher_of_the_operator_acts_for_every_organization(tenants):
    Membership.objects.filter(user=tenants.agent).update(role=Role.DISPATCHER)
    assert acting_for(tenants, tenants.agent) == set(
        Organization.objects.values_list("pk", flat=True)
    )


@pytest.mark.django_db
def test_a_dispatcher_role_outside_the_operator_grants_nothing_extra(tenants):
    Membership.objects.filter(user=tenants.stranger).update(role=Role.DISPATCHER)
    assert acting_for(tenants, tenants.stranger) == {tenants.stranger_org.pk}


@pytest.mark.django_db
def test_an_agent_role_outside_the_operator_grants_nothing_extra(tenants):
    from cloudcabin.accounts.models import AgentAssignment

    Membership.objects.filter(user=tenants.agent).update(
        organization=tenants.stranger_org, role=Role.AGENT
    )
    Organization.objects.filter(pk=tenants.stranger_org.pk).update(is_operator=False)
    assert AgentAssignment.objects.filter(agent=tenants.agent).exists()
    assert acting_for(tenants, tenants.agent) == {tenants.stranger_org.pk}


@pytest.mark.django_db
def test_an_agent_acting_for_a_client_company_they_belong_to_sees_only_that_company(tenants):
    # The agent is also a member of the stranger's company: acting for it, the operator's
    # assignments do not come along.
    Membership.objects.create(user=tenants.agent, organization=tenants.stranger_org)
    from cloudcabin.accounts.selectors import actor_for_user

    actor = actor_for_user(tenants.agent, tenants.stranger_org.pk)
    assert actor is not None
    assert set(acting_organization_ids(actor)) == {tenants.stranger_org.pk}


@pytest.mark.django_db
def test_an_operator_api_key_acts_for_the_operator_only(tenants):
    Membership.objects.filter(user=tenants.agent).update(role=Role.OWNER)
    actor = actor_for_api_key(tenants.api_key(tenants.agent))
    assert actor is not None
    assert set(acting_organization_ids(actor)) == {tenants.operator_org.pk}


@pytest.mark.django_db
def test_for_actor_filters_tenant_rows(tenants):
    tenants.api_key(tenants.owner)
    tenants.api_key(tenants.stranger)
    colleague = tenants.actor(tenants.colleague)
    assert {k.organization_id for k in ApiKey.objects.for_actor(colleague)} == {tenants.org.pk}
    assert AccountEvent.objects.for_actor(tenants.actor(tenants.stranger)).count() == 1


@pytest.mark.django_db
def test_missing_and_foreign_rows_give_the_same_404(tenants):
    tenants.api_key(tenants.owner)
    key = ApiKey.objects.get()
    assert get_for_org_or_404(ApiKey.objects.all(), tenants.org, pk=key.pk) == key
    with pytest.raises(Http404):
        get_for_org_or_404(ApiKey.objects.all(), tenants.stranger_org, pk=key.pk)
    with pytest.raises(Http404):
        get_for_org_or_404(ApiKey.objects.all(), tenants.org, pk=key.pk + 1000)
    with pytest.raises(Http404):
        get_for_org_or_404(ApiKey.objects.all(), tenants.org, pk="not-a-number")
