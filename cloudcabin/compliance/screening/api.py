"""API: a shipment's screening, the hits an actor may see, and an agent's decision on a hit.

Mounted under /api/v1/compliance. A company sees the hits on its own parties; an agent of
the operator those of the customers it acts for, and only an agent (signed in: API keys
act for their own company) decides. Everyone else gets the stranger's 404.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from cloudcabin.api.auth import actor_of
from cloudcabin.api.schemas import ErrorsOut, Input, ProblemOut
from cloudcabin.compliance.models import ScreeningHit
from cloudcabin.compliance.screening import holds, selectors, services

router = Router()

READ = {404: ErrorsOut}
WRITE = {403: ErrorsOut, 404: ErrorsOut, 409: ErrorsOut, 422: ErrorsOut}


class ScreeningEventOut(Schema):
    kind: str
    status_before: str
    by: str | None
    at: datetime.datetime
    reason: str


class HitOut(Schema):
    id: int
    party_id: int
    party_name: str
    status: Literal["open", "cleared", "confirmed"]
    band: Literal["hold", "review", "note"]
    score: Decimal
    active: bool
    # what the hit cites: the list, its version (date, SHA-256) and the entry
    list_source: str
    list_published: datetime.date | None
    list_version_sha256: str | None
    entity_ref: str
    entity_name: str
    matched_name: str
    programmes: list[str]
    legal_refs: list[str]
    reasons: list[str]
    found_at: datetime.datetime
    decided_by: str | None
    decided_at: datetime.datetime | None
    reason: str
    events: list[ScreeningEventOut] = []


class PartyScreeningOut(Schema):
    role: str
    party_id: int
    party_name: str
    status: Literal["clear", "note", "pending", "held", "confirmed"]
    screened_at: datetime.datetime | None
    hits: list[HitOut]


class ShipmentScreeningOut(Schema):
    shipment_id: int
    held: bool
    parties: list[PartyScreeningOut]
    # the findings booking confirmation and document issue see (errors hold the shipment)
    holds: list[ProblemOut]


class HitFilter(Input):
    status: Literal["open", "cleared", "confirmed", "all"] = "open"


class DecisionIn(Input):
    # the hit's new status: cleared (not the listed party) or confirmed (it is)
    status: Literal["cleared", "confirmed"]
    reason: str = Field(..., max_length=services.REASON_LIMIT)


def hit_out(hit: ScreeningHit, *, with_events: bool = False) -> dict[str, Any]:
    found = {
        "id": hit.pk,
        "party_id": hit.party_id,
        "party_name": hit.party.name_latin,
        "status": hit.status,
        "band": hit.band,
        "score": hit.score,
        "active": hit.active,
        "list_source": hit.list_source,
        "list_published": hit.list_published,
        "list_version_sha256": hit.version.sha256 if hit.version else None,
        "entity_ref": hit.entity_ref,
        "entity_name": hit.entity_name,
        "matched_name": hit.matched_name,
        "programmes": [str(p) for p in hit.programmes],
        "legal_refs": [str(r) for r in hit.legal_refs],
        "reasons": [str(r) for r in hit.reasons],
        "found_at": hit.found_at,
        "decided_by": hit.decided_by.email if hit.decided_by else None,
        "decided_at": hit.decided_at,
        "reason": hit.reason,
    }
    if with_events:
        found["events"] = [
            {
                "kind": event.kind,
                "status_before": event.status_before,
                "by": event.actor.email if event.actor else None,
                "at": event.at,
                "reason": event.reason,
            }
            for event in selectors.events_of(hit)
        ]
    return found


@router.get("/shipments/{shipment_id}/screening", response={200: ShipmentScreeningOut, **READ})
def shipment_screening(request: HttpRequest, shipment_id: int) -> dict[str, Any]:
    """Each party of the shipment: its screening status and current hits, and the holds."""
    shipment = selectors.shipment_for(actor_of(request), shipment_id)
    rows = selectors.shipment_parties(shipment)
    found = holds.screening_holds(shipment)
    return {
        "shipment_id": shipment.pk,
        "held": any(p.severity == "error" for p in found),
        "parties": [
            {
                "role": row.role,
                "party_id": row.party.pk,
                "party_name": row.party.name_latin,
                "status": row.status,
                "screened_at": row.screening.screened_at if row.screening else None,
                "hits": [hit_out(hit) for hit in row.hits],
            }
            for row in rows
        ],
        "holds": [p.as_dict() for p in found],
    }


@router.get("/hits", response=list[HitOut])
def list_hits(request: HttpRequest, filters: Query[HitFilter]) -> list[dict[str, Any]]:
    """The current hits on the parties the caller may see (the agents' queue), 200 at most."""
    status = "" if filters.status == "all" else filters.status
    hits = selectors.review_queue(actor_of(request), status)[:200]
    return [hit_out(hit) for hit in hits]


@router.get("/hits/{hit_id}", response={200: HitOut, **READ})
def get_hit(request: HttpRequest, hit_id: int) -> dict[str, Any]:
    """One hit with every decision on it (who, when, why)."""
    return hit_out(selectors.hit_for(actor_of(request), hit_id), with_events=True)


@router.post("/hits/{hit_id}/decision", response={200: HitOut, **WRITE})
def decide(request: HttpRequest, hit_id: int, body: DecisionIn) -> dict[str, Any]:
    """An agent clears (not the listed party) or confirms (it is) the hit, with a reason."""
    hit = services.decide(
        actor=actor_of(request), hit_id=hit_id, decision=body.status, reason=body.reason
    )
    return hit_out(selectors.hit_for(actor_of(request), hit.pk), with_events=True)
