"""The shared three-company test base, used by every app's tests.

- Alice owns "Xi'an Silk Road Trading" (CN); Bob is her read-only colleague.
- Charlie owns "Duisburg Import GmbH" (DE): the stranger, who must get a 404 from
  every page and endpoint that shows Alice's data.
- Olga is an agent of the operator, assigned to Alice's organization.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import translation

from cloudcabin.accounts.models import (
    AgentAssignment,
    Membership,
    Organization,
    Role,
    User,
)
from cloudcabin.accounts.selectors import actor_for_user
from cloudcabin.accounts.services import create_api_key
from cloudcabin.accounts.tenancy import Actor

PASSWORD = "correct horse battery staple 42"


@dataclass
class Tenants:
    org: Organization
    stranger_org: Organization
    operator_org: Organization
    owner: User
    colleague: User
    stranger: User
    agent: User

    def actor(self, user: User) -> Actor:
        actor = actor_for_user(user)
        assert actor is not None
        return actor

    def client_for(self, user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    def api_key(self, user: User | None = None, access: str = "read_write") -> str:
        _, plain = create_api_key(
            actor=self.actor(user or self.owner), name="test key", access=access
        )
        return plain


def _person(email: str, organization: Organization, role: str) -> User:
    user = User.objects.create_user(email, PASSWORD, full_name=email.split("@")[0].title())
    Membership.objects.create(user=user, organization=organization, role=role)
    return user


@pytest.fixture
def tenants(db: None) -> Tenants:
    return make_tenants()


def make_tenants() -> Tenants:
    org = Organization.objects.create(
        name_en="Xi'an Silk Road Trading Co., Ltd.",
        name_zh="西安丝路贸易有限公司",
        country="CN",
        uscc="91610131MA6TXXXX0X",
        uscc_checksum_confirmed=True,
        address="International Trade & Logistics Park, Xi'an",
    )
    stranger_org = Organization.objects.create(
        name_en="Duisburg Import GmbH", country="DE", eori="DE123456789012345"[:17]
    )
    # The operator runs the trains and files the EU entry summary as their carrier.
    operator_org = Organization.objects.create(
        name_en="Cloudcabin Forwarding",
        name_zh="云舱货运代理",
        country="CN",
        address="Gangwu Avenue 1, 710026 Xi'an",
        eori="PL1234567890000",
        is_operator=True,
    )
    agent = _person("olga@operator.example", operator_org, Role.AGENT)
    AgentAssignment.objects.create(agent=agent, organization=org)
    return Tenants(
        org=org,
        stranger_org=stranger_org,
        operator_org=operator_org,
        owner=_person("alice@silkroad.example", org, Role.OWNER),
        colleague=_person("bob@silkroad.example", org, Role.READ_ONLY),
        stranger=_person("charlie@duisburg.example", stranger_org, Role.OWNER),
        agent=agent,
    )


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: object) -> None:
    """Argon2 is deliberately slow; tests that are not about hashing use MD5 instead."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def media_in_a_temporary_folder(
    request: pytest.FixtureRequest, settings: object, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Stored files go to a folder of the test's own: issued files are never overwritten, so
    a file left by an earlier test (ids restart with each test) would refuse the next issue.
    The tenancy world, built once per module, keeps the folder it issued its pack into."""
    if "world_once" not in request.fixturenames:
        settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def english_by_default() -> None:
    """Requests activate their user's language in the thread; start each test in English."""
    translation.activate("en")


@pytest.fixture(autouse=True)
def fresh_redis_cache() -> None:
    """With REDIS_URL (CI runs the cache tests so), each test starts with an empty cache:
    the database cache's rows are rolled back with the test, Redis keeps what it is given."""
    from django.conf import settings
    from django.core.cache import cache

    if "redis" in settings.CACHES["default"]["BACKEND"]:
        cache.clear()
