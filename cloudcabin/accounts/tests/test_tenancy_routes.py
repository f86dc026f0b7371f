"""Tenancy, generated from the routes: every page and every API operation is requested by
the stranger company with the owner's ids, and every write by the read-only colleague.

A route needs nothing here to be guarded: it is found by walking the URL patterns and the
OpenAPI schema the application serves. Only public routes are listed (``PUBLIC_PAGES``,
``PUBLIC_API``) and the operator's shared timetable (``SHARED_API``, ``SHARED_PAGES``),
each with its reason; a path parameter without an owner's value in ``PATH_VALUES`` fails.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from cloudcabin.accounts.tests.tenancy_world import (
    BODY_VALUES,
    MARKERS,
    PATH_VALUES,
    World,
    changed_tables,
    snapshot,
    world_once,  # noqa: F401
)
from cloudcabin.api.main import api
from cloudcabin.reference.tests.conftest import reference_data, reference_subset_dir  # noqa: F401

WRITES = ("post", "put", "patch", "delete")

# Pages anyone may open, signed in or not, or that show no company's data.
PUBLIC_PAGES = {
    "": "the home page",
    "signup/": "sign-up",
    "signup/identifiers/": "the sign-up form's fields for a country",
    "login/": "sign-in",
    "logout/": "sign-out",
    "language/": "the language switch",
    "i18n/setlang/": "Django's language switch",
    "healthz": "the health check",
    "readyz": "the readiness check (no company's data)",
    "metrics": "Prometheus metrics: counters only, for the scraper's network or token",
    "reference/": "the public reference search",
    "reference/hs/suggest": "HS code suggestions from the public reference",
    "reference/places/suggest": "place suggestions from the public reference",
    "routes/": "the public route search",
    "routes/places/suggest": "place suggestions for the public route search",
    "routes/contact/": "the public enquiry form",
    "documents/verify/<str:short_code>/": "public verification of an issued document",
    "invitations/<str:token>/": "the invitation link: a bearer of the token, not a member",
    "shipments/shared/<str:token>/": "a shipment's share invitation: a bearer of the token",
    "password/reset/": "asking for a password reset link",
    "password/reset/sent/": "the reset link was sent",
    "password/reset/<uidb64>/<token>/": "the reset link: a bearer of the token, signed out",
    "password/reset/complete/": "the password was reset",
    "tracking/t/<str:link_token>/": "the consignee's tracking link: a bearer of the token",
}
# Django's admin is the back office: staff only, outside the tenants' pages.
ADMIN_PREFIX = "admin/"
API_PREFIX = "api/v1/"

PUBLIC_API = {
    ("get", "/api/v1/documents/verify/{short_code}"): "public verification of a document",
    ("post", "/api/v1/documents/verify/{short_code}"): "public verification of an upload",
    ("post", "/api/v1/network/enquiries"): "the public enquiry form",
    ("post", "/api/v1/network/routes/search"): "the public route search",
}
# Data every company reads alike: no company owns it, so no stranger is refused it.
SHARED_API = {
    ("get", "/api/v1/bookings/departures/{departure_id}"): "a departure is on the timetable",
    ("get", "/api/v1/reference/hs/{code}"): "the customs tariff",
    ("get", "/api/v1/reference/national-codes/{code}"): "the customs tariff",
    ("get", "/api/v1/reference/places/{locode}"): "UN/LOCODE places",
    ("get", "/api/v1/reference/declared-elements/{code}"): "declared-elements templates",
    ("post", "/api/v1/compliance/goods-check"): "the goods rules, applied to the body alone",
}
SHARED_PAGES: dict[str, str] = {}
# Pages without ids whose POST changes the poster's own organization only: the stranger
# may use them for itself (the read-only colleague is still refused).
OWN_ORGANIZATION_POSTS = {
    "next-steps/dismiss/": "hides the next steps on the poster's own home page",
}
# Operations that write nothing although they are POSTs: a read-only member may call them.
READS_BY_POST = {
    ("post", "/api/v1/documents/shipments/{shipment_id}/preview"): "renders, stores nothing",
    ("post", "/api/v1/compliance/screen"): "screens a name against the lists, stores nothing",
    ("post", "/api/v1/compliance/hs/suggest"): "suggests HS codes, stores nothing",
}

_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>|\{(?P<api_name>[^}]+)\}")


@dataclass(frozen=True)
class Route:
    template: str  # as written in urls.py or the OpenAPI schema
    method: str  # "get" for pages: they are also posted to

    @property
    def parameters(self) -> list[str]:
        return [m.group("name") or m.group("api_name") for m in _PARAMETER.finditer(self.template)]

    def path_for(self, world: World, *, missing: bool = False) -> str:
        """The path to the owner's object, or (``missing``) to one that does not exist."""

        def value(match: re.Match[str]) -> str:
            name = match.group("name") or match.group("api_name")
            if name not in PATH_VALUES:
                raise AssertionError(
                    f"{self.template}: no owner's value for the path parameter {name!r}; "
                    "add it to PATH_VALUES in cloudcabin/accounts/tests/tenancy_world.py"
                )
            found = PATH_VALUES[name](world)
            if missing and name not in ("kind", "fmt", "decision", "extension"):
                return "987654" if isinstance(found, int) else "missing0"
            return str(found)

        path = _PARAMETER.sub(value, self.template)
        return path if path.startswith("/") else "/" + path


@functools.cache
def _schema() -> dict[str, Any]:
    """The OpenAPI schema the application serves (building it takes a while: once)."""
    return dict(api.get_openapi_schema())


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def page_routes() -> list[Route]:
    templates = sorted(set(_walk(get_resolver().url_patterns)))
    return [
        Route(template, "get")
        for template in templates
        if not template.startswith((ADMIN_PREFIX, API_PREFIX))
        and template not in PUBLIC_PAGES
        and template not in SHARED_PAGES
    ]


def api_routes() -> list[Route]:
    schema = _schema()
    return [
        Route(path, method)
        for path, operations in schema["paths"].items()
        for method in operations
        if (method, path) not in PUBLIC_API and (method, path) not in SHARED_API
    ]


def _text(response: HttpResponse) -> str:
    if response.get("Content-Type", "").startswith(("text/", "application/json")):
        return response.content.decode("utf-8", "replace")
    return ""


def _leaks(response: HttpResponse) -> list[str]:
    body = _text(response)
    return [marker for marker in MARKERS if marker in body]


def _minimal(schema: dict[str, Any], components: dict[str, Any], world: World) -> Any:
    """The smallest value the schema accepts, with the owner's ids for id fields: a body
    that passes validation, so the answer is the endpoint's tenancy or role check."""
    if "$ref" in schema:
        return _minimal(components[schema["$ref"].rsplit("/", 1)[-1]], components, world)
    for combined in ("anyOf", "oneOf", "allOf"):
        if combined in schema:
            options = [o for o in schema[combined] if o.get("type") != "null"]
            return _minimal(options[0], components, world)
    if "enum" in schema:
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties", {})
        values = {**PATH_VALUES, **BODY_VALUES}
        return {
            name: values[name](world)
            if name in values
            else _minimal(properties[name], components, world)
            for name in schema.get("required", [])
        }
    if kind == "array":
        return [_minimal(schema["items"], components, world)] * schema.get("minItems", 0)
    if kind == "string":
        if schema.get("format") == "date":
            return "2026-12-01"
        if schema.get("format") == "date-time":
            return "2026-12-01T00:00:00Z"
        if schema.get("format") == "binary":
            return b"x"
        return "x" * max(1, schema.get("minLength", 1))
    if kind in ("integer", "number"):
        return max(1, schema.get("minimum", 1))
    if kind == "boolean":
        return False
    return None


def _call(client: Client, route: Route, world: World, *, missing: bool = False) -> HttpResponse:
    schema = _schema()
    operation = schema["paths"][route.template][route.method]
    content = operation.get("requestBody", {}).get("content", {})
    path = route.path_for(world, missing=missing)
    send = getattr(client, route.method)
    components = schema["components"]["schemas"]
    if "multipart/form-data" in content:
        form = _minimal(content["multipart/form-data"]["schema"], components, world)
        files = {
            k: SimpleUploadedFile(f"{k}.csv", v) if isinstance(v, bytes) else v
            for k, v in form.items()
        }
        response: HttpResponse = send(path, files)
        return response
    body = _minimal(content["application/json"]["schema"], components, world) if content else None
    response = send(path, body, content_type="application/json")
    return response


def _page(client: Client, method: str, route: Route, world: World, *, missing: bool) -> Any:
    """The first answer and where its redirects end."""
    response = getattr(client, method)(route.path_for(world, missing=missing), follow=True)
    first = response.redirect_chain[0][1] if response.redirect_chain else response.status_code
    return first, response.status_code, response


@pytest.fixture
def world(world_once: World, db: None) -> World:  # noqa: F811
    return world_once


def test_every_route_is_guarded_or_listed_as_public_and_every_parameter_has_a_value() -> None:
    templates = set(_walk(get_resolver().url_patterns))
    assert not set(PUBLIC_PAGES) - templates, "a public page listed here no longer exists"
    operations = {(method, path) for path, ops in _schema()["paths"].items() for method in ops}
    assert not (set(PUBLIC_API) | set(SHARED_API)) - operations
    unknown = {
        (route.template, name)
        for route in page_routes() + api_routes()
        for name in route.parameters
        if name not in PATH_VALUES
    }
    assert not unknown, (
        f"path parameters with no owner's value: {sorted(unknown)}; add each to PATH_VALUES "
        "in cloudcabin/accounts/tests/tenancy_world.py"
    )


def test_every_api_operation_answers_at_the_path_the_schema_documents(world: World) -> None:
    unresolved = []
    for route in api_routes():
        try:
            resolve(route.path_for(world))
        except Resolver404:
            unresolved.append(f"{route.method.upper()} {route.template}")
    assert not unresolved, f"documented but not served: {unresolved}"


def test_the_owner_reads_every_api_resource_the_stranger_is_refused(world: World) -> None:
    """The control: the ids are right, so the stranger's 404s below are the guard's."""
    owner = Client(headers={"X-API-Key": world.tenants.api_key(world.tenants.owner)})
    # The operator's views (departure bookings, manifests, leads) are the agent's.
    agent = world.tenants.client_for(world.tenants.agent)
    failures = []
    for route in api_routes():
        if route.method != "get" or not route.parameters:
            continue
        path = route.path_for(world)
        status = owner.get(path).status_code
        if status in (403, 404):
            status = agent.get(path).status_code
        if status != 200:
            failures.append(f"GET {route.template} → {status}")
    assert not failures, failures


def _report(method: str, route: Route, status: int, leaked: list[str], changed: list[str]) -> str:
    return (
        f"{method.upper()} {route.template} → {status}"
        f"{' leaks ' + str(leaked) if leaked else ''}"
        f"{' changed ' + str(changed) if changed else ''}"
    )


def test_the_stranger_gets_404_from_every_api_operation_on_the_owners_objects(
    world: World,
) -> None:
    """With a body that passes validation; a refusal that does not depend on the object
    (a key may not manage keys: 403 for any id) is as good as the 404: it tells nothing."""
    stranger = Client(headers={"X-API-Key": world.tenants.api_key(world.tenants.stranger)})
    failures = []
    for route in api_routes():
        before = snapshot()
        response = _call(stranger, route, world)
        leaked = _leaks(response)
        status = response.status_code
        if route.parameters:
            changed = changed_tables(before)
            missing = _call(stranger, route, world, missing=True).status_code
            if status == 404:
                wrong = json.loads(response.content)["errors"][0]["code"] != "NOT_FOUND"
            else:
                wrong = not (status == missing and status in (403, 405))
        else:
            # Lists and creations in the stranger's own company: nothing of the owner's.
            changed, wrong = [], status >= 500
        if wrong or leaked or changed:
            failures.append(_report(route.method, route, status, leaked, changed))
    assert not failures, "\n".join(failures)


def test_the_stranger_gets_404_from_every_page_of_the_owners_objects(world: World) -> None:
    """A POST-only page answers 405 to a GET whatever the id, and a form that fails before
    the lookup redirects as it would for a missing object: neither tells anything."""
    stranger = world.tenants.client_for(world.tenants.stranger)
    failures = []
    for route in page_routes():
        for method in ("get", "post"):
            before = snapshot()
            status, final, response = _page(stranger, method, route, world, missing=False)
            leaked = _leaks(response)
            changed = changed_tables(before)
            if method == "post" and route.template in OWN_ORGANIZATION_POSTS:
                changed = [t for t in changed if t != "accounts.Organization"]
            if route.parameters:
                missing = _page(stranger, method, route, world, missing=True)
                same_as_missing = (status, final) == missing[:2]
                wrong = final != 404 and not (same_as_missing and status in (302, 405))
            else:
                wrong = final >= 500
            if wrong or leaked or changed:
                failures.append(_report(method, route, status, leaked, changed))
    assert not failures, "\n".join(failures)


def test_a_read_only_member_or_key_changes_nothing_through_any_api_write(world: World) -> None:
    readers = {
        "colleague's session": world.tenants.client_for(world.tenants.colleague),
        "read-only key": Client(
            headers={"X-API-Key": world.tenants.api_key(world.tenants.owner, "read_only")}
        ),
    }
    failures = []
    for who, reader in readers.items():
        for route in api_routes():
            if route.method not in WRITES:
                continue
            before = snapshot()
            response = _call(reader, route, world)
            changed = changed_tables(before)
            refused = response.status_code in (403, 404)
            if not (refused or (route.method, route.template) in READS_BY_POST) or changed:
                failed = _report(route.method, route, response.status_code, [], changed)
                failures.append(f"{who}: {failed}")
    assert not failures, "\n".join(failures)


def test_the_read_only_colleague_changes_nothing_by_posting_to_any_page(world: World) -> None:
    """Pages show a refusal beside the form (often after a redirect): what counts is that
    nothing is written."""
    colleague = world.tenants.client_for(world.tenants.colleague)
    failures = []
    for route in page_routes():
        before = snapshot()
        response = colleague.post(route.path_for(world))
        changed = changed_tables(before)
        if response.status_code >= 500 or changed:
            failures.append(_report("post", route, response.status_code, [], changed))
    assert not failures, "\n".join(failures)
