from __future__ import annotations

import pytest
from django.http import Http404

from cloudcabin.accounts.models import AccountEvent, ApiKey, Organization
from cloudcabin.accounts.tenancy import get_for_org_or_404, visible_organization_ids


@pytest.mark.django_db
def test_people_see_only_their_own_organizations(tenants):
    assert set(visible_organization_ids(tenants.owner)) == {tenants.org.pk}
    assert set(visible_organization_ids(tenants.colleague)) == {tenants.org.pk}
    assert set(visible_organization_ids(tenants.stranger)) == {tenants.stranger_org.pk}


@pytest.mark.django_db
def test_an_agent_sees_the_organizations_assigned_to_them(tenants):
    assert set(visible_organization_ids(tenants.agent)) == {
        tenants.operator_org.pk,
        tenants.org.pk,
    }


@pytest.mark.django_db
def test_an_agent_role_outside_the_operator_grants_nothing_extra(tenants):
    from cloudcabin.accounts.models import AgentAssignment, Membership, Role

    Membership.objects.filter(user=tenants.agent).update(
        organization=tenants.stranger_org, role=Role.AGENT
    )
    Organization.objects.filter(pk=tenants.stranger_org.pk).update(is_operator=False)
    assert AgentAssignment.objects.filter(agent=tenants.agent).exists()
    assert set(visible_organization_ids(tenants.agent)) == {tenants.stranger_org.pk}


@pytest.mark.django_db
def test_visible_to_filters_tenant_rows(tenants):
    tenants.api_key(tenants.owner)
    tenants.api_key(tenants.stranger)
    assert {k.organization_id for k in ApiKey.objects.visible_to(tenants.colleague)} == {
        tenants.org.pk
    }
    assert AccountEvent.objects.visible_to(tenants.stranger).count() == 1


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
