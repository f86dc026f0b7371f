"""Writes for documents: render a pack (preview), and issue it as an immutable version."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from cloudcabin.accounts.tenancy import Actor, get_for_org_or_404
from cloudcabin.documents import selectors
from cloudcabin.documents.checks import check_pack
from cloudcabin.documents.data import PackData
from cloudcabin.documents.kinds import KINDS
from cloudcabin.documents.kinds.base import Rendered, Stamp
from cloudcabin.documents.models import (
    DocumentEvent,
    DocumentEventKind,
    DocumentPack,
    IssuedFile,
    PackStatus,
)
from cloudcabin.errors import Problem, ProblemError, Severity, problem
from cloudcabin.shipments import selectors as shipment_selectors
from cloudcabin.shipments import services as shipment_services
from cloudcabin.shipments.models import Shipment
from cloudcabin.shipments.snapshot import shipment_snapshot

# Short codes avoid look-alike characters (0/O, 1/I/L) so people can type them.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10


@dataclass(frozen=True)
class RenderedPack:
    data: PackData
    files: list[Rendered]
    findings: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.findings if p.severity == Severity.ERROR]


def new_short_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def verify_url(short_code: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("documents:verify", args=[short_code])


def render_pack(data: PackData, stamps: dict[tuple[str, str], Stamp]) -> RenderedPack:
    """Every applicable document in every format, and the cross-document findings."""
    specs = [spec for spec in KINDS if spec.applies(data)]
    files = [
        rendered
        for spec in specs
        for rendered in spec.render(data, {fmt: stamps[(spec.kind, fmt)] for fmt in spec.formats})
    ]
    findings = check_pack([spec.facts(data) for spec in specs], data)
    return RenderedPack(data=data, files=files, findings=findings)


def _preview_stamps(data: PackData, issuer: str) -> dict[tuple[str, str], Stamp]:
    return {
        (spec.kind, fmt): Stamp("PREVIEW", verify_url("PREVIEW"), 0, issuer, "")
        for spec in KINDS
        for fmt in spec.formats
    }


def preview_pack(*, actor: Actor, shipment_id: int) -> RenderedPack:
    """Render the pack from the shipment as it is now, without storing anything."""
    shipment = shipment_selectors.get_shipment(actor.organization, shipment_id)
    data = selectors.pack_data(shipment_snapshot(shipment))
    return render_pack(data, _preview_stamps(data, actor.organization.name_en))


def blocking_findings(shipment: Shipment, rendered: RenderedPack) -> list[Problem]:
    return shipment_selectors.blocking_problems(shipment) + rendered.errors


@transaction.atomic
def issue_pack(*, actor: Actor, shipment_id: int) -> DocumentPack:
    """Freeze the shipment revision, render, check, store, and supersede the previous pack."""
    actor.require_write()
    shipment = get_for_org_or_404(
        Shipment.objects.select_for_update(), actor.organization, pk=shipment_id
    )
    revision = shipment_services.freeze_revision(actor=actor, shipment_id=shipment.pk)
    data = selectors.pack_data(revision.snapshot)
    previous = DocumentPack.objects.filter(shipment=shipment).aggregate(v=Max("version"))["v"]
    version = (previous or 0) + 1
    now = timezone.now()
    issuer = actor.organization.name_en
    stamps = {
        (spec.kind, fmt): Stamp(
            code, verify_url(code), version, issuer, now.isoformat(timespec="seconds")
        )
        for spec in KINDS
        for fmt in spec.formats
        for code in [new_short_code()]
    }
    rendered = render_pack(data, stamps)
    blocking = shipment_selectors.blocking_problems(shipment) + rendered.errors
    if blocking:
        raise ProblemError(problem("DOCUMENTS_BLOCKED"), *blocking, status=409)
    superseded = list(
        DocumentPack.objects.select_for_update().filter(shipment=shipment, status=PackStatus.ISSUED)
    )
    DocumentPack.objects.filter(pk__in=[p.pk for p in superseded]).update(
        status=PackStatus.SUPERSEDED
    )
    pack = DocumentPack.objects.create(
        organization=actor.organization,
        shipment=shipment,
        version=version,
        revision=revision,
        issued_at=now,
        issued_by=actor.user,
        findings=[p.as_dict() for p in rendered.findings],
    )
    for item in rendered.files:
        issued = IssuedFile(
            pack=pack,
            kind=item.kind,
            format=item.format,
            sha256=hashlib.sha256(item.content).hexdigest(),
            size=len(item.content),
            short_code=stamps[(item.kind, item.format)].short_code,
        )
        issued.file.save(item.filename, ContentFile(item.content), save=False)
        issued.save()
    for old in superseded:
        DocumentEvent.objects.create(
            organization=actor.organization,
            pack=old,
            actor=actor.user,
            kind=DocumentEventKind.SUPERSEDED,
            detail={"by_version": version},
        )
    DocumentEvent.objects.create(
        organization=actor.organization,
        pack=pack,
        actor=actor.user,
        kind=DocumentEventKind.ISSUED,
        detail={"revision": revision.number, "files": len(rendered.files)},
    )
    return pack
