"""Reads for screening: current list versions, the review queue, a shipment's parties."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404

from cloudcabin import memo
from cloudcabin.accounts.models import Role
from cloudcabin.accounts.tenancy import Actor
from cloudcabin.compliance.models import (
    HitStatus,
    ListVersion,
    PartyScreening,
    ScreeningEvent,
    ScreeningHit,
)
from cloudcabin.shipments.checks.context import PARTY_ROLES
from cloudcabin.shipments.forms import PARTY_LABELS
from cloudcabin.shipments.models import Party, Shipment


def is_reviewer(actor: Actor) -> bool:
    """An agent of the operator: the one who clears or confirms a hit (dispatchers plan trains)."""
    return actor.is_operator_staff and actor.role == Role.AGENT


def require_reviewer(actor: Actor) -> None:
    """Anyone else gets the same 404 as for a page that does not exist."""
    if not is_reviewer(actor):
        raise Http404


def current_version_ids() -> list[int]:
    """The ids of the current version of each list, sorted: what a screening is against."""
    return memo.once(
        "screening.current_version_ids",
        lambda: sorted(ListVersion.objects.filter(is_current=True).values_list("pk", flat=True)),
    )


def hits_visible_to(actor: Actor) -> QuerySet[ScreeningHit]:
    """Hits on the parties of the organizations the actor acts for (its own for a company)."""
    return ScreeningHit.objects.for_actor(actor).select_related(
        "party", "organization", "version", "decided_by"
    )


def review_queue(actor: Actor, status: str = HitStatus.OPEN) -> QuerySet[ScreeningHit]:
    """The current hits of a status ("" for every status), strongest first."""
    hits = hits_visible_to(actor).filter(active=True)
    return hits.filter(status=status) if status else hits


def hit_for(actor: Actor, hit_id: int) -> ScreeningHit:
    hit = hits_visible_to(actor).filter(pk=hit_id).first()
    if hit is None:
        raise Http404
    return hit


def shipments_naming(hit: ScreeningHit) -> QuerySet[Shipment]:
    """The party's organization's shipments that name it in any role (what the hit holds)."""
    named = Q()
    for role in PARTY_ROLES:
        named |= Q(**{f"{role}_id": hit.party_id})
    return Shipment.objects.for_org(hit.organization).filter(named).order_by("-created_at")


def events_of(hit: ScreeningHit) -> QuerySet[ScreeningEvent]:
    return hit.events.select_related("actor")


def shipment_for(actor: Actor, shipment_id: int) -> Shipment:
    """A shipment of an organization the actor acts for; a shared reader sees no screening,
    since the parties are the owner's address book."""
    shipment = Shipment.objects.for_actor(actor).filter(pk=shipment_id).first()
    if shipment is None:
        raise Http404
    return shipment


@dataclass
class PartyRow:
    """One role of a shipment: its party, how it was screened and its current hits."""

    role: str
    party: Party
    screening: PartyScreening | None
    hits: list[ScreeningHit] = field(default_factory=list)
    stale: bool = False

    @property
    def label(self) -> str:
        return str(PARTY_LABELS[self.role])

    @property
    def status(self) -> str:
        """confirmed, held, pending, note or clear: the worst of the party's hits."""
        if any(h.status == HitStatus.CONFIRMED for h in self.hits):
            return "confirmed"
        if any(h.status == HitStatus.OPEN and h.band != "note" for h in self.hits):
            return "held"
        if self.stale:
            return "pending"
        if any(h.status == HitStatus.OPEN for h in self.hits):
            return "note"
        return "clear"


def shipment_parties(shipment: Shipment, versions: list[int] | None = None) -> list[PartyRow]:
    """Each filled party role of the shipment with its screening, in three queries (two
    when the caller has the current version ids)."""
    return shipments_parties([shipment], versions)[0]


def shipments_parties(
    shipments: Sequence[Shipment], versions: list[int] | None = None
) -> list[list[PartyRow]]:
    """``shipment_parties`` of each shipment, in order, in the same three queries however
    many shipments (a train's manifest). Read once in a ``memo.reading()`` block (the
    shipment page's hold and compliance panel)."""
    roles = tuple(
        tuple((role, getattr(shipment, f"{role}_id")) for role in PARTY_ROLES)
        for shipment in shipments
    )
    party_ids = {party_id for of_one in roles for _role, party_id in of_one if party_id}
    if not party_ids:
        return [[] for _shipment in roles]
    current = current_version_ids() if versions is None else versions
    return memo.once(
        ("screening.shipments_parties", roles, tuple(current)),
        lambda: _parties_of(roles, party_ids, current),
    )


def _parties_of(
    roles: tuple[tuple[tuple[str, int | None], ...], ...],
    party_ids: set[int],
    versions: list[int],
) -> list[list[PartyRow]]:
    parties = {p.pk: p for p in Party.objects.filter(pk__in=party_ids).select_related("screening")}
    hits: dict[int, list[ScreeningHit]] = {}
    for hit in ScreeningHit.objects.filter(party_id__in=party_ids, active=True).select_related(
        "version", "decided_by"
    ):
        hits.setdefault(hit.party_id, []).append(hit)
    found = []
    for of_one in roles:
        rows = []
        for role, party_id in of_one:
            party = parties.get(party_id) if party_id else None
            if party is None:
                continue
            screening = getattr(party, "screening", None)
            stale = bool(versions) and (screening is None or screening.version_ids != versions)
            rows.append(
                PartyRow(
                    role=role,
                    party=party,
                    screening=screening,
                    hits=hits.get(party.pk, []),
                    stale=stale,
                )
            )
        found.append(rows)
    return found
