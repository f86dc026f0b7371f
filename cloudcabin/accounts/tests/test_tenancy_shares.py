"""Tenancy of shared shipments, generated from the routes like ``test_tenancy_routes``: the
organization the owner's shipment is shared with (the consignee) reads the shipment and its
issued documents, and every other page and API operation on the owner's objects answers
it exactly as it answers the stranger: 404, nothing changed.

A new read route that should serve shared organizations goes in ``SHARED_READ_PAGES`` or
``SHARED_READ_API``; anything else stays the owner's.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from cloudcabin.accounts.tests.tenancy_world import World, changed_tables, snapshot
from cloudcabin.accounts.tests.tenancy_world import world_once as world_once
from cloudcabin.accounts.tests.test_tenancy_routes import (
    _call,
    _page,
    api_routes,
    page_routes,
)
from cloudcabin.reference.tests.conftest import reference_data, reference_subset_dir  # noqa: F401

SHARED_READ_PAGES = {
    "shipments/<int:shipment_id>/",
    "documents/shipments/<int:shipment_id>/v<int:version>/<slug:kind>.<slug:fmt>",
    "documents/shipments/<int:shipment_id>/v<int:version>.zip",
}
SHARED_READ_API = {
    ("get", "/api/v1/shipments/{shipment_id}"),
    ("get", "/api/v1/documents/shipments/{shipment_id}/packs"),
    ("get", "/api/v1/documents/shipments/{shipment_id}/packs/{version}"),
    ("get", "/api/v1/documents/shipments/{shipment_id}/packs/{version}/files/{kind}.{fmt}"),
    ("get", "/api/v1/documents/shipments/{shipment_id}/packs/{version}/zip"),
}


@pytest.fixture
def world(world_once: World, db: None) -> World:
    return world_once


def _partner_key(world: World) -> str:
    return world.tenants.api_key(world.partner)


def test_the_shared_organization_reads_the_shipment_and_its_issued_documents(
    world: World,
) -> None:
    pages = world.tenants.client_for(world.partner)
    api = Client(headers={"X-API-Key": _partner_key(world)})
    failures = []
    for route in page_routes():
        if route.template in SHARED_READ_PAGES:
            status = pages.get(route.path_for(world)).status_code
            if status != 200:
                failures.append(f"GET {route.template} → {status}")
    for route in api_routes():
        if (route.method, route.template) in SHARED_READ_API:
            status = api.get(route.path_for(world)).status_code
            if status != 200:
                failures.append(f"GET {route.template} → {status}")
    assert not failures, failures


def test_the_shared_organization_gets_404_from_every_other_page_of_the_owners_objects(
    world: World,
) -> None:
    partner = world.tenants.client_for(world.partner)
    failures = []
    for route in page_routes():
        if not route.parameters:
            continue
        for method in ("get", "post"):
            if method == "get" and route.template in SHARED_READ_PAGES:
                continue
            before = snapshot()
            status, final, _response = _page(partner, method, route, world, missing=False)
            changed = changed_tables(before)
            missing = _page(partner, method, route, world, missing=True)
            same_as_missing = (status, final) == missing[:2]
            if (final != 404 and not (same_as_missing and status in (302, 405))) or changed:
                failures.append(f"{method.upper()} {route.template} → {status} {changed}")
    assert not failures, "\n".join(failures)


def test_the_shared_organization_gets_404_from_every_other_api_operation(world: World) -> None:
    partner = Client(headers={"X-API-Key": _partner_key(world)})
    failures = []
    for route in api_routes():
        if not route.parameters or (route.method, route.template) in SHARED_READ_API:
            continue
        before = snapshot()
        response = _call(partner, route, world)
        changed = changed_tables(before)
        status = response.status_code
        missing = _call(partner, route, world, missing=True).status_code
        if status == 404:
            wrong = json.loads(response.content)["errors"][0]["code"] != "NOT_FOUND"
        else:
            wrong = not (status == missing and status in (403, 405))
        if wrong or changed:
            failures.append(f"{route.method.upper()} {route.template} → {status} {changed}")
    assert not failures, "\n".join(failures)


def test_every_shared_read_route_exists(world: World) -> None:
    pages = {route.template for route in page_routes()}
    operations = {(route.method, route.template) for route in api_routes()}
    assert pages >= SHARED_READ_PAGES
    assert operations >= SHARED_READ_API
