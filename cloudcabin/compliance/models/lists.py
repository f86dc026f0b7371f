"""Sanctions and screening lists in one normalised model.

Each file an operator loads becomes a ``ListVersion`` (source, publication date, SHA-256,
count); its entries become ``ListedEntity`` rows with their names and identifiers in
their own tables, so that screening looks names and identifiers up by index. The
canonical record follows the field table of the research notes (OFAC, CSL, UN, EU, UK →
one shape, close to FollowTheMoney's Person/Company/Vessel). Lists are reference data
shared by every organization, not company data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ListSource(models.TextChoices):
    OFAC_SDN = "OFAC_SDN", _("OFAC Specially Designated Nationals (SDN)")
    OFAC_NON_SDN = "OFAC_NON_SDN", _("OFAC consolidated non-SDN lists")
    US_CSL = "US_CSL", _("US Consolidated Screening List")
    UN = "UN", _("UN Security Council consolidated list")
    EU = "EU", _("EU consolidated financial sanctions list")
    UK = "UK", _("UK Sanctions List")


class ListVersion(models.Model):
    """One loaded file of one list; exactly one version per source is current."""

    source = models.CharField(_("list"), max_length=20, choices=ListSource.choices)
    published = models.DateField(_("published"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    entry_count = models.PositiveIntegerField(_("entries"), default=0)
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    is_current = models.BooleanField(_("current"), default=False)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("loaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("list version")
        verbose_name_plural = _("list versions")
        ordering = ["source", "-loaded_at"]
        constraints = [
            models.UniqueConstraint(fields=["source", "sha256"], name="list_version_once"),
            models.UniqueConstraint(
                fields=["source"], condition=Q(is_current=True), name="one_current_list_version"
            ),
        ]

    def __str__(self) -> str:
        published = self.published.isoformat() if self.published else "?"
        return f"{self.source} {published} ({self.entry_count}, {self.sha256[:12]})"


class EntityKind(models.TextChoices):
    PERSON = "person", _("person")
    ORGANIZATION = "organization", _("organization")
    VESSEL = "vessel", _("vessel")
    AIRCRAFT = "aircraft", _("aircraft")


class ListedEntity(models.Model):
    """One entry of a list version: a person, organization, vessel or aircraft."""

    version = models.ForeignKey(
        ListVersion,
        verbose_name=_("list version"),
        on_delete=models.CASCADE,
        related_name="entities",
    )
    # the list's own key for the entry (OFAC ent_num, CSL _id, UN DATAID, EU logicalId …)
    source_id = models.CharField(_("list reference"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=EntityKind.choices)
    primary_name = models.CharField(_("name"), max_length=500)
    # programmes (e.g. RUSSIA-EO14024, UN list type) and legal references (regulation,
    # Federal Register notice), as the list states them
    programmes = models.JSONField(_("programmes"), default=list, blank=True)
    legal_refs = models.JSONField(_("legal references"), default=list, blank=True)
    # [{"country": "CN", "city": "Xi'an", "text": "…"}]
    addresses = models.JSONField(_("addresses"), default=list, blank=True)
    # [{"date": "1970-01-01"} or {"year": 1970}, optionally "place", "country"]
    birth = models.JSONField(_("birth"), default=list, blank=True)
    nationalities = models.JSONField(_("nationalities"), default=list, blank=True)
    remarks = models.TextField(_("remarks"), blank=True)

    class Meta:
        verbose_name = _("listed entity")
        verbose_name_plural = _("listed entities")
        constraints = [
            models.UniqueConstraint(fields=["version", "source_id"], name="listed_entity_once")
        ]

    def __str__(self) -> str:
        return self.primary_name


class NameQuality(models.TextChoices):
    PRIMARY = "primary", _("primary name")
    STRONG = "strong", _("strong alias")
    WEAK = "weak", _("weak alias")


class ListedName(models.Model):
    """A name of an entry as listed, in its script, with its normalised matching key."""

    entity = models.ForeignKey(ListedEntity, on_delete=models.CASCADE, related_name="names")
    text = models.CharField(_("name"), max_length=500)
    # ISO 15924 code of the name's script: Latn, Cyrl, Hani, Arab …
    script = models.CharField(_("script"), max_length=4, default="Latn")
    quality = models.CharField(_("quality"), max_length=10, choices=NameQuality.choices)
    # the screening key (normalised, legal forms stripped, romanised) that matching compares
    normalized = models.CharField(_("matching key"), max_length=500, db_index=True)

    class Meta:
        verbose_name = _("listed name")
        verbose_name_plural = _("listed names")

    def __str__(self) -> str:
        return self.text


class ListedIdentifier(models.Model):
    """An identifier of an entry: registration (USCC, INN, OGRN, BIN, LEI), IMO, passport …"""

    entity = models.ForeignKey(ListedEntity, on_delete=models.CASCADE, related_name="identifiers")
    # USCC, INN, OGRN, BIN, LEI, IMO, PASSPORT, NATIONAL_ID, REGISTRATION, OTHER
    scheme = models.CharField(_("scheme"), max_length=40)
    value = models.CharField(_("number"), max_length=100)
    # upper case, letters and digits only: the key an exact match looks up
    normalized = models.CharField(_("matching key"), max_length=100, db_index=True)
    country = models.CharField(_("country"), max_length=2, blank=True)

    class Meta:
        verbose_name = _("listed identifier")
        verbose_name_plural = _("listed identifiers")

    def __str__(self) -> str:
        return f"{self.scheme} {self.value}"
