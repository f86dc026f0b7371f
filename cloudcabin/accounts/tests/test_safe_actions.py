"""Safe actions on the accounts pages: each asks first and says what happens; a role
changes only with a button; operator-only roles are neither offered to nor given by a
customer company."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from cloudcabin.accounts import services
from cloudcabin.accounts.forms import role_options
from cloudcabin.accounts.models import ApiKey, Membership
from cloudcabin.errors import ProblemError

pytestmark = pytest.mark.django_db


def _confirms(page: str) -> list[str]:
    return [html.unescape(text) for text in re.findall(r'data-confirm="([^"]*)"', page)]


def _members_page(tenants) -> str:
    return tenants.client_for(tenants.owner).get(reverse("accounts:members")).content.decode()


def test_a_role_drop_down_no_longer_saves_on_change_but_has_a_button(tenants):
    page = _members_page(tenants)
    assert "data-autosubmit" not in page
    assert page.count(">Change role</button>") == 2  # Alice and Bob


def test_each_other_role_asks_naming_the_person_and_what_the_role_allows(tenants):
    bob = Membership.objects.get(user=tenants.colleague)
    options = {o.value: o for o in role_options(tenants.org, bob)}
    assert options["read_only"].selected and options["read_only"].confirm == ""
    assert options["owner"].confirm.startswith(
        "Change bob@silkroad.example from Read-only to Owner? An owner can"
    )
    assert "invite and remove members" in options["owner"].confirm
    assert "cannot manage members" in options["member"].confirm
    assert options["owner"].confirm in _confirms(_members_page(tenants))


def test_a_customer_company_is_not_offered_operator_only_roles(tenants):
    bob = Membership.objects.get(user=tenants.colleague)
    assert [o.value for o in role_options(tenants.org, bob)] == ["owner", "member", "read_only"]
    page = _members_page(tenants)
    assert 'value="agent"' not in page and 'value="dispatcher"' not in page


def test_the_operator_is_offered_its_staff_roles(tenants):
    agent = Membership.objects.get(user=tenants.agent)
    values = [o.value for o in role_options(tenants.operator_org, agent)]
    assert values == ["owner", "member", "read_only", "agent", "dispatcher"]


@pytest.mark.parametrize("role", ["agent", "dispatcher"])
def test_the_service_refuses_an_operator_role_posted_for_a_customer_company(tenants, role):
    bob = Membership.objects.get(user=tenants.colleague)
    with pytest.raises(ProblemError) as exc_info:
        services.change_member_role(
            actor=tenants.actor(tenants.owner), membership_id=bob.pk, role=role
        )
    assert [(p.code, p.path) for p in exc_info.value.problems] == [("ROLE_NOT_GRANTABLE", "role")]
    with pytest.raises(ProblemError) as invite_info:
        services.invite_member(actor=tenants.actor(tenants.owner), email="x@y.example", role=role)
    assert invite_info.value.problems[0].code == "ROLE_NOT_GRANTABLE"


def test_posting_agent_on_the_members_page_shows_the_refusal_and_changes_nothing(tenants):
    bob = Membership.objects.get(user=tenants.colleague)
    page = tenants.client_for(tenants.owner).post(
        reverse("accounts:change_role", args=[bob.pk]), {"role": "agent"}, follow=True
    )
    assert "for the operator&#x27;s own staff" in page.content.decode()
    bob.refresh_from_db()
    assert bob.role == "read_only"


def test_a_confirmed_role_change_is_saved_and_said(tenants):
    bob = Membership.objects.get(user=tenants.colleague)
    page = tenants.client_for(tenants.owner).post(
        reverse("accounts:change_role", args=[bob.pk]), {"role": "member"}, follow=True
    )
    assert "bob@silkroad.example is now Member." in page.content.decode()
    bob.refresh_from_db()
    assert bob.role == "member"


def test_removing_a_member_asks_naming_them_and_the_consequence(tenants):
    confirms = _confirms(_members_page(tenants))
    assert (
        "Remove bob@silkroad.example from Xi'an Silk Road Trading Co., Ltd.? "
        "They lose access at once; to undo, invite them again."
    ) in confirms
    # No one is asked to remove themselves: the owner has no remove button.
    assert not any(text.startswith("Remove alice@silkroad.example") for text in confirms)


def test_revoking_a_key_asks_naming_the_key_and_the_consequence(tenants):
    tenants.api_key(tenants.owner)
    key = ApiKey.objects.get()
    page = tenants.client_for(tenants.owner).get(reverse("accounts:api_keys")).content.decode()
    assert (
        f"Revoke the key “test key” ({key.prefix}…)? Programs that send it are refused from "
        "now on; a revoked key cannot be restored."
    ) in _confirms(page)
