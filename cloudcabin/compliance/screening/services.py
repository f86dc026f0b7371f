"""Writes for screening: screen a party, screen every party after a list loads, decide a hit.

Screening is idempotent: a party already screened as it is now (same fingerprint) against
the versions current now is not screened again. A hit is one row per party and listed
entry (list + the list's own key), updated when screened again; an agent's decision stays
while the party is unchanged and the match is no stronger (a higher band), and is reopened
otherwise, with an event saying so. A hit no longer found is kept, inactive, for its history.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.compliance.matching import Candidate, PartyQuery, screen_many
from cloudcabin.compliance.models import (
    HitBand,
    HitStatus,
    ListedEntity,
    PartyScreening,
    ScreeningEvent,
    ScreeningEventKind,
    ScreeningHit,
)
from cloudcabin.compliance.screening import selectors
from cloudcabin.errors import ProblemError, problem
from cloudcabin.fields import require_valid_columns
from cloudcabin.shipments.checks.context import PARTY_ROLES
from cloudcabin.shipments.models import Party, Shipment

BAND_RANK = {HitBand.NOTE: 0, HitBand.REVIEW: 1, HitBand.HOLD: 2}
REASON_LIMIT = 2000
# Which scheme the party's tax number is in the lists' terms, by its country.
TAX_SCHEME = {"RU": "INN", "KZ": "BIN", "CN": "USCC"}


def identifiers_of(party: Party) -> dict[str, str]:
    """The party's numbers under the schemes the lists use (exact matches are strong)."""
    found = {
        "USCC": party.uscc,
        "EORI": party.eori,
        "VAT": party.vat_number,
        TAX_SCHEME.get(party.country, "TIN"): party.tin,
        "CN_CUSTOMS": party.customs_code,
    }
    return {scheme: value.strip() for scheme, value in found.items() if value and value.strip()}


def names_of(party: Party) -> list[str]:
    """The names screened: the Latin-script one and the local one when it differs."""
    names = [party.name_latin.strip(), party.name_local.strip()]
    return list(dict.fromkeys(name for name in names if name))


def fingerprint(party: Party) -> str:
    """What the party was screened as: a change of any of these screens it again."""
    text = json.dumps([names_of(party), identifiers_of(party), party.country], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _candidates(party: Party) -> list[Candidate]:
    """The engine's candidates for each of the party's names, best per listed entry."""
    identifiers = identifiers_of(party)
    queries = [PartyQuery(name, identifiers, party.country) for name in names_of(party)]
    best: dict[int, Candidate] = {}
    for found in screen_many(queries):
        for candidate in found:
            kept = best.get(candidate.entity_id)
            if kept is None or candidate.score > kept.score:
                best[candidate.entity_id] = candidate
    return list(best.values())


@transaction.atomic
def screen_party(party: Party) -> PartyScreening:
    """Screen the party against the current versions, unless that is already done."""
    versions = selectors.current_version_ids()
    print_ = fingerprint(party)
    screening = PartyScreening.objects.select_for_update().filter(party=party).first()
    if screening and screening.fingerprint == print_ and screening.version_ids == versions:
        return screening
    candidates = _candidates(party) if versions else []
    entities = ListedEntity.objects.select_related("version").in_bulk(
        [c.entity_id for c in candidates]
    )
    now = timezone.now()
    hits = {(h.list_source, h.entity_ref): h for h in ScreeningHit.objects.filter(party=party)}
    found = set()
    for candidate in candidates:
        entity = entities.get(candidate.entity_id)
        if entity is None:
            continue
        key = (entity.version.source, entity.source_id)
        found.add(key)
        _record_hit(party, hits.get(key), entity, candidate, print_, now)
    for key, hit in hits.items():
        if key not in found and hit.active:
            hit.active = False
            hit.save(update_fields=["active"])
    if screening is None:
        screening = PartyScreening(party=party, organization_id=party.organization_id)
    screening.fingerprint, screening.version_ids, screening.screened_at = print_, versions, now
    screening.save()
    return screening


def _record_hit(
    party: Party,
    hit: ScreeningHit | None,
    entity: ListedEntity,
    candidate: Candidate,
    print_: str,
    now: datetime,
) -> ScreeningHit:
    reopen = False
    if hit is None:
        hit = ScreeningHit(
            organization_id=party.organization_id,
            party=party,
            list_source=entity.version.source,
            entity_ref=entity.source_id,
            found_at=now,
        )
    elif hit.status != HitStatus.OPEN:
        stronger = BAND_RANK[HitBand(candidate.band)] > BAND_RANK[HitBand(hit.band)]
        reopen = hit.fingerprint != print_ or stronger
    hit.version = entity.version
    hit.entity = entity
    hit.list_published = entity.version.published
    hit.entity_name = entity.primary_name
    hit.matched_name = candidate.matched_name
    hit.programmes = list(entity.programmes)
    hit.legal_refs = list(entity.legal_refs)
    hit.score = candidate.score
    hit.band = candidate.band
    hit.reasons = list(candidate.reasons)
    hit.fingerprint = print_
    hit.active = True
    if reopen:
        before = hit.status
        hit.status, hit.decided_by, hit.decided_at, hit.reason = HitStatus.OPEN, None, None, ""
    hit.save()
    if reopen:
        ScreeningEvent.objects.create(
            organization_id=hit.organization_id,
            hit=hit,
            kind=ScreeningEventKind.REOPENED,
            status_before=before,
            reason="",
            at=now,
        )
    return hit


def screen_parties(parties: Iterable[Party]) -> int:
    """Screen each party not screened as it is against the current versions (each in its own
    transaction); returns how many were screened."""
    versions = selectors.current_version_ids()
    screened = 0
    for party in parties:
        done = getattr(party, "screening", None)
        if done and done.fingerprint == fingerprint(party) and done.version_ids == versions:
            continue
        screen_party(party)
        screened += 1
    return screened


def screen_shipment(shipment: Shipment) -> int:
    """Screen the shipment's parties not yet screened as they are against today's lists."""
    ids = {getattr(shipment, f"{role}_id") for role in PARTY_ROLES} - {None}
    if not ids:
        return 0
    return screen_parties(Party.objects.filter(pk__in=ids).select_related("screening"))


def screen_everyone() -> int:
    """Every party of every address book, after a list version loaded (idempotent)."""
    parties = Party.objects.select_related("screening").order_by("pk")
    return screen_parties(parties.iterator(chunk_size=500))


@transaction.atomic
def decide(*, actor: Actor, hit_id: int, decision: str, reason: str) -> ScreeningHit:
    """An agent clears (not the listed party) or confirms (it is) a hit, saying why."""
    hit = selectors.hits_visible_to(actor).select_for_update(of=("self",)).filter(pk=hit_id).first()
    if hit is None:
        raise Http404
    if not selectors.is_reviewer(actor):
        raise ProblemError.of("SCREENING_NOT_AGENT")
    missing = []
    if decision not in (HitStatus.CLEARED, HitStatus.CONFIRMED):
        detail = _("Choose to clear or to confirm the hit.")
        missing.append(problem("INVALID", path="decision", detail=detail))
    reason = (reason or "").strip()
    if not reason:
        missing.append(problem("SCREENING_REASON_REQUIRED", path="reason"))
    if missing:
        raise ProblemError(*missing, status=422)
    if len(reason) > REASON_LIMIT:
        raise ProblemError.of("TOO_LONG", path="reason", limit=REASON_LIMIT)
    require_valid_columns(ScreeningEvent, {"reason": reason})
    if hit.status == decision:
        raise ProblemError.of("SCREENING_DECISION_UNCHANGED", status=hit.get_status_display())
    now = timezone.now()
    ScreeningEvent.objects.create(
        organization_id=hit.organization_id,
        hit=hit,
        kind=ScreeningEventKind(decision),
        status_before=hit.status,
        actor=actor.user,
        reason=reason,
        at=now,
    )
    hit.status, hit.decided_by, hit.decided_at, hit.reason = decision, actor.user, now, reason
    hit.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    return hit
