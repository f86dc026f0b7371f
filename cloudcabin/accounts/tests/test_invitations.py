"""An invitation link is not a bearer token: only the person it was sent to can use it,
once, even when two accepts race."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from cloudcabin.accounts import services
from cloudcabin.accounts.models import (
    AccountEvent,
    AccountEventKind,
    Invitation,
    Membership,
    Role,
    User,
)
from cloudcabin.bookings.tests.test_concurrency import file_database_for_threads
from cloudcabin.errors import ProblemError
from conftest import PASSWORD


def invite(tenants, email: str, role: str = Role.OWNER) -> str:
    """The invitation's one-time path, as the owner's e-mail carries it."""
    _invitation, link = services.invite_member(
        actor=tenants.actor(tenants.owner), email=email, role=role
    )
    return link[link.index("/invitations/") :]


def token_of(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]


@pytest.mark.django_db
def test_another_companys_owner_cannot_accept_an_owner_invitation_sent_to_someone_else(tenants):
    path = invite(tenants, "new.owner@silkroad.example")
    charlie = tenants.client_for(tenants.stranger)

    page = charlie.get(path)
    assert page.status_code == 200
    assert 'data-testid="other-person"' in page.content.decode()
    assert "Accept invitation" not in page.content.decode()

    response = charlie.post(path)
    assert response.status_code == 403
    assert "new.owner@silkroad.example" in response.content.decode()
    assert not Membership.objects.filter(user=tenants.stranger, organization=tenants.org).exists()
    assert Invitation.objects.get().is_open


@pytest.mark.django_db
def test_the_service_refuses_a_signed_in_person_the_invitation_was_not_sent_to(tenants):
    token = token_of(invite(tenants, "new.owner@silkroad.example"))
    with pytest.raises(ProblemError) as refused:
        services.accept_invitation(token=token, user=tenants.stranger)
    assert [p.code for p in refused.value.problems] == ["INVITATION_OTHER_EMAIL"]
    assert refused.value.status == 403
    assert not AccountEvent.objects.filter(kind=AccountEventKind.MEMBER_JOINED).exists()


@pytest.mark.django_db
def test_the_invited_person_accepts_whatever_the_case_of_either_address(tenants):
    token = token_of(invite(tenants, "Dana.Ops@Example.COM", role=Role.MEMBER))
    # An invitation stored before addresses were normalised keeps its capitals.
    Invitation.objects.update(email="Dana.Ops@Example.COM")
    dana = User.objects.create_user("dana.ops@example.com", PASSWORD)
    membership = services.accept_invitation(token=token, user=dana)
    assert membership.organization == tenants.org and membership.role == Role.MEMBER


@pytest.mark.django_db
def test_a_used_invitation_cannot_be_accepted_again(tenants):
    path = invite(tenants, "dana@silkroad.example", role=Role.MEMBER)
    dana = User.objects.create_user("dana@silkroad.example", PASSWORD)
    client = tenants.client_for(dana)
    assert client.post(path).status_code == 302
    assert client.post(path).status_code == 404
    assert Membership.objects.filter(user=dana, organization=tenants.org).count() == 1


def race(times: int, accept) -> list[BaseException | object]:
    """Run ``accept`` in ``times`` threads released together; what each returned or raised."""
    barrier = threading.Barrier(times)
    outcomes: list[BaseException | object] = []

    def run() -> None:
        try:
            barrier.wait(timeout=10)
            outcomes.append(accept())
        except BaseException as exc:
            outcomes.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def refused_codes(outcomes: list[BaseException | object]) -> list[str]:
    codes = []
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            assert isinstance(outcome, ProblemError), repr(outcome)
            codes += [p.code for p in outcome.problems]
    return codes


@pytest.mark.django_db(transaction=True)
def test_parallel_accepts_of_one_invitation_make_one_membership(tenants, tmp_path):
    token = token_of(invite(tenants, "dana@silkroad.example", role=Role.MEMBER))
    dana = User.objects.create_user("dana@silkroad.example", PASSWORD)
    with file_database_for_threads(tmp_path):
        outcomes = race(4, lambda: services.accept_invitation(token=token, user=dana))
        assert len(outcomes) == 4
        assert sum(isinstance(o, Membership) for o in outcomes) == 1
        assert set(refused_codes(outcomes)) <= {"INVITATION_INVALID", "ALREADY_MEMBER"}
        check = race(
            1,
            lambda: (
                Membership.objects.filter(user=dana, organization=tenants.org).count(),
                AccountEvent.objects.filter(kind=AccountEventKind.MEMBER_JOINED).count(),
            ),
        )
        assert check == [(1, 1)]


@pytest.mark.django_db(transaction=True)
def test_parallel_sign_ups_by_one_invitation_make_one_account_and_one_membership(tenants, tmp_path):
    token = token_of(invite(tenants, "erin@silkroad.example", role=Role.MEMBER))
    with file_database_for_threads(tmp_path):
        outcomes = race(
            4, lambda: services.join_by_invitation(token=token, password="another good pass 7")
        )
        assert sum(isinstance(o, Membership) for o in outcomes) == 1
        assert set(refused_codes(outcomes)) <= {"INVITATION_INVALID", "EMAIL_TAKEN"}
        check = race(
            1,
            lambda: (
                User.objects.filter(email="erin@silkroad.example").count(),
                Membership.objects.filter(user__email="erin@silkroad.example").count(),
            ),
        )
        assert check == [(1, 1)]
