"""The shipment pages and their htmx endpoints: who may read, who may write, who gets a 404."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cloudcabin.shipments import services
from cloudcabin.shipments.models import (
    Allocation,
    Container,
    GoodsLine,
    Party,
    Shipment,
)
from conftest import Tenants

pytestmark = pytest.mark.django_db

LINE: dict[str, Any] = {
    "description_zh": "光伏组件",
    "description_en": "Photovoltaic modules",
    "hs_code": "854143",
    "national_code": "85414300",
    "brand_type": "1",
    "export_preference": "0",
    "declared_elements": "1|0|光伏组件|550W",
    "quantity": Decimal("600"),
    "unit": "H87",
    "net_kg": Decimal("16800"),
    "gross_kg": Decimal("18000"),
    "packages": 20,
    "unit_price": Decimal("95.50"),
    "amount": Decimal("57300.00"),
    "origin_country": "CN",
}
LINE_POST = {key: str(value) for key, value in LINE.items()} | {"line_no": "1", "row_index": "0"}


def a_shipment(tenants: Tenants) -> Shipment:
    """Alice's shipment: two parties, one goods line, one container (nothing stowed)."""
    actor = tenants.actor(tenants.owner)
    consignor = services.save_party(
        actor=actor, name_latin="Xi'an Silk Road", country="CN", uscc="91610131MA6U0EXA04"
    )
    consignee = services.save_party(
        actor=actor, name_latin="Rhine Rail Import GmbH", country="DE", eori="DE4567890123456"
    )
    created = services.create_shipment(
        actor=actor,
        reference="CC-WEB-1",
        incoterm="FCA",
        incoterm_place_locode="CNXIA",
        origin_locode="CNXIA",
        destination_locode="DEDUI",
        parties={"consignor": consignor.pk, "consignee": consignee.pk},
    )
    services.save_line(actor=actor, shipment_id=created.pk, **LINE)
    services.save_container(
        actor=actor, shipment_id=created.pk, number="CSQU3054383", size_type="45G1"
    )
    return created


@pytest.fixture
def colleague(tenants: Tenants) -> Client:
    return tenants.client_for(tenants.colleague)


@pytest.fixture
def stranger(tenants: Tenants) -> Client:
    return tenants.client_for(tenants.stranger)


def _line(shipment: Shipment) -> GoodsLine:
    return GoodsLine.objects.get(shipment=shipment)


def _container(shipment: Shipment) -> Container:
    return Container.objects.get(shipment=shipment)


def _party(shipment: Shipment) -> Party:
    assert shipment.consignee is not None
    return shipment.consignee


# Every page and endpoint that shows or changes one shipment: (method, url, data).
Endpoint = tuple[str, str, dict[str, str]]


def _endpoints(shipment: Shipment) -> list[Endpoint]:
    line, container, party = _line(shipment), _container(shipment), _party(shipment)
    sid = shipment.pk
    services.freeze_revision(
        actor=_actor_of(shipment), shipment_id=sid
    )  # so that revision 1 exists
    return [
        ("get", reverse("shipments:detail", args=[sid]), {}),
        ("post", reverse("shipments:detail", args=[sid]), {"reference": "X"}),
        ("get", reverse("shipments:check", args=[sid]), {}),
        ("post", reverse("shipments:line_add", args=[sid]), {}),
        ("post", reverse("shipments:line", args=[sid, line.pk]), LINE_POST),
        ("post", reverse("shipments:line_delete", args=[sid, line.pk]), {}),
        ("post", reverse("shipments:container_add", args=[sid]), {"number": "TGHU1234567"}),
        (
            "post",
            reverse("shipments:container", args=[sid, container.pk]),
            {"number": "CSQU3054383", "size_type": "45G1"},
        ),
        ("post", reverse("shipments:container_delete", args=[sid, container.pk]), {}),
        (
            "post",
            reverse("shipments:stow", args=[sid, container.pk]),
            {"line": str(line.pk), "packages": "5"},
        ),
        ("post", reverse("shipments:stow_evenly", args=[sid]), {}),
        ("get", reverse("shipments:import", args=[sid]), {}),
        ("get", reverse("shipments:import_map", args=[sid]), {}),
        ("get", reverse("shipments:export", args=[sid]), {}),
        ("get", reverse("shipments:revision", args=[sid, 1]), {}),
        ("get", reverse("shipments:party", args=[party.pk]), {}),
        ("post", reverse("shipments:party", args=[party.pk]), {"name_latin": "X", "country": "DE"}),
    ]


def _actor_of(shipment: Shipment) -> Any:
    from cloudcabin.accounts.models import Membership, Role
    from cloudcabin.accounts.selectors import actor_for_user

    owner = Membership.objects.get(organization=shipment.organization, role=Role.OWNER).user
    return actor_for_user(owner)


def _call(client: Client, endpoint: Endpoint) -> Any:
    method, url, data = endpoint
    call: Callable[..., Any] = getattr(client, method)
    return call(url, data)


def _state(shipment: Shipment) -> tuple[Any, ...]:
    shipment.refresh_from_db()
    return (
        shipment.reference,
        shipment.revision,
        list(GoodsLine.objects.filter(shipment=shipment).values_list("id", "line_no", "net_kg")),
        list(Container.objects.filter(shipment=shipment).values_list("id", "number")),
        list(Allocation.objects.filter(line__shipment=shipment).values_list("id", "packages")),
        list(Party.objects.filter(organization=shipment.organization).values_list("name_latin")),
    )


# --- tenancy and roles -------------------------------------------------------------------


def test_a_stranger_gets_404_from_every_shipment_page_and_endpoint(
    stranger: Client, shipment: Shipment
) -> None:
    for endpoint in _endpoints(shipment):
        before = _state(shipment)
        response = _call(stranger, endpoint)
        assert response.status_code == 404, endpoint
        assert _state(shipment) == before, endpoint


def test_the_read_only_colleague_sees_everything_but_every_write_is_refused(
    colleague: Client, shipment: Shipment
) -> None:
    for endpoint in _endpoints(shipment):
        before = _state(shipment)
        response = _call(colleague, endpoint)
        if endpoint[0] == "post" or endpoint[1].endswith("/import/map/"):
            assert response.status_code == 403, endpoint
        else:
            assert response.status_code == 200, endpoint
        assert _state(shipment) == before, endpoint


def test_the_read_only_colleague_gets_no_edit_controls(
    colleague: Client, shipment: Shipment
) -> None:
    page = colleague.get(reverse("shipments:detail", args=[shipment.pk])).content.decode()
    assert "CC-WEB-1" in page
    assert "Photovoltaic modules" in page
    assert "Save shipment" not in page
    assert "hx-post" not in page
    assert "Add line" not in page
    assert "Add container" not in page
    assert "Import lines" not in page
    listing = colleague.get(reverse("shipments:list")).content.decode()
    assert "CC-WEB-1" in listing
    assert reverse("shipments:new") not in listing
    assert colleague.get(reverse("shipments:new")).status_code == 403
    assert colleague.post(reverse("shipments:new"), {"reference": "NOPE"}).status_code == 403
    assert not Shipment.objects.filter(reference="NOPE").exists()
    assert (
        colleague.post(
            reverse("shipments:parties"), {"name_latin": "Nope", "country": "DE"}
        ).status_code
        == 403
    )
    assert not Party.objects.filter(name_latin="Nope").exists()


def test_a_stranger_sees_neither_the_shipment_nor_the_parties_in_lists(
    stranger: Client, shipment: Shipment
) -> None:
    assert "CC-WEB-1" not in stranger.get(reverse("shipments:list")).content.decode()
    parties = stranger.get(reverse("shipments:parties")).content.decode()
    assert "Rhine Rail Import GmbH" not in parties


# --- list --------------------------------------------------------------------------------


def test_the_list_filters_by_text_direction_and_destination(
    tenants: Tenants, owner: Client, shipment: Shipment
) -> None:
    actor = tenants.actor(tenants.owner)
    services.create_shipment(
        actor=actor, reference="CC-WEB-2", direction="import", destination_locode="CNXIA"
    )
    url = reverse("shipments:list")
    page = owner.get(url).content.decode()
    assert "CC-WEB-1" in page and "CC-WEB-2" in page
    assert "New shipment" in page
    assert "CC-WEB-2" not in owner.get(url, {"search": "photovoltaic"}).content.decode()
    only_imports = owner.get(url, {"direction": "import"}).content.decode()
    assert "CC-WEB-2" in only_imports and "CC-WEB-1" not in only_imports
    to_germany = owner.get(url, {"destination": "DE"}).content.decode()
    assert "CC-WEB-1" in to_germany and "CC-WEB-2" not in to_germany


# --- creating and editing the header -----------------------------------------------------


def test_the_owner_creates_a_shipment_and_lands_on_its_page(owner: Client) -> None:
    response = owner.post(
        reverse("shipments:new"),
        {
            "reference": "CC-NEW-1",
            "direction": "export",
            "currency": "USD",
            "route_kind": "rail",
            "incoterm": "FCA",
            "supervision_mode": "0110",
            "levy_nature": "101",
        },
    )
    created = Shipment.objects.get(reference="CC-NEW-1")
    assert response.status_code == 302
    assert response["Location"] == reverse("shipments:detail", args=[created.pk])
    assert created.transaction_mode != ""  # derived from FCA by the editable mapping
    assert owner.get(response["Location"]).status_code == 200


def test_a_duplicate_reference_is_shown_beside_the_field_and_creates_nothing(
    owner: Client, shipment: Shipment
) -> None:
    response = owner.post(
        reverse("shipments:new"),
        {
            "reference": "CC-WEB-1",
            "direction": "export",
            "currency": "USD",
            "route_kind": "rail",
            "supervision_mode": "0110",
            "levy_nature": "101",
        },
    )
    assert response.status_code == 200
    assert 'data-field="reference"' in response.content.decode()
    assert Shipment.objects.filter(reference="CC-WEB-1").count() == 1


def _header(shipment: Shipment, **changes: str) -> dict[str, str]:
    from cloudcabin.shipments.forms import ShipmentForm

    data = {}
    for key, value in ShipmentForm.initial_for(shipment).items():
        data[key] = "" if value is None else str(value)
    data.update(changes)
    return data


def test_the_transaction_mode_follows_the_incoterm_unless_the_user_sets_it(
    owner: Client, shipment: Shipment
) -> None:
    url = reverse("shipments:detail", args=[shipment.pk])
    shipment.refresh_from_db()
    assert owner.post(url, _header(shipment, incoterm="CIP")).status_code == 302
    shipment.refresh_from_db()
    derived = shipment.transaction_mode
    assert derived
    assert owner.post(url, _header(shipment, transaction_mode="9")).status_code == 302
    shipment.refresh_from_db()
    assert shipment.transaction_mode == "9"
    owner.post(url, _header(shipment, incoterm="CIP", border_crossings="kzdos, BYBQT;PLMAA"))
    shipment.refresh_from_db()
    assert shipment.transaction_mode == "9"  # the Incoterm did not change: kept
    assert shipment.border_crossings == ["KZDOS", "BYBQT", "PLMAA"]


def test_a_party_from_another_organization_is_refused_on_the_header(
    tenants: Tenants, owner: Client, shipment: Shipment
) -> None:
    foreign = services.save_party(
        actor=tenants.actor(tenants.stranger), name_latin="Foreign", country="DE"
    )
    shipment.refresh_from_db()
    response = owner.post(
        reverse("shipments:detail", args=[shipment.pk]), _header(shipment, buyer=str(foreign.pk))
    )
    assert response.status_code == 200
    assert 'data-field="buyer"' in response.content.decode()
    shipment.refresh_from_db()
    assert shipment.buyer_id is None


# --- the line editor ---------------------------------------------------------------------


def test_saving_a_line_returns_its_row_and_refreshes_the_panel_out_of_band(
    owner: Client, shipment: Shipment
) -> None:
    line = _line(shipment)
    response = owner.post(
        reverse("shipments:line", args=[shipment.pk, line.pk]),
        LINE_POST | {"net_kg": "19000.5"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith(f'<tr id="line-{line.pk}"')
    # Wrapped in <template>, so that the parser keeps the panel out of the row's table.
    assert (
        '<template><section id="check-panel" class="card check-panel has-errors" hx-swap-oob'
        in body
    )
    assert 'id="totals"' in body and 'hx-swap-oob="true"' in body
    assert 'href="#f-lines-0-net_kg"' in body
    assert 'id="f-lines-0-net_kg"' in body
    line.refresh_from_db()
    assert line.net_kg == Decimal("19000.5")


def test_a_malformed_number_is_shown_in_the_row_and_nothing_is_saved(
    owner: Client, shipment: Shipment
) -> None:
    line = _line(shipment)
    response = owner.post(
        reverse("shipments:line", args=[shipment.pk, line.pk]),
        LINE_POST | {"gross_kg": "18,000 kg"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="18,000 kg"' in body
    assert 'class="err"' in body
    line.refresh_from_db()
    assert line.gross_kg == Decimal("18000")


def test_a_line_number_used_twice_is_refused_in_the_row(
    tenants: Tenants, owner: Client, shipment: Shipment
) -> None:
    other = services.save_line(actor=tenants.actor(tenants.owner), shipment_id=shipment.pk)
    response = owner.post(
        reverse("shipments:line", args=[shipment.pk, other.pk]),
        LINE_POST | {"line_no": "1", "row_index": "1"},
    )
    assert "Line number 1 is used twice." in response.content.decode()
    other.refresh_from_db()
    assert other.line_no == 2


def test_moving_a_line_redraws_every_row(
    tenants: Tenants, owner: Client, shipment: Shipment
) -> None:
    first = _line(shipment)
    other = services.save_line(actor=tenants.actor(tenants.owner), shipment_id=shipment.pk)
    response = owner.post(
        reverse("shipments:line", args=[shipment.pk, first.pk]),
        LINE_POST | {"line_no": "5", "row_index": "0"},
        HTTP_HX_REQUEST="true",
    )
    assert response["HX-Retarget"] == "#line-rows"
    assert response["HX-Reswap"] == "innerHTML"
    body = response.content.decode()
    assert body.index(f'id="line-{other.pk}"') < body.index('value="5"')


def test_lines_are_added_and_deleted(owner: Client, shipment: Shipment) -> None:
    response = owner.post(reverse("shipments:line_add", args=[shipment.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    added = GoodsLine.objects.filter(shipment=shipment).order_by("line_no").last()
    assert added is not None and added.line_no == 2
    body = response.content.decode()
    # The new line alone, appended as an open editor with its first field focused.
    assert body.lstrip().startswith(f'<tr id="line-{added.pk}" class="line-row line-editing')
    assert "autofocus" in body
    assert body.count('class="line-row') == 1
    response = owner.post(
        reverse("shipments:line_delete", args=[shipment.pk, added.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert f'id="line-{added.pk}"' not in response.content.decode()
    assert GoodsLine.objects.filter(shipment=shipment).count() == 1


def test_containers_are_added_edited_stowed_and_removed(owner: Client, shipment: Shipment) -> None:
    sid = shipment.pk
    response = owner.post(
        reverse("shipments:container_add", args=[sid]),
        {"number": "TGHU1234560", "size_type": "45G1", "seals": "CN1, CN2", "tare_kg": "3900"},
    )
    assert response.status_code == 302
    added = Container.objects.get(shipment=shipment, number="TGHU1234560")
    assert added.seals == ["CN1", "CN2"]
    owner.post(
        reverse("shipments:container", args=[sid, added.pk]),
        {"number": "TGHU1234560", "size_type": "22G1", "seals": "CN9"},
    )
    added.refresh_from_db()
    assert (added.size_type, added.seals) == ("22G1", ["CN9"])
    line = _line(shipment)
    owner.post(
        reverse("shipments:stow", args=[sid, added.pk]), {"line": str(line.pk), "packages": "7"}
    )
    assert Allocation.objects.get(container=added, line=line).packages == 7
    owner.post(reverse("shipments:stow_evenly", args=[sid]))
    assert sum(Allocation.objects.filter(line=line).values_list("packages", flat=True)) == 20
    page = owner.get(reverse("shipments:detail", args=[sid])).content.decode()
    assert "TGHU1234560" in page and "1 line stowed" in page
    owner.post(reverse("shipments:container_delete", args=[sid, added.pk]))
    assert not Container.objects.filter(pk=added.pk).exists()


def test_a_duplicate_container_is_shown_beside_the_number_and_not_added(
    owner: Client, shipment: Shipment
) -> None:
    response = owner.post(
        reverse("shipments:container_add", args=[shipment.pk]),
        {"number": "CSQU3054383", "size_type": "45G1"},
    )
    assert response.status_code == 200
    assert "This container is already on the shipment." in response.content.decode()
    assert Container.objects.filter(shipment=shipment).count() == 1


# --- address book ----------------------------------------------------------------------------


def test_the_owner_adds_and_edits_parties(owner: Client, tenants: Tenants) -> None:
    response = owner.post(
        reverse("shipments:parties"),
        {"name_latin": "Lodz Distribution Sp. z o.o.", "country": "PL", "city": "Łódź"},
    )
    assert response.status_code == 302
    party = Party.objects.get(name_latin="Lodz Distribution Sp. z o.o.")
    assert party.organization == tenants.org
    owner.post(
        reverse("shipments:party", args=[party.pk]),
        {"name_latin": "Lodz Distribution", "country": "PL", "eori": "PL1234567890"},
    )
    party.refresh_from_db()
    assert (party.name_latin, party.eori) == ("Lodz Distribution", "PL1234567890")
    assert "Lodz Distribution" in owner.get(reverse("shipments:parties")).content.decode()


# --- export ----------------------------------------------------------------------------------


def test_the_lines_export_as_an_xlsx_named_after_the_reference(
    colleague: Client, shipment: Shipment
) -> None:
    response = colleague.get(reverse("shipments:export", args=[shipment.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="CC-WEB-1-lines.xlsx"'
    assert response.content[:2] == b"PK"


# --- revisions -------------------------------------------------------------------------------


def test_a_frozen_revision_is_listed_and_shown_read_only(
    tenants: Tenants, owner: Client, shipment: Shipment
) -> None:
    actor = tenants.actor(tenants.owner)
    services.freeze_revision(actor=actor, shipment_id=shipment.pk)
    services.save_line(
        actor=actor, shipment_id=shipment.pk, line_id=_line(shipment).pk, description_en="Changed"
    )
    page = owner.get(reverse("shipments:detail", args=[shipment.pk])).content.decode()
    assert reverse("shipments:revision", args=[shipment.pk, 1]) in page
    frozen = owner.get(reverse("shipments:revision", args=[shipment.pk, 1]))
    body = frozen.content.decode()
    assert frozen.status_code == 200
    assert "Photovoltaic modules" in body and "Changed" not in body
    assert "Rhine Rail Import GmbH" in body
    assert 'name="hs_code"' not in body
    assert owner.get(reverse("shipments:revision", args=[shipment.pk, 2])).status_code == 404
