"""A trading partner's EDIFACT profile: who we are to them, who they are, which IFTSTA."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cloudcabin.accounts.models import Organization
from cloudcabin.accounts.tenancy import TenantQuerySet


class IftstaVersion(models.TextChoices):
    """Directories whose IFTSTA is led by the consignment (CNI), as ours is."""

    D97A = "D:97A", "D.97A"
    D99B = "D:99B", "D.99B"
    D00B = "D:00B", "D.00B"
    D01B = "D:01B", "D.01B"
    D04A = "D:04A", "D.04A"


class EdifactLayout(models.TextChoices):
    CNI = "CNI", _("CNI-led: consignment, then its statuses")


class EdifactProfile(models.Model):
    # The organization that sends with this profile (the operator, for its partners).
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner on the platform"),
    )
    partner_name = models.CharField(_("partner name"), max_length=150, blank=True)
    sender_id = models.CharField(_("our interchange id (sender)"), max_length=35)
    sender_qualifier = models.CharField(_("sender id code qualifier"), max_length=4, blank=True)
    recipient_id = models.CharField(_("partner's interchange id (recipient)"), max_length=35)
    recipient_qualifier = models.CharField(
        _("recipient id code qualifier"), max_length=4, blank=True
    )
    version = models.CharField(
        _("IFTSTA version"), max_length=5, choices=IftstaVersion.choices, default=IftstaVersion.D00B
    )
    layout = models.CharField(
        _("layout"), max_length=3, choices=EdifactLayout.choices, default=EdifactLayout.CNI
    )
    active = models.BooleanField(_("active"), default=True)
    # The last interchange control reference used: each interchange takes the next one.
    last_control_reference = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["partner_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(partner__isnull=False) | ~Q(partner_name=""),
                name="edifact_profile_names_its_partner",
                violation_error_message=_(
                    "Name the partner, or choose its organization on the platform."
                ),
            )
        ]
        verbose_name = _("EDIFACT partner profile")
        verbose_name_plural = _("EDIFACT partner profiles")

    def __str__(self) -> str:
        return f"{self.name} ({self.recipient_id}, {self.version})"

    @property
    def name(self) -> str:
        return self.partner_name or (self.partner.name_en if self.partner else "")
