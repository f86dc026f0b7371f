"""Optimistic concurrency on the pages: each form carries the version it was drawn from;
a save over someone else's newer one shows theirs with a plain message and saves nothing."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from cloudcabin.accounts.models import Membership, Role, User
from cloudcabin.shipments import services
from cloudcabin.shipments.forms import ContainerForm, ShipmentForm
from cloudcabin.shipments.inputs import LINE_FIELDS, PARTY_FIELDS
from cloudcabin.shipments.models import Container, GoodsLine, Party, Shipment
from cloudcabin.shipments.views.common import plain

pytestmark = pytest.mark.django_db
STALE = "Someone else saved this record after you opened it"


@dataclass
class PageRecord:
    """A versioned record as one of the pages edits it."""

    url: str
    page: str  # where its form is drawn
    field: str
    first: str
    second: str
    model: type[Shipment | GoodsLine | Container | Party]
    pk: int
    form_data: Callable[[Any], dict[str, str]]  # the form as drawn from the stored record
    htmx: bool = False

    def stored(self) -> Any:
        return self.model.objects.get(pk=self.pk)

    def post(self, client: Client, data: dict[str, str]) -> Any:
        if self.htmx:
            return client.post(self.url, data, HTTP_HX_REQUEST="true")
        return client.post(self.url, data)


def _strings(values: dict[str, Any]) -> dict[str, str]:
    return {key: "" if value is None else str(value) for key, value in values.items()}


def _header_data(shipment: Shipment) -> dict[str, str]:
    return _strings(ShipmentForm.initial_for(shipment))


def _line_data(line: GoodsLine) -> dict[str, str]:
    values = {name: plain(getattr(line, name)) for name in LINE_FIELDS}
    return values | {"row_index": "0", "version": str(line.version)}


def _container_data(container: Container) -> dict[str, str]:
    return _strings(ContainerForm.initial_for(container))


def _party_data(party: Party) -> dict[str, str]:
    values = model_to_dict(party, fields=PARTY_FIELDS)
    values["uscc_checksum_confirmed"] = "on" if party.uscc_checksum_confirmed else ""
    return _strings(values) | {"version": str(party.version)}


@pytest.fixture
def people(tenants) -> tuple[Client, Client]:
    dana = User.objects.create_user("dana@silkroad.example", "correct horse battery 43")
    Membership.objects.create(user=dana, organization=tenants.org, role=Role.MEMBER)
    return tenants.client_for(tenants.owner), tenants.client_for(dana)


@pytest.fixture
def records(tenants) -> dict[str, PageRecord]:
    actor = tenants.actor(tenants.owner)
    party = services.save_party(actor=actor, name_latin="Duisburg Import GmbH", country="DE")
    shipment = services.create_shipment(actor=actor, reference="CC-VER-2")
    line = services.save_line(actor=actor, shipment_id=shipment.pk, description_en="Modules")
    container = services.save_container(actor=actor, shipment_id=shipment.pk, number="MSCU1234565")
    sid = shipment.pk
    detail = reverse("shipments:detail", args=[sid])
    return {
        "header": PageRecord(
            detail, detail, "contract_number", "K-1", "K-2", Shipment, sid, _header_data
        ),
        "line": PageRecord(
            reverse("shipments:line", args=[sid, line.pk]),
            detail,
            "description_en",
            "Solar modules 550 W",
            "Photovoltaic panels",
            GoodsLine,
            line.pk,
            _line_data,
            htmx=True,
        ),
        "container": PageRecord(
            reverse("shipments:container", args=[sid, container.pk]),
            detail,
            "size_type",
            "22G1",
            "42G1",
            Container,
            container.pk,
            _container_data,
        ),
        "party": PageRecord(
            reverse("shipments:party", args=[party.pk]),
            reverse("shipments:party", args=[party.pk]),
            "contact",
            "Anna, +49 203 1234",
            "Jonas, +49 203 9999",
            Party,
            party.pk,
            _party_data,
        ),
    }


KINDS = ["header", "line", "container", "party"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_page_form_carries_the_version_it_was_drawn_from(people, records, kind):
    first, _second = people
    record = records[kind]
    page = first.get(record.page).content.decode()
    hidden = re.findall(r'<input type="hidden" name="version" value="(\d+)"', page)
    assert str(record.stored().version) in hidden


# A line's editor answers a stale save with a choice instead (test_line_editor.py).
@pytest.mark.parametrize("kind", [kind for kind in KINDS if kind != "line"])
def test_the_second_save_from_the_same_form_shows_the_first_and_saves_nothing(
    people, records, kind
):
    first, second = people
    record = records[kind]
    drawn = record.form_data(record.stored())  # both opened the page now
    read_version = record.stored().version

    saved = record.post(first, drawn | {record.field: record.first})
    assert saved.status_code in (200, 302)
    assert STALE not in saved.content.decode()
    assert getattr(record.stored(), record.field) == record.first

    stale = record.post(second, drawn | {record.field: record.second})
    body = stale.content.decode()
    assert stale.status_code == 409
    assert STALE in body
    assert record.first in body and record.second not in body
    # The redrawn form holds the new version, so the second person can save over it now.
    assert f'name="version" value="{read_version + 1}"' in body
    stored = record.stored()
    assert getattr(stored, record.field) == record.first
    assert stored.version == read_version + 1


@pytest.mark.parametrize("kind", KINDS)
def test_the_same_person_keeps_saving_with_the_version_each_save_returns(people, records, kind):
    first, _second = people
    record = records[kind]
    before = record.stored().version
    for value in (record.first, record.second):
        response = record.post(first, record.form_data(record.stored()) | {record.field: value})
        assert STALE not in response.content.decode()
    stored = record.stored()
    assert getattr(stored, record.field) == record.second
    assert stored.version == before + 2


@pytest.mark.parametrize("kind", KINDS)
def test_a_form_posted_without_a_version_still_saves(people, records, kind):
    first, _second = people
    record = records[kind]
    before = record.stored().version
    data = record.form_data(record.stored()) | {record.field: record.first}
    del data["version"]
    response = record.post(first, data)
    assert response.status_code in (200, 302)
    assert STALE not in response.content.decode()
    stored = record.stored()
    assert getattr(stored, record.field) == record.first
    assert stored.version == before + 1


def test_the_line_rows_new_version_is_in_the_row_an_htmx_save_returns(people, records):
    first, _second = people
    record = records["line"]
    response = record.post(first, _line_data(record.stored()) | {"description_en": "Panels"})
    assert '<input type="hidden" name="version" value="2">' in response.content.decode()
