"""A shipment shared with another organization, or an invitation by e-mail to share it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cloudcabin.accounts.models import Organization
from cloudcabin.accounts.tenancy import TenantQuerySet


class ShareRole(models.TextChoices):
    """What the organization a shipment is shared with is on it."""

    CONSIGNEE = "consignee", _("Consignee")
    NOTIFY_PARTY = "notify_party", _("Notify party")
    CUSTOMS_BROKER = "customs_broker", _("Customs broker")
    FORWARDER = "forwarder", _("Forwarder")


class ShipmentShareQuerySet(TenantQuerySet["ShipmentShare"]):
    def live(self) -> ShipmentShareQuerySet:
        """Shares that give access now: accepted (an organization is set), not revoked."""
        return self.filter(shared_with__isnull=False, revoked_at__isnull=True)


class ShipmentShare(models.Model):
    """The owner lets another organization read one shipment: the shipment, its issued
    documents and its tracking. Writes stay with the owner.

    Either ``shared_with`` is set (an organization on the platform), or the share is an
    invitation by e-mail (``invited_email`` and the hash of the link's token) waiting for
    the invitee to accept it for their organization. A revoked share keeps its row.
    """

    # The owner: the shipment's organization (tenancy goes by it).
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    shipment = models.ForeignKey(
        "shipments.Shipment", on_delete=models.CASCADE, related_name="shares"
    )
    role = models.CharField(_("role"), max_length=20, choices=ShareRole.choices)
    shared_with = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="shipments_shared_with",
        verbose_name=_("shared with"),
    )
    invited_email = models.EmailField(_("invited e-mail"), blank=True)
    token_hash = models.CharField(max_length=64, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ShipmentShareQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["shipment", "shared_with"],
                condition=models.Q(revoked_at__isnull=True, shared_with__isnull=False),
                name="one_live_share_per_organization",
            ),
            models.UniqueConstraint(
                fields=["token_hash"],
                condition=~models.Q(token_hash=""),
                name="share_token_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(shared_with__isnull=False) | ~models.Q(invited_email=""),
                name="share_has_organization_or_email",
            ),
        ]
        verbose_name = _("shipment share")
        verbose_name_plural = _("shipment shares")

    def __str__(self) -> str:
        return f"{self.shipment_id} → {self.shared_with_id or self.invited_email} ({self.role})"

    @property
    def is_open_invitation(self) -> bool:
        return (
            self.shared_with_id is None
            and self.revoked_at is None
            and self.expires_at is not None
            and self.expires_at > timezone.now()
        )
