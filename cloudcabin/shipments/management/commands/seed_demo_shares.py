"""Share the demo shipments with the demo organizations their parties name (idempotent).

Xi'an → Duisburg (XSR-2026-0001) names Duisburg Import GmbH as its consignee by EORI, so
the Duisburg demo user (owner@duisburg.demo) finds it on their list marked inbound, with
its issued documents and tracking. Runs last in ``prepare_demo``: it shares whatever demo
shipment of the Xi'an company names a demo organization at that point.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from cloudcabin.accounts.models import Organization, Role, User
from cloudcabin.accounts.tenancy import Actor
from cloudcabin.shipments import selectors
from cloudcabin.shipments.sharing import selectors as sharing_selectors
from cloudcabin.shipments.sharing import services

XIAN = "Xi'an Silk Road Trading Co., Ltd."


class Command(BaseCommand):
    help = "Share the demo shipments with the demo organizations named on them."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        xian = Organization.objects.filter(name_en=XIAN).first()
        if xian is None:
            return
        actor = Actor(
            organization=xian,
            role=Role.OWNER,
            can_write=True,
            user=User.objects.filter(email="owner@xian.demo").first(),
        )
        for listed in selectors.shipments_of(xian).order_by("reference"):
            shipment = selectors.get_shipment(xian, listed.pk)
            for candidate in sharing_selectors.candidates(shipment):
                if sharing_selectors.share_for(shipment, candidate.organization):
                    continue
                services.share_shipment(
                    actor=actor,
                    shipment_id=shipment.pk,
                    role=candidate.role,
                    organization_id=candidate.organization.pk,
                )
                self.stdout.write(
                    f"Demo share: {shipment.reference} → {candidate.organization.name_en} "
                    f"({candidate.role})"
                )
