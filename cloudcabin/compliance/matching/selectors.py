"""Reads for showing candidates: each cites its list version and the entry's programmes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from cloudcabin.compliance.matching.engine import Candidate
from cloudcabin.compliance.models.lists import ListedEntity, ListSource


@dataclass(frozen=True)
class CitedCandidate:
    entity_id: int
    list_source: str
    list_name: str
    version_id: int
    published: date | None
    sha256: str  # the first 12 hex digits: enough to tell versions apart when cited
    source_id: str
    kind: str
    primary_name: str
    matched_name: str
    score: Decimal
    band: str
    reasons: tuple[str, ...]
    programmes: list[str]
    legal_refs: list[str]


def cite(candidates: list[Candidate]) -> list[CitedCandidate]:
    entities = ListedEntity.objects.select_related("version").in_bulk(
        [candidate.entity_id for candidate in candidates]
    )
    cited = []
    for candidate in candidates:
        entity = entities.get(candidate.entity_id)
        if entity is None:  # the version was deleted since the index was built
            continue
        version = entity.version
        cited.append(
            CitedCandidate(
                entity_id=entity.pk,
                list_source=version.source,
                list_name=str(ListSource(version.source).label),
                version_id=version.pk,
                published=version.published,
                sha256=version.sha256[:12],
                source_id=entity.source_id,
                kind=entity.kind,
                primary_name=entity.primary_name,
                matched_name=candidate.matched_name,
                score=candidate.score,
                band=candidate.band,
                reasons=candidate.reasons,
                programmes=list(entity.programmes),
                legal_refs=list(entity.legal_refs),
            )
        )
    return cited
