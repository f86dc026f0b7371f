"""Screening follows the parties: on a party's save, on a shipment's save (for parties saved
before a list loaded, or never screened) and, in the background, when a list version loads.

Connected here so that shipments never import compliance. A party is screened in the
transaction that saves it, so no page or booking ever sees it unscreened.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from cloudcabin.compliance.models import ListVersion
from cloudcabin.compliance.screening import services, tasks
from cloudcabin.compliance.signals import list_version_loaded
from cloudcabin.shipments.checks.context import PARTY_ROLES
from cloudcabin.shipments.models import Party, Shipment


@receiver(post_save, sender=Party, dispatch_uid="compliance.screen_party")
def screen_saved_party(sender: type[Party], instance: Party, raw: bool, **kwargs: Any) -> None:
    if not raw:  # fixtures load rows as they are
        services.screen_party(instance)


# The fields that name a shipment's parties: a save that writes none of them (a line
# edit counting its change, a revision frozen) has no party to screen.
PARTY_FIELDS = frozenset(PARTY_ROLES) | {f"{role}_id" for role in PARTY_ROLES}


@receiver(post_save, sender=Shipment, dispatch_uid="compliance.screen_shipment")
def screen_saved_shipment(
    sender: type[Shipment],
    instance: Shipment,
    raw: bool,
    update_fields: frozenset[str] | None = None,
    **kwargs: Any,
) -> None:
    if raw or (update_fields is not None and not update_fields & PARTY_FIELDS):
        return
    services.screen_shipment(instance)


@receiver(list_version_loaded, sender=ListVersion, dispatch_uid="compliance.screen_after_load")
def screen_after_list_load(sender: type[ListVersion], version: ListVersion, **kwargs: Any) -> None:
    tasks.screen_after_list_load.enqueue(version.pk)
