"""Shared shipments: the owner shares with an organization its parties name, or invites one
by e-mail; the shared organization reads the shipment (list, page, API) and writes nothing."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cloudcabin.accounts.models import Membership, Organization, Role, User
from cloudcabin.errors import ProblemError
from cloudcabin.shipments import selectors, services
from cloudcabin.shipments.models import (
    Shipment,
    ShipmentEvent,
    ShipmentEventKind,
    ShipmentShare,
)
from cloudcabin.shipments.sharing import selectors as sharing_selectors
from cloudcabin.shipments.sharing import services as sharing
from cloudcabin.tracking.models import Milestone
from cloudcabin.tracking.services import EventInput, record_events
from cloudcabin.tracking.tests.conftest import make_tracked
from conftest import PASSWORD, Tenants

pytestmark = pytest.mark.django_db

CONSIGNEE_EORI = "PL5260250274"
JSON = "application/json"


class Partner:
    """The consignee's company on the platform, and Dora, its owner."""

    def __init__(self, eori: str = CONSIGNEE_EORI, email: str = "dora@lodz.example") -> None:
        self.org = Organization.objects.create(
            name_en="Lodz Rail Import Sp. z o.o.", country="PL", eori=eori
        )
        self.user = User.objects.create_user(email, PASSWORD, full_name="Dora")
        Membership.objects.create(user=self.user, organization=self.org, role=Role.OWNER)

    def client(self) -> Client:
        client = Client()
        client.force_login(self.user)
        return client


@pytest.fixture
def partner(tenants: Tenants) -> Partner:
    return Partner()


def a_shipment(tenants: Tenants, reference: str = "CC-SHARE-1") -> Shipment:
    """Alice's export whose consignee carries the partner's EORI number."""
    actor = tenants.actor(tenants.owner)
    consignee = services.save_party(
        actor=actor, name_latin="Lodz Rail Import", country="PL", eori=CONSIGNEE_EORI
    )
    shipment = services.create_shipment(
        actor=actor,
        reference=reference,
        origin_locode="CNXIA",
        destination_locode="PLLOD",
        parties={"consignee": consignee.pk},
    )
    services.save_container(
        actor=actor, shipment_id=shipment.pk, number="CSQU3054383", size_type="45G1"
    )
    return shipment


def share_with(
    tenants: Tenants, shipment: Shipment, partner: Partner, role: str = "consignee"
) -> ShipmentShare:
    return sharing.share_shipment(
        actor=tenants.actor(tenants.owner),
        shipment_id=shipment.pk,
        role=role,
        organization_id=partner.org.pk,
    ).share


# --- services ----------------------------------------------------------------------------


def test_the_consignees_organization_is_found_by_the_identifier_its_party_carries(
    tenants: Tenants, partner: Partner
) -> None:
    shipment = selectors.get_shipment(tenants.org, a_shipment(tenants).pk)
    found = sharing_selectors.candidates(shipment)
    assert [(c.organization, c.role, c.identifier) for c in found] == [
        (partner.org, "consignee", CONSIGNEE_EORI)
    ]


def test_a_share_makes_the_shipment_visible_to_the_partner_and_to_nobody_else(
    tenants: Tenants, partner: Partner
) -> None:
    shipment = a_shipment(tenants)
    assert not Shipment.objects.visible_to(partner.org).exists()
    share_with(tenants, shipment, partner)
    assert list(Shipment.objects.visible_to(partner.org)) == [shipment]
    assert not Shipment.objects.visible_to(tenants.stranger_org).exists()
    assert selectors.get_visible_shipment(partner.org, shipment.pk) == shipment
    event = ShipmentEvent.objects.get(shipment=shipment, kind=ShipmentEventKind.SHARED)
    assert event.detail == {"organization": partner.org.name_en, "role": "consignee"}


def test_owner_and_partner_get_the_shipment_with_its_parties_read_in_two_queries(
    tenants: Tenants, partner: Partner, django_assert_num_queries: Any
) -> None:
    shipment = a_shipment(tenants)
    share_with(tenants, shipment, partner)
    seller = services.save_party(
        actor=tenants.actor(tenants.owner), name_latin="Xi'an Solar", country="CN"
    )
    Shipment.objects.filter(pk=shipment.pk).update(seller=seller, consignor=seller)
    for read in (
        lambda: selectors.get_shipment(tenants.org, shipment.pk),
        lambda: selectors.get_visible_shipment(partner.org, shipment.pk),
    ):
        with django_assert_num_queries(2):  # the shipment, then its parties in one
            found = read()
        with django_assert_num_queries(0):
            named = {role: getattr(found, role) for role in ("seller", "consignor", "consignee")}
            assert found.buyer is None and found.notify_party is None
        assert {role: party.name_latin for role, party in named.items()} == {
            "seller": "Xi'an Solar",
            "consignor": "Xi'an Solar",
            "consignee": "Lodz Rail Import",
        }


def test_sharing_with_an_organization_no_party_names_is_refused(
    tenants: Tenants, partner: Partner
) -> None:
    shipment = a_shipment(tenants)
    with pytest.raises(ProblemError) as refused:
        sharing.share_shipment(
            actor=tenants.actor(tenants.owner),
            shipment_id=shipment.pk,
            role="consignee",
            organization_id=tenants.stranger_org.pk,
        )
    assert refused.value.problems[0].code == "SHARE_ORGANIZATION_UNKNOWN"
    assert not ShipmentShare.objects.exists()


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"role": "captain", "email": "x@example.com"}, "SHARE_ROLE_UNKNOWN"),
        ({"role": "consignee"}, "SHARE_TARGET_REQUIRED"),
        ({"role": "consignee", "email": "not an address"}, "INVALID"),
    ],
)
def test_bad_share_requests_are_refused_with_their_code(
    tenants: Tenants, fields: dict[str, Any], code: str
) -> None:
    shipment = a_shipment(tenants)
    with pytest.raises(ProblemError) as refused:
        sharing.share_shipment(
            actor=tenants.actor(tenants.owner), shipment_id=shipment.pk, **fields
        )
    assert refused.value.problems[0].code == code
    assert not ShipmentShare.objects.exists()


def test_sharing_twice_with_the_same_organization_is_refused(
    tenants: Tenants, partner: Partner
) -> None:
    shipment = a_shipment(tenants)
    share_with(tenants, shipment, partner)
    with pytest.raises(ProblemError) as refused:
        share_with(tenants, shipment, partner, role="notify_party")
    assert refused.value.problems[0].code == "SHARE_ALREADY"


def test_only_the_owners_writers_share_and_revoke(tenants: Tenants, partner: Partner) -> None:
    shipment = a_shipment(tenants)
    with pytest.raises(ProblemError) as refused:
        sharing.share_shipment(
            actor=tenants.actor(tenants.colleague),
            shipment_id=shipment.pk,
            role="consignee",
            organization_id=partner.org.pk,
        )
    assert refused.value.status == 403
    share = share_with(tenants, shipment, partner)
    with pytest.raises(Http404):
        sharing.revoke_share(
            actor=tenants.actor(partner.user), shipment_id=shipment.pk, share_id=share.pk
        )


def test_a_revoked_share_hides_the_shipment_again_and_stays_as_history(
    tenants: Tenants, partner: Partner
) -> None:
    shipment = a_shipment(tenants)
    share = share_with(tenants, shipment, partner)
    sharing.revoke_share(
        actor=tenants.actor(tenants.owner), shipment_id=shipment.pk, share_id=share.pk
    )
    assert not Shipment.objects.visible_to(partner.org).exists()
    share.refresh_from_db()
    assert share.revoked_at is not None
    # And it can be shared again afterwards.
    share_with(tenants, shipment, partner)
    assert Shipment.objects.visible_to(partner.org).count() == 1


def test_an_invitation_by_email_attaches_to_the_organization_the_invitee_signs_up(
    tenants: Tenants, django_capture_on_commit_callbacks: Any
) -> None:
    shipment = a_shipment(tenants)
    with django_capture_on_commit_callbacks(execute=True):
        shared = sharing.share_shipment(
            actor=tenants.actor(tenants.owner),
            shipment_id=shipment.pk,
            role="customs_broker",
            email="Erik@Broker.example",
        )
    assert shared.share.shared_with is None
    assert shared.share.invited_email == "erik@broker.example"
    assert len(mail.outbox) == 1
    assert shared.link in mail.outbox[0].body
    path = shared.link.removeprefix(settings.SITE_URL.rstrip("/"))
    assert re.fullmatch(r"/shipments/shared/[\w-]{40,}/", path)

    visitor = Client()
    page = visitor.get(path)
    assert page.status_code == 200
    assert "CC-SHARE-1" in page.content.decode()
    signup = reverse("accounts:signup") + "?next=" + path
    assert signup in page.content.decode()
    answer = visitor.post(
        signup,
        {
            "email": "erik@broker.example",
            "password": PASSWORD,
            "full_name": "Erik",
            "name_en": "Baltic Customs Brokers",
            "country": "PL",
            "vat_number": "PL5260250274",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert answer["Location"] == path
    accepted = visitor.post(path)
    assert accepted.status_code == 302
    assert accepted["Location"] == reverse("shipments:detail", args=[shipment.pk])
    broker = Organization.objects.get(name_en="Baltic Customs Brokers")
    shared.share.refresh_from_db()
    assert shared.share.shared_with == broker
    assert selectors.get_visible_shipment(broker, shipment.pk) == shipment
    # The link is used up.
    assert visitor.get(path).status_code == 404


def test_only_the_invited_address_may_accept_the_invitation(
    tenants: Tenants, partner: Partner
) -> None:
    shipment = a_shipment(tenants)
    link = sharing.share_shipment(
        actor=tenants.actor(tenants.owner),
        shipment_id=shipment.pk,
        role="forwarder",
        email="someone@else.example",
    ).link
    path = link.removeprefix(settings.SITE_URL.rstrip("/"))
    answer = partner.client().post(path)
    assert answer.status_code == 403
    assert not Shipment.objects.visible_to(partner.org).exists()


def test_a_person_already_on_cloudcabin_accepts_for_the_company_they_act_for(
    tenants: Tenants, partner: Partner
) -> None:
    shipment = a_shipment(tenants)
    link = sharing.share_shipment(
        actor=tenants.actor(tenants.owner),
        shipment_id=shipment.pk,
        role="forwarder",
        email="DORA@lodz.example",
    ).link
    path = link.removeprefix(settings.SITE_URL.rstrip("/"))
    client = partner.client()
    page = client.get(path).content.decode()
    assert 'data-testid="accept-share"' in page and partner.org.name_en in page
    assert client.post(path).status_code == 302
    share = sharing_selectors.share_for(shipment, partner.org)
    assert share is not None and share.role == "forwarder"
    body = client.get(reverse("shipments:list")).content.decode()
    assert 'data-testid="shared-by"' in body


def test_sign_up_goes_back_only_to_an_address_on_this_site() -> None:
    fields = {
        "email": "eve@example.com",
        "password": PASSWORD,
        "full_name": "Eve",
        "name_en": "Eve Trading",
        "country": "PL",
        "vat_number": "PL5260250274",
    }
    answer = Client().post(reverse("accounts:signup") + "?next=https://evil.example/", fields)
    assert answer.status_code == 302
    assert answer["Location"] == reverse("accounts:home")


def test_an_expired_or_withdrawn_invitation_link_is_a_404(tenants: Tenants) -> None:
    shipment = a_shipment(tenants)
    owner = tenants.actor(tenants.owner)
    paths = []
    for email in ("late@example.com", "withdrawn@example.com"):
        shared = sharing.share_shipment(
            actor=owner, shipment_id=shipment.pk, role="forwarder", email=email
        )
        paths.append(shared.link.removeprefix(settings.SITE_URL.rstrip("/")))
        assert Client().get(paths[-1]).status_code == 200
    late, withdrawn = ShipmentShare.objects.order_by("pk")
    ShipmentShare.objects.filter(pk=late.pk).update(expires_at=timezone.now())
    sharing.revoke_share(actor=owner, shipment_id=shipment.pk, share_id=withdrawn.pk)
    for path in paths:
        assert Client().get(path).status_code == 404
    assert Client().get("/shipments/shared/not-a-token/").status_code == 404


# --- pages -------------------------------------------------------------------------------


def test_the_partners_list_marks_the_shared_shipment_inbound(
    tenants: Tenants, partner: Partner
) -> None:
    shipment = a_shipment(tenants)
    client = partner.client()
    assert "CC-SHARE-1" not in client.get(reverse("shipments:list")).content.decode()
    share_with(tenants, shipment, partner)
    body = client.get(reverse("shipments:list")).content.decode()
    assert "CC-SHARE-1" in body
    assert 'data-testid="inbound"' in body
    assert "Xi&#x27;an Silk Road Trading" in body


def test_a_notify_party_sees_shared_by_the_owner_not_inbound(
    tenants: Tenants, partner: Partner
) -> None:
    share_with(tenants, a_shipment(tenants), partner, role="notify_party")
    body = partner.client().get(reverse("shipments:list")).content.decode()
    assert 'data-testid="shared-by"' in body
    assert 'data-testid="inbound"' not in body


def test_the_partner_reads_the_shipment_page_without_any_form_or_price(
    tenants: Tenants, partner: Partner
) -> None:
    shipment = a_shipment(tenants)
    share_with(tenants, shipment, partner)
    page = partner.client().get(reverse("shipments:detail", args=[shipment.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-testid="read-only"' in body
    assert "CSQU3054383" in body
    assert 'data-testid="no-tracking"' in body  # not on a train yet
    assert "<form" not in body.split("<main", 1)[-1].split("</main>", 1)[0]


def test_the_partner_follows_the_tracking_events_recorded_on_the_shipment(
    tenants: Tenants,
) -> None:
    tracked = make_tracked(tenants)
    consignee = Partner(eori="DE4567890123456", email="ops@duisburg-import.example")
    sharing.share_shipment(
        actor=tenants.actor(tenants.owner),
        shipment_id=tracked.shipment.pk,
        role="consignee",
        organization_id=consignee.org.pk,
    )
    departed = EventInput(
        booking=tracked.booking.reference,
        milestone="departed_origin",
        event_time=timezone.now() - timedelta(hours=2),
        locode="CNXIA",
    )
    record_events(tenants.actor(tenants.agent), [departed], source="MANUAL")
    page = consignee.client().get(reverse("shipments:detail", args=[tracked.shipment.pk]))
    timeline = page.content.decode().split('data-testid="timeline"')[1]
    assert Milestone.objects.get(key="departed_origin").name_en in timeline
    assert all(number in timeline for number in tracked.numbers)


def test_the_partners_writes_to_the_shipment_are_404_and_change_nothing(
    tenants: Tenants, partner: Partner
) -> None:
    shipment = a_shipment(tenants)
    share_with(tenants, shipment, partner)
    client = partner.client()
    for name in ("detail", "route", "line_add", "container_add", "stow_evenly", "sharing"):
        answer = client.post(reverse(f"shipments:{name}", args=[shipment.pk]), {"reference": "X"})
        assert answer.status_code == 404, name
    shipment.refresh_from_db()
    assert shipment.reference == "CC-SHARE-1"
    assert client.get(reverse("shipments:sharing", args=[shipment.pk])).status_code == 404


def test_the_owner_shares_and_revokes_on_the_sharing_page(
    tenants: Tenants, partner: Partner
) -> None:
    shipment = a_shipment(tenants)
    owner = tenants.client_for(tenants.owner)
    page = owner.get(reverse("shipments:sharing", args=[shipment.pk])).content.decode()
    assert 'data-testid="candidate"' in page and partner.org.name_en in page
    answer = owner.post(
        reverse("shipments:share", args=[shipment.pk]),
        {"organization_id": partner.org.pk, "role": "consignee"},
    )
    assert answer.status_code == 302
    share = ShipmentShare.objects.get()
    assert share.shared_with == partner.org
    detail = owner.get(reverse("shipments:detail", args=[shipment.pk])).content.decode()
    assert (
        'data-testid="shared-with"' in detail
        and "Lodz Rail Import Sp. z o.o. (consignee)" in detail
    )
    owner.post(reverse("shipments:revoke_share", args=[shipment.pk, share.pk]))
    share.refresh_from_db()
    assert share.revoked_at is not None


def test_a_bad_invitation_address_is_shown_beside_the_field(tenants: Tenants) -> None:
    shipment = a_shipment(tenants)
    owner = tenants.client_for(tenants.owner)
    answer = owner.post(
        reverse("shipments:share", args=[shipment.pk]), {"email": "nope", "role": "consignee"}
    )
    assert answer.status_code == 422
    assert "errorlist" in answer.content.decode()
    assert not ShipmentShare.objects.exists()


# --- API ---------------------------------------------------------------------------------


def test_the_api_lists_shared_shipments_with_who_shared_them(
    tenants: Tenants, partner: Partner
) -> None:
    own = services.create_shipment(actor=tenants.actor(partner.user), reference="LODZ-OWN-1")
    shipment = a_shipment(tenants)
    share_with(tenants, shipment, partner)
    client = Client(headers={"X-API-Key": _key(tenants, partner)})
    rows = {row["reference"]: row for row in client.get("/api/v1/shipments").json()}
    assert rows["LODZ-OWN-1"]["access"] == "owner" and rows["LODZ-OWN-1"]["shared_by"] is None
    assert rows["CC-SHARE-1"]["access"] == "shared"
    assert rows["CC-SHARE-1"]["shared_by"] == tenants.org.name_en
    assert rows["CC-SHARE-1"]["share_role"] == "consignee"
    detail = client.get(f"/api/v1/shipments/{shipment.pk}")
    assert detail.status_code == 200
    assert detail.json()["access"] == "shared"
    assert detail.json()["containers"][0]["number"] == "CSQU3054383"
    patched = client.patch(
        f"/api/v1/shipments/{shipment.pk}", {"reference": "X"}, content_type="application/json"
    )
    assert patched.status_code == 404
    assert patched.json()["errors"][0]["code"] == "NOT_FOUND"
    assert own.organization == partner.org


def test_the_owner_manages_shares_through_the_api(tenants: Tenants, partner: Partner) -> None:
    shipment = a_shipment(tenants)
    client = Client(headers={"X-API-Key": tenants.api_key(tenants.owner)})
    base = f"/api/v1/shipments/{shipment.pk}/shares"
    candidates = client.get(base + "/candidates").json()
    assert candidates == [
        {
            "organization_id": partner.org.pk,
            "name": partner.org.name_en,
            "role": "consignee",
            "party": "Lodz Rail Import",
            "identifier": CONSIGNEE_EORI,
        }
    ]
    created = client.post(
        base,
        {"role": "consignee", "organization_id": partner.org.pk},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "shared"
    assert created.json()["shared_with"] == partner.org.name_en
    invited = client.post(
        base, {"role": "forwarder", "email": "fwd@example.com"}, content_type="application/json"
    )
    assert invited.status_code == 201
    assert invited.json()["status"] == "invited"
    assert "/shipments/shared/" in invited.json()["invitation_link"]
    both = client.get(base).json()
    assert [s["status"] for s in both] == ["shared", "invited"]
    assert "invitation_link" not in both[0]
    refused = client.post(
        base,
        {"role": "consignee", "organization_id": partner.org.pk},
        content_type="application/json",
    )
    assert refused.status_code == 409
    assert refused.json()["errors"][0]["code"] == "SHARE_ALREADY"
    assert client.delete(f"{base}/{created.json()['id']}").status_code == 204
    assert client.get(base).json()[0]["status"] == "revoked"
    partner_client = Client(headers={"X-API-Key": _key(tenants, partner)})
    assert partner_client.get(f"/api/v1/shipments/{shipment.pk}").status_code == 404


def _key(tenants: Tenants, partner: Partner) -> str:
    return tenants.api_key(partner.user)
