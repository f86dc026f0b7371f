"""Property-based API testing: schemathesis generates requests for every operation of the
OpenAPI schema the application serves and sends them in-process (WSGI) with a read-write
key of the demo company. Any 5xx, or an answer its documented schema does not describe,
fails. Seeded (derandomised), so a failure is the same on every run and machine.

The path parameters are the demo company's own ids, so the generated bodies reach the
real objects rather than stopping at a 404.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import response_schema_conformance

from cloudcabin.accounts.tests.tenancy_world import (
    PATH_VALUES,
    World,
    world_once,  # noqa: F401
)
from cloudcabin.api.main import api
from cloudcabin.reference.tests.conftest import reference_data, reference_subset_dir  # noqa: F401
from cloudcabin.wsgi import application

# Cases per operation: 82 operations × up to 15 ≈ 1,200 cases; operations with few inputs
# run out of distinct cases sooner. About two minutes on two cores.
EXAMPLES_PER_OPERATION = 15

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = application
CASES: list[str] = []  # the operation of every case sent, for the count below


@pytest.fixture(scope="module", autouse=True)
def at_least_a_thousand_cases() -> Iterator[None]:
    yield
    operations = {op.ok().label for op in schema.get_all_operations() if isinstance(op, Ok)}
    if operations <= set(CASES):  # the whole schema ran, not a selection of it
        print(f"schemathesis: {len(CASES)} cases over {len(operations)} operations")
        assert len(CASES) >= 1000, f"only {len(CASES)} generated cases"


@pytest.fixture(autouse=True)
def connection_kept_across_requests() -> Iterator[None]:
    """The WSGI handler closes the database connection when a request ends; inside the
    test's transaction on PostgreSQL that would close it for good. Django's test client
    detaches the same handler."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def key(world_once: World, db: None) -> str:  # noqa: F811
    return world_once.tenants.api_key(world_once.tenants.owner)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_no_generated_request_gets_a_server_error_or_an_undocumented_answer(
    case: Any,
    key: str,
    world_once: World,  # noqa: F811
) -> None:
    for name in case.path_parameters or {}:
        if name in PATH_VALUES:
            case.path_parameters[name] = PATH_VALUES[name](world_once)
    CASES.append(case.operation.label)
    case.call_and_validate(
        headers={"X-API-Key": key},
        checks=[not_a_server_error, response_schema_conformance],
    )
