"""Reads of the estimates, for the timeline, the booking page and the consignee link.

The caller has checked who may see the container; an estimate says nothing its
container's timeline does not.
"""

from __future__ import annotations

from collections.abc import Iterable

from cloudcabin.shipments.models import Container
from cloudcabin.tracking.models import ContainerEta, EtaTarget


def eta_for(container: Container, target: str = EtaTarget.DESTINATION) -> ContainerEta | None:
    """The container's current estimate (p10, p50, p90, observations, method), or None."""
    return (
        ContainerEta.objects.filter(container=container, target=target)
        .select_related("milestone")
        .first()
    )


def etas_for(
    containers: Iterable[Container | int], target: str = EtaTarget.DESTINATION
) -> dict[int, ContainerEta]:
    """The current estimates of many containers in one query, by container id."""
    ids = {c if isinstance(c, int) else c.pk for c in containers}
    return {
        eta.container_id: eta
        for eta in ContainerEta.objects.filter(container_id__in=ids, target=target).select_related(
            "milestone"
        )
    }
