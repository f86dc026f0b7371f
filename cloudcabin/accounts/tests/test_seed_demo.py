from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from cloudcabin.accounts.models import AgentAssignment, Membership, Organization, User
from cloudcabin.accounts.selectors import actor_for_user
from cloudcabin.accounts.tenancy import acting_organization_ids


def counts() -> tuple[int, int, int, int]:
    return (
        Organization.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        AgentAssignment.objects.count(),
    )


@pytest.mark.django_db
def test_demo_seeding_prints_the_logins_and_a_second_run_changes_nothing():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "owner@xian.demo" in out.getvalue() and "cloudcabin-demo" in out.getvalue()
    first = counts()
    assert first == (3, 6, 5, 2)
    call_command("seed_demo", stdout=StringIO())
    assert counts() == first


@pytest.mark.django_db
def test_the_demo_agent_serves_both_demo_companies():
    call_command("seed_demo", stdout=StringIO())
    actor = actor_for_user(User.objects.get(email="agent@cloudcabin.demo"))
    assert actor is not None
    assert len(set(acting_organization_ids(actor))) == 3


@pytest.mark.django_db
def test_the_demo_dispatcher_acts_for_every_organization():
    call_command("seed_demo", stdout=StringIO())
    actor = actor_for_user(User.objects.get(email="dispatcher@cloudcabin.demo"))
    assert actor is not None and actor.sees_every_organization
    assert set(acting_organization_ids(actor)) == set(
        Organization.objects.values_list("pk", flat=True)
    )


@pytest.mark.django_db
def test_the_demo_agent_maintains_reference_tables_in_the_back_office():
    call_command("seed_demo", stdout=StringIO())
    client = Client()
    client.force_login(User.objects.get(email="agent@cloudcabin.demo"))
    assert client.get("/admin/reference/customscode/").status_code == 200
    assert client.get("/admin/reference/customscode/add/").status_code == 200
    assert client.get("/admin/accounts/organization/").status_code == 403
