"""The current arrival estimate of each container in transit, per target.

One row per container and target (its destination, and the next border on its route),
replaced whenever an event about the container is recorded or retracted
(``tracking.eta.services``). P10/P50/P90: the container arrives before ``p10`` one time
in ten, before ``p50`` half the time, before ``p90`` nine times in ten.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cloudcabin.accounts.models import Organization
from cloudcabin.accounts.tenancy import TenantQuerySet


class EtaTarget(models.TextChoices):
    DESTINATION = "destination", _("Destination")
    BORDER = "border", _("Next border")


class EtaMethod(models.TextChoices):
    # Every remaining segment of the journey has enough past trips to learn from.
    OBSERVED = "observed", _("Observed on past trips")
    # At least one remaining segment has fewer: the network's transit-day ranges stand in.
    NETWORK = "network", _("Network transit ranges")


class ContainerEta(models.Model):
    # The shipment's owner, as on its events.
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    container = models.ForeignKey(
        "shipments.Container", on_delete=models.CASCADE, related_name="etas"
    )
    target = models.CharField(_("target"), max_length=12, choices=EtaTarget.choices)
    # The milestone estimated (arrived_destination, arrived_exit_border …) and its place.
    milestone = models.ForeignKey("tracking.Milestone", on_delete=models.PROTECT, related_name="+")
    locode = models.CharField(_("UN/LOCODE"), max_length=5, blank=True)
    p10 = models.DateTimeField(_("early (P10)"))
    p50 = models.DateTimeField(_("most likely (P50)"))
    p90 = models.DateTimeField(_("late (P90)"))
    # Past trips behind the thinnest remaining segment of the estimate.
    observations = models.PositiveIntegerField(_("past trips"))
    method = models.CharField(_("method"), max_length=10, choices=EtaMethod.choices)
    # When these figures were computed; a refresh that finds the same figures keeps them.
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    objects = TenantQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["container", "target"], name="one_eta_per_target"),
            models.CheckConstraint(
                condition=models.Q(p10__lte=models.F("p50")) & models.Q(p50__lte=models.F("p90")),
                name="eta_quantiles_ordered",
            ),
        ]
        verbose_name = _("arrival estimate")
        verbose_name_plural = _("arrival estimates")

    def __str__(self) -> str:
        return f"{self.container_id} {self.target} {self.p50:%Y-%m-%d %H:%M}"
