"""An issue renders outside the shipment's lock and, under it, decides from a few small
reads (the shipment's ``change_count``, the shared rows, the booking) instead of the
whole snapshot. Each way of writing what the pack is rendered from, made while the pack
renders, must make the issue render again: a write it missed would put stale data in an
issued document."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from cloudcabin.accounts.models import Organization
from cloudcabin.bookings.models import Booking, BookingStatus
from cloudcabin.bookings.tests.conftest import make_departure, make_nodes, make_service
from cloudcabin.documents import services
from cloudcabin.documents.models import DocumentPack, OriginLine
from cloudcabin.documents.origin.services import save_origin
from cloudcabin.errors import ProblemError
from cloudcabin.shipments import services as shipment_services
from cloudcabin.shipments.models import Container, GoodsLine, Shipment
from cloudcabin.shipments.snapshot import shipment_snapshot
from conftest import Tenants

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]

Write = Callable[[Tenants, Shipment], None]


def _line(shipment: Shipment, line_no: int = 1) -> GoodsLine:
    return GoodsLine.objects.get(shipment=shipment, line_no=line_no)


def _container(shipment: Shipment) -> Container:
    return Container.objects.filter(shipment=shipment).order_by("id")[0]


def _update_header(tenants: Tenants, shipment: Shipment) -> None:
    shipment_services.update_shipment(
        actor=tenants.actor(tenants.owner), shipment_id=shipment.pk, invoice_number="SRT-9"
    )


def _link_another_party(tenants: Tenants, shipment: Shipment) -> None:
    actor = tenants.actor(tenants.owner)
    other = shipment_services.save_party(
        actor=actor,
        name_latin="Wrocław Import S.A.",
        address_latin="ul. Legnicka 5",
        city="Wrocław",
        postcode="50-001",
        country="PL",
        eori="PL8960005670",
    )
    shipment_services.update_shipment(
        actor=actor, shipment_id=shipment.pk, parties={"buyer": other.pk}
    )


def _edit_a_linked_party(tenants: Tenants, shipment: Shipment) -> None:
    # The address book is shared by the organization's shipments: this write never
    # passes through the shipment.
    assert shipment.consignee_id is not None
    shipment_services.save_party(
        actor=tenants.actor(tenants.owner),
        party_id=shipment.consignee_id,
        address_latin="ul. Piotrkowska 1",
    )


def _rename_the_organization(tenants: Tenants, shipment: Shipment) -> None:
    Organization.objects.filter(pk=shipment.organization_id).update(name_en="Renamed Co., Ltd.")


def _rename_the_operator(tenants: Tenants, shipment: Shipment) -> None:
    Organization.objects.filter(is_operator=True).update(address="Gangwu Avenue 2, Xi'an")


def _add_a_line(tenants: Tenants, shipment: Shipment) -> None:
    shipment_services.save_line(
        actor=tenants.actor(tenants.owner),
        shipment_id=shipment.pk,
        description_en="Spare parts",
        hs_code="848180",
        quantity=Decimal(1),
        unit="H87",
        net_kg=Decimal(1),
        gross_kg=Decimal(2),
        packages=1,
        package_type="CT",
        unit_price=Decimal(10),
        amount=Decimal(10),
        origin_country="CN",
    )


def _edit_a_line(tenants: Tenants, shipment: Shipment) -> None:
    shipment_services.save_line(
        actor=tenants.actor(tenants.owner),
        shipment_id=shipment.pk,
        line_id=_line(shipment).pk,
        description_en="Edited while the pack rendered",
    )


def _merge_a_line(tenants: Tenants, shipment: Shipment) -> None:
    line = _line(shipment)
    shipment_services.merge_line(
        actor=tenants.actor(tenants.owner),
        shipment_id=shipment.pk,
        line_id=line.pk,
        expected_version=line.version,
        fields={"marks": "MERGED"},
        based_on={"marks": line.marks},
    )


def _renumber_a_line(tenants: Tenants, shipment: Shipment) -> None:
    shipment_services.save_line(
        actor=tenants.actor(tenants.owner),
        shipment_id=shipment.pk,
        line_id=_line(shipment).pk,
        line_no=99,
    )


def _delete_a_line(tenants: Tenants, shipment: Shipment) -> None:
    last = GoodsLine.objects.filter(shipment=shipment).order_by("-line_no")[0]
    shipment_services.delete_line(
        actor=tenants.actor(tenants.owner), shipment_id=shipment.pk, line_id=last.pk
    )


def _import_lines(tenants: Tenants, shipment: Shipment) -> None:
    kept = list(GoodsLine.objects.filter(shipment=shipment).order_by("line_no"))
    for line in kept:
        line.pk = None
        line.description_en += " (imported)"
    shipment_services.replace_lines(
        actor=tenants.actor(tenants.owner), shipment_id=shipment.pk, lines=kept, source="test"
    )


def _add_a_container(tenants: Tenants, shipment: Shipment) -> None:
    shipment_services.save_container(
        actor=tenants.actor(tenants.owner), shipment_id=shipment.pk, number="MSCU1234565"
    )


def _reseal_a_container(tenants: Tenants, shipment: Shipment) -> None:
    shipment_services.save_container(
        actor=tenants.actor(tenants.owner),
        shipment_id=shipment.pk,
        container_id=_container(shipment).pk,
        seals=["CN2026999"],
    )


def _delete_a_container(tenants: Tenants, shipment: Shipment) -> None:
    shipment_services.delete_container(
        actor=tenants.actor(tenants.owner),
        shipment_id=shipment.pk,
        container_id=_container(shipment).pk,
    )


def _stow(tenants: Tenants, shipment: Shipment) -> None:
    shipment_services.stow(
        actor=tenants.actor(tenants.owner),
        shipment_id=shipment.pk,
        container_id=_container(shipment).pk,
        line_id=_line(shipment).pk,
        packages=13,
    )


def _stow_evenly(tenants: Tenants, shipment: Shipment) -> None:
    shipment_services.stow_everything_evenly(
        actor=tenants.actor(tenants.owner), shipment_id=shipment.pk
    )


def _clear_the_route(tenants: Tenants, shipment: Shipment) -> None:
    shipment_services.clear_shipment_route(
        actor=tenants.actor(tenants.owner), shipment_id=shipment.pk
    )


def _plan_the_route(tenants: Tenants, shipment: Shipment) -> None:
    shipment_services.plan_shipment_route(
        actor=tenants.actor(tenants.owner), shipment_id=shipment.pk
    )


def _save_origin(tenants: Tenants, shipment: Shipment) -> None:
    save_origin(actor=tenants.actor(tenants.owner), shipment_id=shipment.pk, line_no=1)


def _book_a_departure(tenants: Tenants, shipment: Shipment) -> None:
    make_nodes()
    service = make_service(code="XIA-LOD", name="Xi'an - Łódź", destination_id="PLLOD")
    departure = make_departure(service, departs_at=datetime(2026, 10, 12, 17, 30, tzinfo=UTC))
    Booking.objects.create(
        organization=shipment.organization,
        shipment=shipment,
        departure=departure,
        teu=Decimal("4"),
        status=BookingStatus.CONFIRMED,
    )


WRITES: dict[str, Write] = {
    "the header": _update_header,
    "another party linked": _link_another_party,
    "a linked party's address-book entry": _edit_a_linked_party,
    "the organization's name": _rename_the_organization,
    "the operator's address": _rename_the_operator,
    "a line added": _add_a_line,
    "a line edited": _edit_a_line,
    "a line merged": _merge_a_line,
    "a line renumbered": _renumber_a_line,
    "a line deleted": _delete_a_line,
    "the lines imported": _import_lines,
    "a container added": _add_a_container,
    "a container's seals": _reseal_a_container,
    "a container deleted": _delete_a_container,
    "the stowage": _stow,
    "the stowage spread evenly": _stow_evenly,
    "the route cleared": _clear_the_route,
    "the route planned again": _plan_the_route,
    "the origin data": _save_origin,
    "a departure booked": _book_a_departure,
}


def _no_files(*args: Any, **kwargs: Any) -> Any:
    return [], []


def _issue_with_a_write_after_preparing(
    tenants: Tenants, shipment: Shipment, monkeypatch: pytest.MonkeyPatch, write: Write | None
) -> tuple[int, DocumentPack | None]:
    """Issue (rendering no files) with ``write`` made once the first draft is prepared,
    before the decision: how many times the issue prepared, and the pack it issued (None
    when the write left the shipment blocked: the second preparing refused it)."""
    prepare = services._prepare
    prepared: list[int] = []

    def prepare_then_someone_writes(*args: Any, **kwargs: Any) -> Any:
        prepared.append(1)
        draft = prepare(*args, **kwargs)
        if write is not None and len(prepared) == 1:
            write(tenants, Shipment.objects.get(pk=shipment.pk))
        return draft

    monkeypatch.setattr(services, "render_files", _no_files)
    monkeypatch.setattr(services, "_prepare", prepare_then_someone_writes)
    try:
        issued = services.issue_pack(actor=tenants.actor(tenants.owner), shipment_id=shipment.pk)
    except ProblemError as exc:
        assert exc.problems[0].code == "DOCUMENTS_BLOCKED"
        return len(prepared), None
    return len(prepared), issued.pack


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_a_write_made_while_the_pack_renders_makes_the_issue_render_again(
    tenants: Tenants, demo_shipment: Shipment, monkeypatch: pytest.MonkeyPatch, write: Write
) -> None:
    prepared, pack = _issue_with_a_write_after_preparing(tenants, demo_shipment, monkeypatch, write)

    assert prepared == 2
    if pack is not None:
        # The revision frozen (as stored) is the shipment as it is after the write.
        shipment = Shipment.objects.get(pk=demo_shipment.pk)
        stored = DocumentPack.objects.get(pk=pack.pk).revision.snapshot
        assert stored == shipment_snapshot(shipment)


def test_an_issue_nothing_was_written_beside_prepares_once(
    tenants: Tenants, demo_shipment: Shipment, monkeypatch: pytest.MonkeyPatch
) -> None:
    prepared, pack = _issue_with_a_write_after_preparing(tenants, demo_shipment, monkeypatch, None)

    assert prepared == 1 and pack is not None and pack.version == 1
    stored = DocumentPack.objects.get(pk=pack.pk).revision.snapshot
    assert stored == shipment_snapshot(demo_shipment)


@pytest.mark.parametrize("write", [_save_origin, _edit_a_line, _book_a_departure])
def test_a_write_while_a_frozen_revision_renders_makes_the_issue_render_again(
    tenants: Tenants, demo_shipment: Shipment, monkeypatch: pytest.MonkeyPatch, write: Write
) -> None:
    actor = tenants.actor(tenants.owner)
    services.issue_pack(actor=actor, shipment_id=demo_shipment.pk)
    # The issuer's name is in every file: a new pack of the same, frozen, revision.
    Organization.objects.filter(pk=demo_shipment.organization_id).update(name_en="Renamed")
    prepared, pack = _issue_with_a_write_after_preparing(tenants, demo_shipment, monkeypatch, write)

    assert prepared == 2 and pack is not None and pack.version == 2


@pytest.fixture
def back_office(tenants: Tenants) -> Client:
    staff = get_user_model().objects.create_superuser("staff@operator.example", "x" * 20)
    client = Client()
    client.force_login(staff)
    return client


def _form_data(response: Any) -> dict[str, Any]:
    """The admin change form's fields as the page filled them, inlines included."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms.append(formset.management_form)
        forms += formset.forms
    data: dict[str, Any] = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None:
                continue
            if isinstance(value, bool):
                if value:
                    data[form.add_prefix(name)] = "on"
                continue
            data[form.add_prefix(name)] = value
    return data


def test_a_line_changed_in_the_back_office_while_the_pack_renders_is_seen(
    tenants: Tenants,
    demo_shipment: Shipment,
    monkeypatch: pytest.MonkeyPatch,
    back_office: Client,
    media: Path,
) -> None:
    url = reverse("admin:shipments_shipment_change", args=[demo_shipment.pk])

    def edit_in_the_admin(tenants: Tenants, shipment: Shipment) -> None:
        data = _form_data(back_office.get(url))
        data["lines-0-description_en"] = "Corrected by the back office"
        response = back_office.post(url, data)
        assert response.status_code == 302, response.context["errors"]

    prepared, pack = _issue_with_a_write_after_preparing(
        tenants, demo_shipment, monkeypatch, edit_in_the_admin
    )

    assert prepared == 2 and pack is not None
    assert pack.revision.snapshot["lines"][0]["description_en"] == "Corrected by the back office"


def test_origin_data_deleted_in_the_back_office_while_the_pack_renders_is_seen(
    tenants: Tenants, demo_shipment: Shipment, monkeypatch: pytest.MonkeyPatch, back_office: Client
) -> None:
    origin = save_origin(
        actor=tenants.actor(tenants.owner), shipment_id=demo_shipment.pk, line_no=1
    )

    def delete_in_the_admin(tenants: Tenants, shipment: Shipment) -> None:
        url = reverse("admin:documents_originline_delete", args=[origin.pk])
        assert back_office.post(url, {"post": "yes"}).status_code == 302

    prepared, _pack = _issue_with_a_write_after_preparing(
        tenants, demo_shipment, monkeypatch, delete_in_the_admin
    )

    assert prepared == 2 and not OriginLine.objects.exists()
