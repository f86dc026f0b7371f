"""Edits of a shipment through its services, as the pages and the API make them.

The readiness cases (``readiness_cases``) are built from these: each names what it
changes and applies it to the demo shipment of ``conftest.make_demo_shipment``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.shipments import services
from cloudcabin.shipments.models import Container, GoodsLine, Shipment

Edit = Callable[[Actor, Shipment], object]


@dataclass(frozen=True)
class Case:
    name: str
    edits: tuple[Edit, ...]


def case(name: str, *edits: Edit) -> Case:
    return Case(name, edits)


def header(**fields: Any) -> Edit:
    return lambda actor, s: services.update_shipment(actor=actor, shipment_id=s.pk, **fields)


def crossings(codes: list[str]) -> Edit:
    """Border crossings typed by hand: only on a shipment without a planned route."""

    def edit(actor: Actor, s: Shipment) -> None:
        services.clear_shipment_route(actor=actor, shipment_id=s.pk)
        services.update_shipment(actor=actor, shipment_id=s.pk, border_crossings=codes)

    return edit


def line_id(s: Shipment, index: int) -> int:
    return GoodsLine.objects.filter(shipment=s).order_by("line_no")[index].pk


def line(index: int, **fields: Any) -> Edit:
    return lambda actor, s: services.save_line(
        actor=actor, shipment_id=s.pk, line_id=line_id(s, index), **fields
    )


def container_id(s: Shipment, index: int) -> int:
    return Container.objects.filter(shipment=s).order_by("id")[index].pk


def container(index: int, **fields: Any) -> Edit:
    return lambda actor, s: services.save_container(
        actor=actor, shipment_id=s.pk, container_id=container_id(s, index), **fields
    )


def party(role: str, **fields: Any) -> Edit:
    """Change the address-book party the shipment names in ``role``."""
    return lambda actor, s: services.save_party(
        actor=actor, party_id=getattr(s, f"{role}_id"), **fields
    )


def new_party(role: str, **fields: Any) -> Edit:
    """Name a new party in ``role`` (e.g. a producer), or none with ``fields`` empty."""

    def edit(actor: Actor, s: Shipment) -> None:
        found = services.save_party(actor=actor, **fields) if fields else None
        services.update_shipment(
            actor=actor, shipment_id=s.pk, parties={role: found.pk if found else None}
        )

    return edit


def as_import(actor: Actor, s: Shipment) -> None:
    """The demo goods travelling back, Łódź → Xi'an, declared on import into China (CIF)."""
    services.update_shipment(
        actor=actor,
        shipment_id=s.pk,
        direction="import",
        origin_locode="PLLOD",
        loading_locode="PLLOD",
        destination_locode="CNXIA",
        promise_items="000",
        freight_amount=Decimal("4200.00"),
        insurance_amount=Decimal("95.50"),
        parties={
            "consignor": s.consignee_id,
            "consignee": s.consignor_id,
            "seller": s.buyer_id,
            "buyer": s.seller_id,
        },
    )


def without_lines(actor: Actor, s: Shipment) -> None:
    for found in GoodsLine.objects.filter(shipment=s):
        services.delete_line(actor=actor, shipment_id=s.pk, line_id=found.pk)


def without_containers(actor: Actor, s: Shipment) -> None:
    for found in Container.objects.filter(shipment=s):
        services.delete_container(actor=actor, shipment_id=s.pk, container_id=found.pk)


def without_container(index: int) -> Edit:
    return lambda actor, s: services.delete_container(
        actor=actor, shipment_id=s.pk, container_id=container_id(s, index)
    )


def totals_from_lines(actor: Actor, s: Shipment) -> None:
    """Restate the invoice totals from the lines (the shipper's invoice agrees with them)."""
    lines = list(GoodsLine.objects.filter(shipment=s))
    services.update_shipment(
        actor=actor,
        shipment_id=s.pk,
        invoice_total=sum((x.amount or Decimal(0) for x in lines), Decimal(0)),
        declared_packages=sum(x.packages or 0 for x in lines),
        declared_gross_kg=sum((x.gross_kg or Decimal(0) for x in lines), Decimal(0)),
    )


def stow_all(actor: Actor, s: Shipment) -> None:
    services.stow_everything_evenly(actor=actor, shipment_id=s.pk)


def more_items(count: int) -> Edit:
    """``count`` more goods lines that stay separate declaration items, all stowed."""

    def edit(actor: Actor, s: Shipment) -> None:
        for number in range(count):
            services.save_line(
                actor=actor,
                shipment_id=s.pk,
                description_zh=f"汽车制动片 型号{number}",
                description_en=f"Brake pads, model {number}",
                hs_code="870830",
                national_code="87083010",
                declared_elements=f"0|0|制动片|已装在蹄片上|汽车用|型号{number}",
                quantity=Decimal(10),
                unit="H87",
                net_kg=Decimal(10),
                gross_kg=Decimal(11),
                packages=1,
                package_type="22",
                unit_price=Decimal("11.20"),
                amount=Decimal("112.00"),
                origin_country="CN",
            )
        stow_all(actor, s)
        totals_from_lines(actor, s)

    return edit
