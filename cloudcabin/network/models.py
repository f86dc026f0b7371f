"""The transport network (nodes, legs, corridors, tariffs), saved quotes and enquiries.

Network rows are operator data: loaded from ``data/`` by ``load_network`` (upsert by
natural key, never deleting) and maintained in the admin. Every seeded figure carries
its ``source_url`` and a ``basis`` ("source …" or "estimate …"): all of it is indicative.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cloudcabin.accounts.tenancy import TenantQuerySet


class Timestamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Sourced(Timestamped):
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    basis = models.CharField(
        _("basis"), max_length=300, blank=True, help_text="“source …” or “estimate …”"
    )

    class Meta:
        abstract = True


class NodeKind(models.TextChoices):
    INLAND_HUB = "inland_hub", _("inland hub")
    BORDER_CROSSING = "border_crossing", _("border crossing")
    TRANSSHIPMENT = "transshipment", _("transshipment / gauge-change terminal")
    SEAPORT = "seaport", _("seaport")
    CASPIAN_PORT = "caspian_port", _("Caspian port")


class Mode(models.TextChoices):
    RAIL_1435 = "rail_1435", _("rail 1435 mm")
    RAIL_1520 = "rail_1520", _("rail 1520 mm")
    RAIL_1668 = "rail_1668", _("rail 1668 mm (Iberian)")
    SEA = "sea", _("sea")
    FERRY = "ferry", _("ferry")
    ROAD = "road", _("road")


class Node(Sourced):
    locode = models.CharField(_("UN/LOCODE"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_zh = models.CharField(_("Chinese name"), max_length=100, blank=True)
    pinyin = models.CharField(
        _("pinyin"),
        max_length=200,
        blank=True,
        help_text=_("The Chinese name in pinyin, without tones or apostrophes, e.g. xian."),
    )
    country = models.CharField(_("country"), max_length=2, help_text="ISO 3166-1 alpha-2")
    kind = models.CharField(_("kind"), max_length=20, choices=NodeKind.choices)
    latitude = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=4, null=True, blank=True)
    gauge_mm = models.PositiveSmallIntegerField(_("track gauge (mm)"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["locode"]
        verbose_name = _("node")
        verbose_name_plural = _("nodes")

    def __str__(self) -> str:
        return f"{self.locode} {self.name}"


class NodeAlias(Sourced):
    """Another UN/LOCODE of a served place (CNXAG, Xi'an International Port → the Xi'an
    hub): the planner, quotes and shipments accept it and route from the hub. Operator
    data, seeded from ``data/aliases.csv``."""

    locode = models.CharField(_("UN/LOCODE"), max_length=5, unique=True)
    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="aliases")
    unlocode_name = models.CharField(_("UN/LOCODE name"), max_length=100, blank=True)

    class Meta:
        ordering = ["locode"]
        verbose_name = _("UN/LOCODE alias")
        verbose_name_plural = _("UN/LOCODE aliases")

    def __str__(self) -> str:
        return f"{self.locode} → {self.node_id}"


class Leg(Sourced):
    """A link between two nodes by one mode; ``bidirectional`` legs are usable both ways."""

    origin = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="legs_out")
    destination = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="legs_in")
    mode = models.CharField(_("mode"), max_length=12, choices=Mode.choices)
    distance_km = models.DecimalField(_("distance (km)"), max_digits=8, decimal_places=1)
    days_min = models.DecimalField(_("transit days, min"), max_digits=5, decimal_places=1)
    days_max = models.DecimalField(_("transit days, max"), max_digits=5, decimal_places=1)
    dwell_days = models.DecimalField(
        _("dwell at the end node (days)"), max_digits=4, decimal_places=1, default=0
    )
    transit_countries = models.CharField(
        _("countries crossed, in order"),
        max_length=60,
        help_text="ISO alpha-2 codes separated by spaces, both ends included: “KZ RU BY”.",
    )
    bidirectional = models.BooleanField(default=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["origin__locode", "destination__locode", "mode"]
        constraints = [
            models.UniqueConstraint(
                fields=["origin", "destination", "mode"], name="one_leg_per_pair_and_mode"
            )
        ]
        verbose_name = _("leg")
        verbose_name_plural = _("legs")

    def __str__(self) -> str:
        return f"{self.origin_id}→{self.destination_id} {self.mode}"


class EmissionFactor(Sourced):
    mode = models.CharField(max_length=12, choices=Mode.choices, unique=True)
    g_co2e_per_tkm = models.DecimalField(_("g CO2e per tonne-km"), max_digits=7, decimal_places=2)

    class Meta:
        verbose_name = _("emission factor")
        verbose_name_plural = _("emission factors")

    def __str__(self) -> str:
        return f"{self.mode}: {self.g_co2e_per_tkm} g/tkm"


class Corridor(Sourced):
    """A named path through the network, for display and for operators' reference."""

    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=150)
    name_zh = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("corridor")
        verbose_name_plural = _("corridors")

    def __str__(self) -> str:
        return self.name


class CorridorStop(models.Model):
    corridor = models.ForeignKey(Corridor, on_delete=models.CASCADE, related_name="stops")
    position = models.PositiveSmallIntegerField()
    node = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["corridor", "position"]
        constraints = [
            models.UniqueConstraint(fields=["corridor", "position"], name="one_stop_per_position")
        ]
        verbose_name = _("corridor stop")
        verbose_name_plural = _("corridor stops")

    def __str__(self) -> str:
        return f"{self.corridor_id} #{self.position} {self.node_id}"


class TariffKind(models.TextChoices):
    LEG_FREIGHT = "leg_freight", _("leg freight")
    TERMINAL_HANDLING = "terminal_handling", _("terminal handling (origin and destination)")
    GAUGE_CHANGE = "gauge_change", _("gauge change")
    BORDER_FEE = "border_fee", _("border fee")
    SURCHARGE = "surcharge", _("surcharge")


class TariffLine(Sourced):
    """A price per container. Scope: a leg, a node, a mode, or (none set) every route."""

    key = models.CharField(
        max_length=120, unique=True, null=True, blank=True, help_text="Set by the seed loader."
    )
    kind = models.CharField(max_length=20, choices=TariffKind.choices)
    name = models.CharField(max_length=150)
    # Shown to Chinese readers where a charge is not named from its kind and places.
    name_zh = models.CharField(_("name (Chinese)"), max_length=150, blank=True)
    leg = models.ForeignKey(Leg, on_delete=models.CASCADE, null=True, blank=True)
    node = models.ForeignKey(Node, on_delete=models.CASCADE, null=True, blank=True)
    mode = models.CharField(max_length=12, choices=Mode.choices, blank=True)
    per_teu = models.DecimalField(_("per 20' (TEU)"), max_digits=10, decimal_places=2)
    per_feu = models.DecimalField(_("per 40' (FEU)"), max_digits=10, decimal_places=2)
    currency = models.CharField(max_length=3, default="USD")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "name", "-valid_from"]
        verbose_name = _("tariff line")
        verbose_name_plural = _("tariff lines")

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from} to {self.valid_to or '…'})"


class CurrencyRate(Timestamped):
    """USD per unit of a currency, to rank and total mixed-currency tariffs."""

    currency = models.CharField(max_length=3)
    usd_per_unit = models.DecimalField(max_digits=14, decimal_places=6)
    valid_from = models.DateField()

    class Meta:
        ordering = ["currency", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "valid_from"], name="one_rate_per_day")
        ]
        verbose_name = _("currency rate")
        verbose_name_plural = _("currency rates")

    def __str__(self) -> str:
        return f"1 {self.currency} = {self.usd_per_unit} USD from {self.valid_from}"


class NetworkDataset(models.Model):
    """What ``load_network`` last loaded: the SHA-256 of the seed files."""

    name = models.CharField(max_length=50, unique=True)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(default=0)
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("network dataset")
        verbose_name_plural = _("network datasets")

    def __str__(self) -> str:
        return self.name


class Objective(models.TextChoices):
    FASTEST = "fastest", _("fastest")
    CHEAPEST = "cheapest", _("cheapest")
    GREENEST = "greenest", _("lowest CO2")
    BALANCED = "balanced", _("balanced")


class SizeType(models.TextChoices):
    C20 = "20", "20'"
    C40 = "40", "40'"
    C40HC = "40HC", "40' HC"


class Quote(models.Model):
    """A quote saved by a member (tenant-owned) or attached to an enquiry (no organization)."""

    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="quotes",
    )
    reference = models.CharField(max_length=20, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    origin_locode = models.CharField(max_length=5)
    destination_locode = models.CharField(max_length=5)
    container_count = models.PositiveSmallIntegerField()
    size_type = models.CharField(max_length=4, choices=SizeType.choices)
    ready_date = models.DateField()
    objective = models.CharField(max_length=10, choices=Objective.choices)
    constraints = models.JSONField(default=dict, blank=True)
    option = models.JSONField(help_text="The chosen route option, frozen as quoted.")
    total_usd = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")

    def __str__(self) -> str:
        return self.reference

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class EnquiryStatus(models.TextChoices):
    NEW = "new", _("new")
    CONTACTED = "contacted", _("contacted")
    WON = "won", _("won")
    LOST = "lost", _("lost")


class Enquiry(models.Model):
    """“Leave your information and we will contact you”: a lead for the operator's agents."""

    reference = models.CharField(max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120)
    company = models.CharField(_("company"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    message = models.TextField(_("message"), blank=True)
    quote = models.ForeignKey(
        Quote, on_delete=models.SET_NULL, null=True, blank=True, related_name="enquiries"
    )
    status = models.CharField(
        max_length=10, choices=EnquiryStatus.choices, default=EnquiryStatus.NEW
    )
    notes = models.TextField(_("agent notes"), blank=True)
    client_key = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the IP.")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("enquiry")
        verbose_name_plural = _("enquiries")

    def __str__(self) -> str:
        return f"{self.reference} {self.name}"


class EnquiryEventKind(models.TextChoices):
    CREATED = "created", _("Enquiry received")
    STATUS_CHANGED = "status_changed", _("Status changed")
    NOTES_CHANGED = "notes_changed", _("Notes changed")


class EnquiryEvent(models.Model):
    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=EnquiryEventKind.choices)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("enquiry event")
        verbose_name_plural = _("enquiry events")

    def __str__(self) -> str:
        return f"{self.kind} {self.enquiry_id}"

    @property
    def before_text(self) -> str:
        return _readable_change(self.before)

    @property
    def after_text(self) -> str:
        return _readable_change(self.after)


def _readable_change(values: dict[str, Any]) -> str:
    """A change as the agent reads it, in their language: "Status: contacted"."""
    parts = []
    for name, value in values.items():
        if name == "status":
            shown = EnquiryStatus(value).label if value in EnquiryStatus.values else value
            parts.append(_("Status: {status}").format(status=shown))
        elif name == "notes":
            parts.append(_("Notes: %(notes)s") % {"notes": value or "—"})
        else:
            parts.append(f"{name}: {value}")
    return "; ".join(parts)
