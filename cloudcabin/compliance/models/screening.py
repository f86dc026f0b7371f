"""Screening of address-book parties against the current lists, and the agents' decisions.

A party's ``PartyScreening`` says what it was last screened as (a fingerprint of its names,
identifiers and country) and against which list versions. Each listed entry the matching
engine found is one ``ScreeningHit`` per party and entry (list + the list's own key), kept
across list versions so that an agent's decision survives a reload of an unchanged match.
Every decision, and every reopening, is a ``ScreeningEvent``: who, when, why. Hits copy what
they cite (list, version date, legal references, programmes): the finding keeps its source
when the version it came from is replaced.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cloudcabin.accounts.models import Organization
from cloudcabin.accounts.tenancy import TenantQuerySet
from cloudcabin.compliance.models.lists import ListedEntity, ListSource, ListVersion
from cloudcabin.shipments.models import Party


class HitBand(models.TextChoices):
    """The matching engine's band for a score (thresholds in ``compliance.matching``)."""

    HOLD = "hold", _("hold")
    REVIEW = "review", _("review")
    NOTE = "note", _("note")


class HitStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLEARED = "cleared", _("cleared")
    CONFIRMED = "confirmed", _("confirmed")


class PartyScreening(models.Model):
    """The latest screening of one party: as what, against which list versions, when."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    party = models.OneToOneField(Party, on_delete=models.CASCADE, related_name="screening")
    # SHA-256 of the names, identifiers and country screened: a change screens again
    fingerprint = models.CharField(max_length=64)
    # ids of the list versions that were current, sorted: a new version screens again
    version_ids = models.JSONField(default=list)
    screened_at = models.DateTimeField(_("screened at"), default=timezone.now)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("party screening")
        verbose_name_plural = _("party screenings")

    def __str__(self) -> str:
        return f"{self.party} @ {self.screened_at:%Y-%m-%d %H:%M}"


class ScreeningHit(models.Model):
    """A listed entry the engine found for a party; open until an agent decides."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    party = models.ForeignKey(
        Party, verbose_name=_("party"), on_delete=models.CASCADE, related_name="+"
    )
    version = models.ForeignKey(
        ListVersion,
        verbose_name=_("list version"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entity = models.ForeignKey(ListedEntity, null=True, on_delete=models.SET_NULL, related_name="+")
    list_source = models.CharField(_("list"), max_length=20, choices=ListSource.choices)
    list_published = models.DateField(_("list published"), null=True, blank=True)
    # the list's own key for the entry: the same entry in the next version has the same one
    entity_ref = models.CharField(_("list reference"), max_length=100)
    entity_name = models.CharField(_("listed name"), max_length=500)
    matched_name = models.CharField(_("matched name"), max_length=500)
    programmes = models.JSONField(_("programmes"), default=list, blank=True)
    legal_refs = models.JSONField(_("legal references"), default=list, blank=True)
    score = models.DecimalField(_("score"), max_digits=3, decimal_places=2)
    band = models.CharField(_("band"), max_length=10, choices=HitBand.choices)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    # the party's fingerprint when found: a decision holds for the party as it was decided on
    fingerprint = models.CharField(max_length=64)
    # found by the party's latest screening; a hit no longer found is kept for its history
    active = models.BooleanField(_("current"), default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=HitStatus.choices, default=HitStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    found_at = models.DateTimeField(_("found at"), default=timezone.now)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("screening hit")
        verbose_name_plural = _("screening hits")
        ordering = ["-score", "-found_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["party", "list_source", "entity_ref"], name="screening_hit_once"
            )
        ]
        indexes = [models.Index(fields=["organization", "active", "status"])]

    def __str__(self) -> str:
        return f"{self.party} ~ {self.entity_name} ({self.score})"


class ScreeningEventKind(models.TextChoices):
    CLEARED = "cleared", _("cleared")
    CONFIRMED = "confirmed", _("confirmed")
    REOPENED = "reopened", _("reopened")


class ScreeningEvent(models.Model):
    """A decision on a hit (or its reopening): who, when, why, from which status."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    hit = models.ForeignKey(ScreeningHit, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=10, choices=ScreeningEventKind.choices)
    status_before = models.CharField(max_length=10, choices=HitStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason"))
    at = models.DateTimeField(_("when"), default=timezone.now)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("screening event")
        verbose_name_plural = _("screening events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.hit_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"
