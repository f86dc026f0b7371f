"""Small code lists that rules read: EU member states, RCEP parties, railway law per
country, rail stations per place.

Curated by hand (no public file to load), so they are seeded by a data migration
(``0008_seed_code_lists``) and an operator keeps them in the admin; each row says where
it comes from and whether that was verified. Readers go through ``reference.selectors``,
which caches the lists per process until a row changes.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from cloudcabin.reference.models.base import Timestamped


class Verification(models.TextChoices):
    VERIFIED = "verified", _("verified")
    UNVERIFIED = "unverified", _("unverified")


class SourcedRow(Timestamped):
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Verification.choices,
        default=Verification.UNVERIFIED,
        help_text=_("Verified only when a source read says so."),
    )
    note = models.CharField(_("note"), max_length=500, blank=True, default="")
    source = models.TextField(_("source"), help_text=_("Where this row comes from."))

    class Meta:
        abstract = True


def _between(on: date, start: date | None, end: date | None) -> bool:
    return (start is None or start <= on) and (end is None or on <= end)


class EuMemberState(SourcedRow):
    country = models.CharField(_("country"), max_length=2, unique=True)
    member_from = models.DateField(
        _("member from"),
        null=True,
        blank=True,
        help_text=_("Blank: a member on any date before the end."),
    )
    member_until = models.DateField(
        _("member until"),
        null=True,
        blank=True,
        help_text=_("The last day of membership; blank while a member."),
    )

    class Meta:
        ordering = ["country"]
        verbose_name = _("EU member state")
        verbose_name_plural = _("EU member states")

    def __str__(self) -> str:
        return self.country

    def is_member(self, on: date) -> bool:
        return _between(on, self.member_from, self.member_until)


class RcepParty(SourcedRow):
    country = models.CharField(_("country"), max_length=2, unique=True)
    name_en = models.CharField(_("English name"), max_length=100)
    in_force_from = models.DateField(
        _("in force from"),
        null=True,
        blank=True,
        help_text=_("The day RCEP entered into force for this party; blank: not known."),
    )

    class Meta:
        ordering = ["country"]
        verbose_name = _("RCEP party")
        verbose_name_plural = _("RCEP parties")

    def __str__(self) -> str:
        return f"{self.country} {self.name_en}"

    def is_party(self, on: date) -> bool:
        # Not known is counted as a party: the list held no dates before they were added.
        return _between(on, self.in_force_from, None)


class RailwayCountry(SourcedRow):
    """Which rail law a country applies (SMGS of OSJD, CIM of COTIF), and its UIC code."""

    country = models.CharField(_("country"), max_length=2, unique=True)
    name_en = models.CharField(_("English name"), max_length=100)
    applies_smgs = models.BooleanField(_("applies SMGS"), default=False)
    applies_cim = models.BooleanField(_("applies CIM"), default=False)
    uic_code = models.CharField(
        _("UIC country code"),
        max_length=2,
        blank=True,
        default="",
        help_text=_("UIC leaflet 920-14, e.g. 33 for China: the start of box 62 of the note."),
    )

    class Meta:
        ordering = ["country"]
        verbose_name = _("railway country")
        verbose_name_plural = _("railway countries")

    def __str__(self) -> str:
        return f"{self.country} {self.name_en}"


class RailStation(SourcedRow):
    """The rail station serving a UN/LOCODE place, as the consignment note prints it."""

    locode = models.CharField(
        _("UN/LOCODE"),
        max_length=5,
        blank=True,
        default="",
        help_text=_("Blank: a station of the source not yet assigned to a place."),
    )
    place_name = models.CharField(
        _("place name"),
        max_length=100,
        blank=True,
        default="",
        help_text=_("The place as printed, where UN/LOCODE's spelling is wrong."),
    )
    railway = models.CharField(_("railway"), max_length=60, blank=True, default="")
    station_name = models.CharField(_("station"), max_length=150)
    station_code = models.CharField(_("station code"), max_length=20, blank=True, default="")
    code_system = models.CharField(_("code system"), max_length=30, blank=True, default="")
    confidence = models.CharField(_("confidence"), max_length=20, blank=True, default="")

    class Meta:
        ordering = ["locode", "station_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["locode"],
                condition=~models.Q(locode=""),
                name="reference_rail_station_one_per_place",
                violation_error_message=_("Another station already serves this place."),
            )
        ]
        verbose_name = _("rail station")
        verbose_name_plural = _("rail stations")

    def __str__(self) -> str:
        return f"{self.locode or '—'} {self.station_name}"
