"""Issued document packs: immutable records of what was issued, from which revision, by whom."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cloudcabin.accounts.models import Organization, TenantEvent
from cloudcabin.accounts.tenancy import TenantQuerySet
from cloudcabin.shipments.models import Shipment, ShipmentRevision


class DocumentKind(models.TextChoices):
    COMMERCIAL_INVOICE = "commercial_invoice", _("Commercial invoice")
    PACKING_LIST = "packing_list", _("Packing list")
    CUSTOMS_DECLARATION = "customs_declaration", _("China customs declaration")
    CIM_SMGS = "cim_smgs", _("CIM/SMGS consignment note")
    ICS2_ENS = "ics2_ens", _("EU ICS2 entry summary (rail)")
    ORIGIN_APPLICATION = "origin_application", _("Certificate of origin application")
    SHIPPING_INSTRUCTIONS = "shipping_instructions", _("Shipping instructions (sea)")


class FileFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    XML = "xml", "XML"


class PackStatus(models.TextChoices):
    ISSUED = "issued", _("Issued")
    SUPERSEDED = "superseded", _("Superseded")


class DocumentPack(models.Model):
    """Version n of a shipment's document pack, rendered from one frozen revision."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="packs")
    version = models.PositiveIntegerField()
    revision = models.ForeignKey(ShipmentRevision, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=PackStatus.choices, default=PackStatus.ISSUED)
    issued_at = models.DateTimeField(default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The cross-document warnings shown at issue time (errors block issue).
    findings = models.JSONField(default=list, blank=True)
    # SHA-256 of what the files were rendered from (the pack data and the issuer): issuing
    # again from the same data returns this pack instead of a new version ("" before it
    # was recorded).
    data_sha256 = models.CharField(max_length=64, blank=True, editable=False)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["shipment", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["shipment", "version"], name="one_pack_version")
        ]
        verbose_name = _("document pack")
        verbose_name_plural = _("document packs")

    def __str__(self) -> str:
        return f"{self.shipment_id} v{self.version}"


def issued_file_path(instance: IssuedFile, filename: str) -> str:
    pack = instance.pack
    return f"documents/{pack.organization_id}/{pack.shipment_id}/v{pack.version}/{filename}"


class IssuedFile(models.Model):
    """One issued file. Never changed after issue: its SHA-256 proves it."""

    pack = models.ForeignKey(DocumentPack, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=30, choices=DocumentKind.choices)
    format = models.CharField(max_length=4, choices=FileFormat.choices)
    # 1, or n of several: a declaration of more than 50 items is issued in parts.
    part = models.PositiveSmallIntegerField(default=1)
    file = models.FileField(upload_to=issued_file_path)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveIntegerField()
    # Printed under the QR code; opens the public verification page.
    short_code = models.CharField(max_length=12, unique=True)

    class Meta:
        ordering = ["pack", "kind", "part", "format"]
        constraints = [
            models.UniqueConstraint(
                fields=["pack", "kind", "format", "part"], name="one_file_per_kind_and_part"
            )
        ]
        verbose_name = _("issued file")
        verbose_name_plural = _("issued files")

    def __str__(self) -> str:
        return f"{self.kind}.{self.format} ({self.short_code})"


class DocumentEventKind(models.TextChoices):
    ISSUED = "issued", _("Documents issued")
    SUPERSEDED = "superseded", _("Documents superseded")
    DOWNLOADED = "downloaded", _("Document downloaded")


class DocumentEvent(TenantEvent):
    pack = models.ForeignKey(DocumentPack, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=DocumentEventKind.choices)
    detail = models.JSONField(default=dict, blank=True)

    class Meta(TenantEvent.Meta):
        verbose_name = _("document event")
        verbose_name_plural = _("document events")

    def __str__(self) -> str:
        return f"{self.kind} @ {self.pack_id}"


# --- origin: bill of materials ---
# Per goods line: the origin criterion claimed for the certificate of origin and the
# materials it was made from, with the RCEP figures (origin.rules) stored when saved.
# Lines are matched by line_no, as the frozen shipment snapshot names them.


class OriginCriterion(models.TextChoices):
    WO = "WO", _("Wholly obtained (WO)")
    PE = "PE", _("Produced exclusively from originating materials (PE)")
    CC = "CC", _("Change of chapter (CC)")
    CTH = "CTH", _("Change of tariff heading (CTH)")
    CTSH = "CTSH", _("Change of tariff subheading (CTSH)")
    RVC40 = "RVC40", _("Regional value content ≥ 40 % (RVC40)")


class RvcMethod(models.TextChoices):
    BUILD_DOWN = "build_down", _("Build-down (FOB - VNM) / FOB")
    BUILD_UP = "build_up", _("Build-up (VOM + direct costs) / FOB")


class OriginLine(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="origin_lines")
    line_no = models.PositiveIntegerField(_("line"))
    criterion = models.CharField(
        _("origin criterion"), max_length=5, choices=OriginCriterion.choices, blank=True
    )
    rvc_method = models.CharField(
        max_length=10, choices=RvcMethod.choices, default=RvcMethod.BUILD_DOWN
    )
    # Blank: the line's invoice amount is taken as FOB when the Incoterm is FOB or FCA.
    fob_value = models.DecimalField(
        _("FOB value"), null=True, blank=True, max_digits=16, decimal_places=2
    )
    # Direct labour + direct overhead + profit + other costs, for the build-up formula.
    direct_costs = models.DecimalField(
        _("direct costs"), max_digits=16, decimal_places=2, default=0
    )
    currency = models.CharField(max_length=3)
    # Computed by origin.rules when saved; shown in lists, recomputed when rendering.
    vnm = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    vom = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    rvc_percent = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    criteria_met = models.CharField(max_length=40, blank=True)  # e.g. "CC CTH RVC40"
    criterion_is_met = models.BooleanField(null=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["shipment", "line_no"]
        constraints = [
            models.UniqueConstraint(fields=["shipment", "line_no"], name="one_origin_per_line")
        ]
        verbose_name = _("origin line")
        verbose_name_plural = _("origin lines")

    def __str__(self) -> str:
        return f"{self.shipment_id}/{self.line_no} {self.criterion}"


class MaterialLine(models.Model):
    origin_line = models.ForeignKey(OriginLine, on_delete=models.CASCADE, related_name="materials")
    description = models.CharField(max_length=200)
    hs_code = models.CharField(_("HS code"), max_length=10)
    origin_country = models.CharField(max_length=2, blank=True)
    value = models.DecimalField(max_digits=16, decimal_places=2)
    currency = models.CharField(max_length=3)
    # Materials of undetermined origin are entered as non-originating (RCEP Art. 3.5).
    originating = models.BooleanField(default=False)

    class Meta:
        ordering = ["origin_line", "id"]
        verbose_name = _("material line")
        verbose_name_plural = _("material lines")

    def __str__(self) -> str:
        return f"{self.description} ({self.hs_code})"


class PackJobState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Rendering")
    ISSUED = "issued", _("Issued")
    REFUSED = "refused", _("Refused")
    FAILED = "failed", _("Failed")


class PackJob(models.Model):
    """A large pack issued in the worker: who asked, how far it got, and what came of it.

    One job at a time per shipment: asking again while one is queued or running answers
    that job, unless it has shown no progress for ``DOCUMENTS_JOB_STALE_SECONDS`` (its
    worker died), when it is failed and a new one starts.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="pack_jobs")
    # The worker acts as whoever asked: the member, or the API key.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    api_key = models.ForeignKey(
        "accounts.ApiKey", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The requester's language: the problems a refusal stores read in it.
    language = models.CharField(max_length=16, blank=True)
    state = models.CharField(
        max_length=10, choices=PackJobState.choices, default=PackJobState.QUEUED
    )
    documents_done = models.PositiveIntegerField(default=0)
    documents_total = models.PositiveIntegerField(default=0)
    pack = models.ForeignKey(DocumentPack, on_delete=models.SET_NULL, null=True, related_name="+")
    # False: nothing had changed, ``pack`` is the pack that was already issued.
    created_pack = models.BooleanField(default=False)
    problems = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Moved on every step: a queued or running job left unmoved for long has no worker.
    updated_at = models.DateTimeField(default=timezone.now)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["shipment", "state"], name="pack_job_by_state")]
        verbose_name = _("pack job")
        verbose_name_plural = _("pack jobs")

    def __str__(self) -> str:
        return f"{self.shipment_id} job {self.pk} ({self.state})"

    @property
    def active(self) -> bool:
        return self.state in (PackJobState.QUEUED, PackJobState.RUNNING)
