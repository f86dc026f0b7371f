"""The line editor's saves: only the fields sent change, and a save made from an older
version keeps both people's changes, or names the fields both changed and saves neither."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from cloudcabin.accounts.models import Membership, Role, User
from cloudcabin.shipments.models import GoodsLine, Shipment
from conftest import Tenants

pytestmark = pytest.mark.django_db


def _line(shipment: Shipment) -> GoodsLine:
    return GoodsLine.objects.get(shipment=shipment)


def _save(client: Client, shipment: Shipment, line: GoodsLine, **fields: str) -> str:
    response = client.post(
        reverse("shipments:line", args=[shipment.pk, line.pk]),
        {"row_index": "0"} | fields,
        HTTP_HX_REQUEST="true",
    )
    return f"{response.status_code} {response.content.decode()}"


def test_a_save_changes_only_the_fields_it_sends(owner: Client, shipment: Shipment) -> None:
    line = _line(shipment)
    answer = _save(owner, shipment, line, version=str(line.version), net_kg="4901")
    assert answer.startswith("200 ")
    stored = _line(shipment)
    assert stored.net_kg == Decimal("4901")
    # Nothing else was blanked: the gross mass and description are as before.
    assert stored.gross_kg == Decimal("18000")
    assert stored.description_en == "Photovoltaic modules"
    assert stored.version == line.version + 1
    assert f'name="version" value="{line.version + 1}"' in answer


def test_an_error_shows_the_typed_value_and_keeps_the_other_fields_as_stored(
    owner: Client, shipment: Shipment
) -> None:
    line = _line(shipment)
    answer = _save(owner, shipment, line, version=str(line.version), gross_kg="18,000 kg")
    assert 'value="18,000 kg"' in answer and 'class="err"' in answer
    assert 'value="Photovoltaic modules"' in answer
    assert _line(shipment).gross_kg == Decimal("18000")


def test_two_editors_of_different_fields_both_keep_their_change(
    owner: Client, shipment: Shipment
) -> None:
    line = _line(shipment)
    read = str(line.version)
    _save(owner, shipment, line, version=read, **{"net_kg": "4901", "base-net_kg": "16800"})
    # The second editor read the same version and changed another field.
    answer = _save(
        owner, shipment, line, version=read, **{"gross_kg": "5301", "base-gross_kg": "18000"}
    )
    assert answer.startswith("200 ")
    assert "data-conflict" not in answer
    stored = _line(shipment)
    assert (stored.net_kg, stored.gross_kg) == (Decimal("4901"), Decimal("5301"))
    # The row shows the first editor's value it did not have.
    assert 'value="4901"' in answer


def test_a_field_both_changed_is_a_conflict_that_saves_neither_and_names_both_values(
    owner: Client, shipment: Shipment
) -> None:
    line = _line(shipment)
    read = str(line.version)
    _save(owner, shipment, line, version=read, **{"net_kg": "4800", "base-net_kg": "16800"})
    answer = _save(
        owner,
        shipment,
        line,
        version=read,
        **{"net_kg": "4901", "base-net_kg": "16800", "marks": "N/M", "base-marks": ""},
    )
    assert answer.startswith("409 ")
    assert 'data-field="net_kg" data-theirs="4800" data-mine="4901"' in answer
    assert "Keep mine" in answer and "Keep theirs" in answer
    stored = _line(shipment)
    # Theirs stays; the field only one of them changed is saved.
    assert stored.net_kg == Decimal("4800")
    assert stored.marks == "N/M"
    assert f'name="version" value="{stored.version}"' in answer

    # "Keep mine": the same field again, typed over theirs, from the version the answer gave.
    kept = _save(
        owner,
        shipment,
        line,
        version=str(stored.version),
        **{"net_kg": "4901", "base-net_kg": "4800"},
    )
    assert kept.startswith("200 ")
    assert _line(shipment).net_kg == Decimal("4901")


def test_the_same_value_saved_by_both_is_no_conflict(owner: Client, shipment: Shipment) -> None:
    line = _line(shipment)
    read = str(line.version)
    _save(owner, shipment, line, version=read, **{"net_kg": "4901", "base-net_kg": "16800"})
    answer = _save(owner, shipment, line, version=read, **{"net_kg": "4901.000"})
    assert answer.startswith("200 ") and "data-conflict" not in answer


def test_a_save_without_the_value_it_was_typed_over_never_overwrites_a_newer_one(
    owner: Client, shipment: Shipment
) -> None:
    line = _line(shipment)
    read = str(line.version)
    _save(owner, shipment, line, version=read, description_en="Solar panels")
    answer = _save(owner, shipment, line, version=read, description_en="PV modules")
    assert answer.startswith("409 ")
    assert _line(shipment).description_en == "Solar panels"


def test_a_line_opens_as_its_editor_and_closes_to_its_compact_row(
    tenants: Tenants, owner: Client, shipment: Shipment
) -> None:
    line = _line(shipment)
    url = reverse("shipments:line_row", args=[shipment.pk, line.pk])
    editor = owner.get(url + "?edit=1").content.decode()
    assert 'class="line-row line-editing' in editor and 'name="net_kg"' in editor
    assert "data-line-row" in editor and " disabled" not in editor
    compact = owner.get(url).content.decode()
    assert 'class="line-row line-view' in compact and "<input" not in compact

    # A read-only member sees every field, disabled, and cannot save.
    reader = User.objects.create_user("rita@silkroad.example", "correct horse battery 43")
    Membership.objects.create(user=reader, organization=tenants.org, role=Role.READ_ONLY)
    shown = tenants.client_for(reader).get(url + "?edit=1").content.decode()
    assert 'name="net_kg"' in shown and "disabled" in shown and "data-line-row" not in shown
    # Another company's member gets a 404.
    assert tenants.client_for(tenants.stranger).get(url + "?edit=1").status_code == 404


def test_deleting_a_line_keeps_the_open_editors_open(
    tenants: Tenants, owner: Client, shipment: Shipment
) -> None:
    first = _line(shipment)
    added = owner.post(reverse("shipments:line_add", args=[shipment.pk]), HTTP_HX_REQUEST="true")
    assert added.status_code == 200
    second = GoodsLine.objects.get(shipment=shipment, line_no=2)
    response = owner.post(
        reverse("shipments:line_delete", args=[shipment.pk, first.pk]),
        {"open": f"{second.pk}"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert f'id="line-{first.pk}"' not in body
    assert f'<tr id="line-{second.pk}" class="line-row line-editing' in body
    assert 'id="f-lines-0-net_kg"' in body  # the remaining line is now the first
