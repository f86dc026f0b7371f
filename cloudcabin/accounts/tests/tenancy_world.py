"""One of every kind of company object, owned by Alice's company (or, for the operator's
trains and leads, by the operator), for the tests generated from the routes.

``PATH_VALUES`` maps every path parameter name used by a page or an API operation to the
owner's object it stands for; a route with a parameter missing here has no case.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.db import models, transaction
from django.test import override_settings
from django.utils import timezone

from cloudcabin.accounts.models import Membership, Organization, Role, User
from cloudcabin.accounts.services import create_api_key, invite_member
from cloudcabin.bookings.services import book_slots
from cloudcabin.bookings.tests.conftest import (
    make_container_types,
    make_departure,
    make_nodes,
    make_service,
)
from cloudcabin.compliance.models import ScreeningHit
from cloudcabin.compliance.tests.screening_lists import LISTED_TRADER, load
from cloudcabin.documents.models import PackJob, PackJobState
from cloudcabin.documents.services import issue_pack
from cloudcabin.documents.tests.conftest import make_demo_shipment
from cloudcabin.network.services import QuoteSearch, create_enquiry, save_quote
from cloudcabin.reference.tests.conftest import reference_data, reference_subset_dir  # noqa: F401
from cloudcabin.shipments.models import Container, GoodsLine, Party, ShipmentRevision
from cloudcabin.shipments.sharing.services import share_shipment
from cloudcabin.tracking.links import create_link
from cloudcabin.tracking.models import EdifactProfile
from cloudcabin.tracking.services import EventInput, record_events
from cloudcabin.tracking.webhooks.services import create_endpoint, send_test_event
from conftest import Tenants, make_tenants

# Text that only the owner's rows hold: no answer to the stranger may contain any of it.
MARKERS = (
    "CC-OWNER-SECRET",
    "Żeglarska",
    "Monocrystalline photovoltaic",
    "CSQU3054383",
    "CN2026001",
    "Silk Road Trading",
    "enquirer@secret.example",
    "93.184.215.14/hooks",
)


@dataclass
class World:
    tenants: Tenants
    shipment_id: int
    line_id: int
    line_no: int
    container_id: int
    party_id: int
    revision_number: int
    pack_version: int
    job_id: int  # a job of the worker that issued a large pack
    kind: str
    fmt: str
    short_code: str
    service_id: int
    departure_id: int
    booking_id: int
    quote_reference: str
    enquiry_id: int
    invitation_token: str
    membership_id: int
    key_id: int
    # The consignee's organization, which the shipment is shared with (read only).
    partner: User
    share_id: int
    event_id: str
    profile_id: int
    link_id: int
    link_token: str
    endpoint_id: int
    delivery_id: str
    hit_id: int


# Path parameter → the owner's value. Names are the ones the URL patterns and the API use.
PATH_VALUES: dict[str, Callable[[World], object]] = {
    "shipment_id": lambda w: w.shipment_id,
    "line_id": lambda w: w.line_id,
    "line_no": lambda w: w.line_no,
    "container_id": lambda w: w.container_id,
    "party_id": lambda w: w.party_id,
    "number": lambda w: w.revision_number,
    "version": lambda w: w.pack_version,
    "job_id": lambda w: w.job_id,
    "kind": lambda w: w.kind,
    "fmt": lambda w: w.fmt,
    "service_id": lambda w: w.service_id,
    "departure_id": lambda w: w.departure_id,
    "booking_id": lambda w: w.booking_id,
    "decision": lambda w: "confirm",
    "extension": lambda w: "xlsx",
    "reference": lambda w: w.quote_reference,
    "enquiry_id": lambda w: w.enquiry_id,
    "token": lambda w: w.invitation_token,
    "membership_id": lambda w: w.membership_id,
    "key_id": lambda w: w.key_id,
    "share_id": lambda w: w.share_id,
    "event_id": lambda w: w.event_id,
    "profile_id": lambda w: w.profile_id,
    "link_id": lambda w: w.link_id,
    "link_token": lambda w: w.link_token,
    "endpoint_id": lambda w: w.endpoint_id,
    "delivery_id": lambda w: w.delivery_id,
    "hit_id": lambda w: w.hit_id,
}


# Body fields whose smallest value the schema allows is not a valid one.
BODY_VALUES: dict[str, Callable[[World], object]] = {
    "number": lambda w: "CSQU3054399",  # an ISO 6346 number with its check digit
    "size_type": lambda w: "45G1",
}


@pytest.fixture(scope="module")
def world_once(
    reference_data: object,  # noqa: F811
    django_db_blocker: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[World]:
    """Built once for the module (issuing a pack takes seconds); rolled back at its end."""
    # The module's stored files (the world's issued pack) live in a folder of its own for
    # every test of the module; override_settings tells the storage (assigning would not).
    with (
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        yield build_world(make_tenants())
        transaction.set_rollback(True)


def build_world(tenants: Tenants) -> World:
    owner = tenants.actor(tenants.owner)
    shipment = make_demo_shipment(tenants, reference="CC-OWNER-SECRET")
    make_nodes()
    make_container_types()
    service = make_service(destination_id="PLLOD")
    departure = make_departure(service, days=10, capacity="20")
    booking = book_slots(actor=owner, shipment_id=shipment.pk, departure_id=departure.pk)
    pack = issue_pack(actor=owner, shipment_id=shipment.pk).pack
    issued = pack.files.order_by("pk").first()
    assert issued is not None
    job = PackJob.objects.create(
        organization=tenants.org, shipment=shipment, state=PackJobState.ISSUED, pack=pack
    )
    line = GoodsLine.objects.filter(shipment=shipment).order_by("line_no").first()
    assert line is not None
    revision = ShipmentRevision.objects.filter(shipment=shipment).order_by("number").first()
    assert revision is not None, "issuing records a revision of the shipment"
    quote = save_quote(actor=owner, search=QuoteSearch(origin="CNXIA", destination="DEDUI"), rank=1)
    enquiry = create_enquiry(name="Secret Enquirer", email="enquirer@secret.example")
    _invitation, link = invite_member(actor=owner, email="dora@silkroad.example", role="member")
    key, _plain = create_api_key(actor=owner, name="owner's key", access="read_write")
    tracking_link, link_token = create_link(actor=owner, shipment_id=shipment.pk)
    container = Container.objects.filter(shipment=shipment).order_by("pk").first()
    event = record_events(
        owner,
        [EventInput(booking.booking.reference, "gate_in_origin", timezone.now(), locode="CNXIA")],
        source="API",
    ).created[0]
    party = Party.objects.filter(organization=tenants.org).order_by("pk").first()
    # The operator's EDIFACT partner profile (its settings pages are the agent's).
    profile = EdifactProfile.objects.create(
        organization=tenants.operator_org,
        partner_name="Duisburg Hub",
        sender_id="CLOUDCABIN",
        recipient_id="DUISPORT",
    )
    # A public address literal: saved without a name to resolve; nothing is sent in tests.
    endpoint = create_endpoint(
        owner, url="https://93.184.215.14/hooks", event_types=["tracking.event.created"]
    )
    delivery = send_test_event(owner, endpoint.pk)
    # A sanctions list naming the consignee, loaded after the issue: its screening hit.
    load([LISTED_TRADER])
    hit = ScreeningHit.objects.filter(organization=tenants.org).first()
    assert hit is not None
    assert container is not None and party is not None
    partner = make_partner()
    share = share_shipment(
        actor=owner,
        shipment_id=shipment.pk,
        role="consignee",
        organization_id=Membership.objects.get(user=partner).organization_id,
    ).share
    return World(
        tenants=tenants,
        shipment_id=shipment.pk,
        line_id=line.pk,
        line_no=line.line_no,
        container_id=container.pk,
        party_id=party.pk,
        revision_number=revision.number,
        pack_version=pack.version,
        job_id=job.pk,
        kind=issued.kind,
        fmt=issued.format,
        short_code=issued.short_code,
        service_id=service.pk,
        departure_id=departure.pk,
        booking_id=booking.booking.pk,
        quote_reference=quote.reference,
        enquiry_id=enquiry.pk,
        invitation_token=link.rstrip("/").rsplit("/", 1)[-1],
        membership_id=Membership.objects.get(user=tenants.colleague).pk,
        key_id=key.pk,
        partner=partner,
        share_id=share.pk,
        event_id=str(event.pk),
        profile_id=profile.pk,
        link_id=tracking_link.pk,
        link_token=link_token,
        endpoint_id=endpoint.pk,
        delivery_id=str(delivery.pk),
        hit_id=hit.pk,
    )


def make_partner() -> User:
    """The owner's consignee on the platform: same EORI as the demo shipment's consignee."""
    organization = Organization.objects.create(
        name_en="Lodz Partner Import", country="PL", eori="PL5260250274"
    )
    user = User.objects.create_user("partner@lodz.example", "partner password 42")
    Membership.objects.create(user=user, organization=organization, role=Role.OWNER)
    return user


# Columns a refused request may still touch: when a key was last used, a session's expiry.
_VOLATILE = {"last_used_at", "last_login"}
# Tables no tenant writes to: the reference data and the rail network are large and the
# same for everyone; of the network app only the quotes and leads are people's.
_SKIPPED_APPS = {"sessions", "axes", "admin", "contenttypes", "reference", "auth"}
_PEOPLES_NETWORK_TABLES = {"network.Quote", "network.Enquiry", "network.EnquiryEvent"}


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every model, for 'this request changed nothing'."""
    rows: dict[str, list[tuple[Any, ...]]] = {}
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label in _SKIPPED_APPS or not meta.managed or meta.proxy:
            continue
        if meta.app_label == "network" and meta.label not in _PEOPLES_NETWORK_TABLES:
            continue
        fields = [
            f.attname
            for f in meta.concrete_fields
            if f.attname not in _VOLATILE and not isinstance(f, models.BinaryField)
        ]
        rows[meta.label] = list(model._default_manager.order_by("pk").values_list(*fields))
    return rows


def changed_tables(before: dict[str, list[tuple[Any, ...]]]) -> list[str]:
    after = snapshot()
    return sorted(label for label in after if after[label] != before.get(label))
