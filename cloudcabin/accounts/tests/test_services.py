from __future__ import annotations

import pytest
from django.core import mail
from django.http import Http404

from cloudcabin import settings as project_settings
from cloudcabin.accounts import services
from cloudcabin.accounts.models import (
    AccountEvent,
    AccountEventKind,
    ApiKey,
    Membership,
    Organization,
    Role,
    User,
)
from cloudcabin.accounts.selectors import actor_for_api_key
from cloudcabin.errors import ProblemError

SIGN_UP = {
    "email": "Wei@Example.CN",
    "password": "a long enough password 1",
    "name_en": "Chengdu Rail Goods Ltd.",
    "name_zh": "成都铁路货物有限公司",
    "country": "cn",
    "uscc": "91110000600037341L",
}


def error_codes(exc_info):
    return [(p.code, p.path) for p in exc_info.value.problems]


def test_passwords_are_hashed_with_argon2_by_default():
    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.django_db
def test_sign_up_creates_a_person_an_organization_and_an_owner_membership():
    membership = services.sign_up(**SIGN_UP)
    assert membership.role == Role.OWNER
    assert membership.user.email == "wei@example.cn"
    assert membership.organization.country == "CN"
    assert membership.organization.name_zh == "成都铁路货物有限公司"
    assert AccountEvent.objects.filter(
        organization=membership.organization, kind=AccountEventKind.ORGANIZATION_CREATED
    ).exists()


@pytest.mark.django_db
def test_sign_up_hashes_the_password_with_argon2(settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    membership = services.sign_up(**SIGN_UP)
    assert membership.user.password.startswith("argon2$")


@pytest.mark.django_db
def test_sign_up_with_a_bad_vat_number_saves_nothing():
    with pytest.raises(ProblemError) as exc_info:
        services.sign_up(**SIGN_UP | {"country": "DE", "uscc": "", "vat_number": "DE000"})
    assert error_codes(exc_info) == [("VAT_INVALID", "vat_number")]
    assert not User.objects.exists()
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_sign_up_refuses_an_unconfirmed_uscc_check_failure_but_takes_a_confirmed_one():
    bad = SIGN_UP | {"uscc": "91110000600037341X"}
    with pytest.raises(ProblemError) as exc_info:
        services.sign_up(**bad)
    assert error_codes(exc_info) == [("USCC_CHECK_DIGIT", "uscc")]
    membership = services.sign_up(**bad | {"uscc_checksum_confirmed": True})
    assert membership.organization.uscc == "91110000600037341X"


@pytest.mark.django_db
def test_sign_up_refuses_an_email_already_registered(tenants):
    with pytest.raises(ProblemError) as exc_info:
        services.sign_up(**SIGN_UP | {"email": "ALICE@silkroad.example"})
    assert error_codes(exc_info) == [("EMAIL_TAKEN", "email")]


@pytest.mark.django_db
def test_a_read_only_colleague_cannot_change_the_organization(tenants):
    with pytest.raises(ProblemError) as exc_info:
        services.update_organization(actor=tenants.actor(tenants.colleague), name_en="Hacked")
    assert error_codes(exc_info) == [("PERMISSION_DENIED", "")]
    tenants.org.refresh_from_db()
    assert tenants.org.name_en.startswith("Xi'an")


@pytest.mark.django_db
def test_an_owner_update_records_before_and_after(tenants):
    services.update_organization(actor=tenants.actor(tenants.owner), address="Chanba, Xi'an")
    event = AccountEvent.objects.get(kind=AccountEventKind.ORGANIZATION_UPDATED)
    assert event.detail["after"] == {"address": "Chanba, Xi'an"}
    assert event.actor == tenants.owner


@pytest.mark.django_db(transaction=True)
def test_an_invitation_is_mailed_after_commit_and_accepting_it_makes_a_member(tenants):
    _invitation, link = services.invite_member(
        actor=tenants.actor(tenants.owner), email="dan@silkroad.example", role=Role.MEMBER
    )
    assert len(mail.outbox) == 1 and link in mail.outbox[0].body
    token = link.rstrip("/").rsplit("/", 1)[-1]
    membership = services.join_by_invitation(token=token, password="another good password 7")
    assert membership.organization == tenants.org and membership.role == Role.MEMBER
    with pytest.raises(ProblemError) as exc_info:
        services.join_by_invitation(token=token, password="another good password 7")
    assert error_codes(exc_info) == [("INVITATION_INVALID", "")]


@pytest.mark.django_db
def test_the_last_owner_cannot_be_demoted_or_removed(tenants):
    owner_membership = Membership.objects.get(user=tenants.owner)
    actor = tenants.actor(tenants.owner)
    with pytest.raises(ProblemError) as exc_info:
        services.change_member_role(actor=actor, membership_id=owner_membership.pk, role="member")
    assert error_codes(exc_info) == [("LAST_OWNER", "role")]
    with pytest.raises(ProblemError):
        services.remove_member(actor=actor, membership_id=owner_membership.pk)


@pytest.mark.django_db
def test_an_owner_cannot_touch_another_organizations_membership(tenants):
    alice = Membership.objects.get(user=tenants.owner)
    with pytest.raises(Http404):
        services.remove_member(actor=tenants.actor(tenants.stranger), membership_id=alice.pk)
    assert Membership.objects.filter(pk=alice.pk).exists()


@pytest.mark.django_db
def test_an_api_key_is_stored_only_as_a_hash_and_authenticates_until_revoked(tenants):
    actor = tenants.actor(tenants.owner)
    key, plain = services.create_api_key(actor=actor, name="ERP", access="read_only")
    assert plain.startswith("cc_") and len(plain) > 40
    stored = ApiKey.objects.get(pk=key.pk)
    assert plain not in (
        stored.key_hash,
        stored.prefix,
    ) and stored.key_hash == services.hash_secret(plain)
    api_actor = actor_for_api_key(plain)
    assert api_actor is not None and api_actor.organization == tenants.org
    assert api_actor.can_write is False
    services.revoke_api_key(actor=actor, key_id=key.pk)
    assert actor_for_api_key(plain) is None


@pytest.mark.django_db
def test_an_api_key_needs_a_name_and_a_known_access_level(tenants):
    actor = tenants.actor(tenants.owner)
    with pytest.raises(ProblemError) as exc_info:
        services.create_api_key(actor=actor, name="  ", access="read_only")
    assert error_codes(exc_info) == [("REQUIRED", "name")]
    with pytest.raises(ProblemError) as exc_info:
        services.create_api_key(actor=actor, name="x", access="admin")
    assert error_codes(exc_info) == [("INVALID", "access")]
