"""Migration 0002 lower-cases stored e-mail addresses, and stops, naming them and changing
nothing, when two accounts differ only by case."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("accounts", "0001_initial")]
AFTER = [("accounts", "0003_email_unique_ignoring_case_and_dispatcher_role")]


@pytest.fixture
def before_normalisation() -> Iterator[MigrationExecutor]:
    """The database as it was before e-mail addresses ignored case; put back afterwards."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        yield executor
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())


def old_user_model(executor: MigrationExecutor) -> Any:
    return executor.loader.project_state(BEFORE).apps.get_model("accounts", "User")


def migrate_forward() -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)


def test_stored_addresses_become_lower_case(before_normalisation):
    User = old_user_model(before_normalisation)
    User.objects.create(email="Owner@Xian.Demo", password="!")
    User.objects.create(email="clerk@xian.demo", password="!")
    migrate_forward()
    from cloudcabin.accounts.models import User as CurrentUser

    assert sorted(CurrentUser.objects.values_list("email", flat=True)) == [
        "clerk@xian.demo",
        "owner@xian.demo",
    ]


def test_two_accounts_differing_only_by_case_stop_the_migration_with_their_names(
    before_normalisation,
):
    User = old_user_model(before_normalisation)
    first = User.objects.create(email="owner@xian.demo", password="!")
    second = User.objects.create(email="OWNER@xian.demo", password="!")
    User.objects.create(email="Clerk@xian.demo", password="!")
    with pytest.raises(RuntimeError) as stopped:
        migrate_forward()
    message = str(stopped.value)
    assert "owner@xian.demo" in message and "'OWNER@xian.demo'" in message
    assert f"id {first.pk}" in message and f"id {second.pk}" in message
    assert sorted(User.objects.values_list("email", flat=True)) == [
        "Clerk@xian.demo",
        "OWNER@xian.demo",
        "owner@xian.demo",
    ]  # nothing was changed, not even the address without a twin
    User.objects.filter(pk=second.pk).update(email="owner.second@xian.demo")
    migrate_forward()
