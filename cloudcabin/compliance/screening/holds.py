"""The screening hold on a shipment, registered with ``shipments.holds``.

Band semantics (README, "Screening"): a party with a current hit that is **confirmed** (any
band), or **open in the hold or review band** (score ≥ 0.85), is held: an error, so booking
confirmation and document issue are refused until an agent clears every such hit. An open
hit in the **note** band (0.70–0.84) is a warning: listed for the agents, holding nothing.
A party not yet screened against the list versions current now is an error too (the
re-screening after a list load runs in the background): nothing passes unscreened.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.formats import number_format

from cloudcabin.compliance.models import HitBand, HitStatus, ScreeningHit
from cloudcabin.compliance.screening import selectors
from cloudcabin.errors import Problem, problem
from cloudcabin.shipments.forms import PARTY_LABELS
from cloudcabin.shipments.holds import Lines, register_hold_source
from cloudcabin.shipments.models import Shipment


def _listed(hit: ScreeningHit) -> dict[str, Any]:
    published = hit.list_published.isoformat() if hit.list_published else "?"
    return {
        "listed": hit.entity_name,
        "list": f"{hit.get_list_source_display()} ({published})",
        "score": number_format(hit.score, 2),
    }


def screening_holds(shipment: Shipment) -> list[Problem]:
    """One finding per party role: confirmed, held, pending or noted (none when clear)."""
    return _findings(selectors.shipment_parties(shipment))


@register_hold_source
def screening_holds_many(shipments: Sequence[Shipment], lines: Lines = None) -> list[list[Problem]]:
    """``screening_holds`` of each shipment, in the same few queries however many (the
    goods lines play no part in it)."""
    return [_findings(rows) for rows in selectors.shipments_parties(shipments)]


def _findings(rows: list[selectors.PartyRow]) -> list[Problem]:
    found = []
    for row in rows:
        path = f"parties.{row.role}"
        about: dict[str, Any] = {"role": str(PARTY_LABELS[row.role]), "party": row.party.name_latin}
        open_hits = [h for h in row.hits if h.status == HitStatus.OPEN]
        confirmed = [h for h in row.hits if h.status == HitStatus.CONFIRMED]
        holding = [h for h in open_hits if h.band != HitBand.NOTE]
        if confirmed:
            found.append(
                problem("SCREENING_PARTY_CONFIRMED", path=path, **about, **_listed(confirmed[0]))
            )
        elif holding:
            strongest = max(holding, key=lambda h: h.score)
            found.append(problem("SCREENING_PARTY_HELD", path=path, **about, **_listed(strongest)))
        elif row.stale:
            found.append(problem("SCREENING_PENDING", path=path, **about))
        elif open_hits:
            strongest = max(open_hits, key=lambda h: h.score)
            found.append(problem("SCREENING_PARTY_NOTE", path=path, **about, **_listed(strongest)))
    return found
