"""A shipment, entered once: parties, terms, places, goods lines, containers.

Every document is rendered from these rows (through a frozen revision snapshot), so
each fact lives here once. Money, masses and quantities are ``Decimal``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cloudcabin.accounts.models import Organization, TenantEvent
from cloudcabin.accounts.tenancy import TenantQuerySet
from cloudcabin.shipments.models.sharing import ShareRole, ShipmentShare, ShipmentShareQuerySet
from cloudcabin.shipments.models.spreadsheets import HeaderSynonym, ImportTemplate

# The models kept in the submodules, importable from here like the rest.
__all__ = [
    "HeaderSynonym",
    "ImportTemplate",
    "ShareRole",
    "ShipmentShare",
    "ShipmentShareQuerySet",
]

# A licence document on the declaration (随附单证): its 监管证件 code and its number.
LICENCE_CODE_LENGTH = 2
LICENCE_NUMBER_LENGTH = 32


# Optimistic concurrency (services.editing.check_version): each save through the services adds
# one; a save that names an older version is refused (STALE_VERSION) instead of undoing
# someone else's change.
def version_field() -> models.PositiveIntegerField[int, int]:
    return models.PositiveIntegerField(_("version"), default=1, editable=False)


class Party(models.Model):
    """An entry of the organization's address book: a seller, buyer, consignee, broker…"""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    name_local = models.CharField(_("name (local language)"), max_length=200, blank=True)
    name_latin = models.CharField(_("name (Latin script)"), max_length=200)
    address_local = models.TextField(_("address (local language)"), blank=True)
    address_latin = models.TextField(_("address (Latin script)"), blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    country = models.CharField(_("country"), max_length=2)
    uscc = models.CharField(_("Unified Social Credit Code"), max_length=18, blank=True)
    uscc_checksum_confirmed = models.BooleanField(default=False)
    eori = models.CharField(_("EORI number"), max_length=17, blank=True)
    vat_number = models.CharField(_("VAT number"), max_length=20, blank=True)
    tin = models.CharField(_("tax identification number"), max_length=30, blank=True)
    customs_code = models.CharField(_("China customs registration code"), max_length=10, blank=True)
    contact = models.CharField(_("contact (name, phone, e-mail)"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    version = version_field()

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["name_latin"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return self.name_latin


class Direction(models.TextChoices):
    EXPORT = "export", _("Export")
    IMPORT = "import", _("Import")


class RouteKind(models.TextChoices):
    """Which modes the route uses; decides which Incoterms fit."""

    RAIL = "rail", _("Rail only")
    SEA_RAIL = "sea_rail", _("Sea and rail")
    RAIL_ROAD = "rail_road", _("Rail and road")
    SEA = "sea", _("Sea only")
    ROAD = "road", _("Road only")


class Incoterm(models.TextChoices):
    EXW = "EXW", _("EXW - Ex Works")
    FCA = "FCA", _("FCA - Free Carrier")
    CPT = "CPT", _("CPT - Carriage Paid To")
    CIP = "CIP", _("CIP - Carriage and Insurance Paid To")
    DAP = "DAP", _("DAP - Delivered at Place")
    DPU = "DPU", _("DPU - Delivered at Place Unloaded")
    DDP = "DDP", _("DDP - Delivered Duty Paid")
    FAS = "FAS", _("FAS - Free Alongside Ship")
    FOB = "FOB", _("FOB - Free on Board")
    CFR = "CFR", _("CFR - Cost and Freight")
    CIF = "CIF", _("CIF - Cost, Insurance and Freight")


class IncotermCustomsMapping(models.Model):
    """Editable table: an Incoterm's defaults on the China customs declaration.

    Seeded by a data migration; operators correct it in the admin. The shipment copies
    the defaults when its Incoterm changes, and the user may override them.
    """

    incoterm = models.CharField(max_length=3, choices=Incoterm.choices, unique=True)
    sea_only = models.BooleanField(
        default=False, help_text="Incoterms 2020 rule for sea and inland waterway only."
    )
    transaction_mode = models.CharField(max_length=2, help_text="成交方式 code, e.g. 3 = FOB")
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["incoterm"]
        verbose_name = _("Incoterm customs mapping")
        verbose_name_plural = _("Incoterm customs mappings")

    def __str__(self) -> str:
        return f"{self.incoterm} → {self.transaction_mode}"


class ShipmentQuerySet(TenantQuerySet["Shipment"]):
    def visible_to(self, organization: Organization) -> ShipmentQuerySet:
        """The organization's own shipments and those shared with it (live shares only).

        For reads only: every write finds its shipment with ``for_org`` (through
        ``selectors.get_shipment``), so a shared organization's write is a 404 as a
        stranger's is.
        """
        shared = ShipmentShare.objects.live().filter(shared_with=organization)
        return self.filter(
            models.Q(organization=organization) | models.Q(pk__in=shared.values("shipment_id"))
        )


class Shipment(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="shipments"
    )
    reference = models.CharField(_("reference"), max_length=40)
    direction = models.CharField(
        _("direction"), max_length=6, choices=Direction.choices, default=Direction.EXPORT
    )
    # The revision being edited. Freezing it (when documents are issued) makes the next
    # edit start revision + 1, so issued documents keep pointing at what they showed.
    revision = models.PositiveIntegerField(default=1)
    revision_frozen = models.BooleanField(default=False)
    # One more with every write to what this shipment's documents are rendered from and
    # only it holds (the header, lines, containers, stowage, origin data), in the write's
    # transaction: an issue compares it instead of rebuilding the snapshot under the lock
    # (services.editing.mark_changed).
    change_count = models.PositiveBigIntegerField(default=0, editable=False)

    contract_number = models.CharField(_("contract number"), max_length=60, blank=True)
    contract_date = models.DateField(_("contract date"), null=True, blank=True)
    invoice_number = models.CharField(_("invoice number"), max_length=60, blank=True)
    invoice_date = models.DateField(_("invoice date"), null=True, blank=True)
    ready_date = models.DateField(_("cargo ready date"), null=True, blank=True)
    # The CIM/SMGS consignment (dispatch) number; the export declaration's BillNo repeats it.
    consignment_note_number = models.CharField(
        _("consignment note number"), max_length=30, blank=True
    )

    seller = models.ForeignKey(Party, models.PROTECT, null=True, blank=True, related_name="+")
    buyer = models.ForeignKey(Party, models.PROTECT, null=True, blank=True, related_name="+")
    consignor = models.ForeignKey(Party, models.PROTECT, null=True, blank=True, related_name="+")
    consignee = models.ForeignKey(Party, models.PROTECT, null=True, blank=True, related_name="+")
    notify_party = models.ForeignKey(Party, models.PROTECT, null=True, blank=True, related_name="+")
    declarant = models.ForeignKey(Party, models.PROTECT, null=True, blank=True, related_name="+")
    producer = models.ForeignKey(Party, models.PROTECT, null=True, blank=True, related_name="+")

    incoterm = models.CharField(_("Incoterm"), max_length=3, choices=Incoterm.choices, blank=True)
    incoterm_place_locode = models.CharField(_("named place (UN/LOCODE)"), max_length=5, blank=True)
    incoterm_place_text = models.CharField(_("named place"), max_length=120, blank=True)
    currency = models.CharField(_("invoice currency"), max_length=3, default="USD")
    freight_amount = models.DecimalField(
        _("freight"), null=True, blank=True, max_digits=16, decimal_places=2
    )
    freight_currency = models.CharField(_("freight currency"), max_length=3, blank=True)
    insurance_amount = models.DecimalField(
        _("insurance"), null=True, blank=True, max_digits=16, decimal_places=2
    )
    insurance_currency = models.CharField(_("insurance currency"), max_length=3, blank=True)
    other_charges_amount = models.DecimalField(
        _("other charges"), null=True, blank=True, max_digits=16, decimal_places=2
    )
    other_charges_currency = models.CharField(_("other charges currency"), max_length=3, blank=True)
    supervision_mode = models.CharField(_("supervision mode"), max_length=4, default="0110")
    levy_nature = models.CharField(_("levy nature"), max_length=3, default="101")
    transaction_mode = models.CharField(_("transaction mode"), max_length=2, blank=True)

    route_kind = models.CharField(
        _("route"), max_length=10, choices=RouteKind.choices, default=RouteKind.RAIL
    )
    origin_locode = models.CharField(_("origin (UN/LOCODE)"), max_length=5, blank=True)
    destination_locode = models.CharField(_("destination (UN/LOCODE)"), max_length=5, blank=True)
    loading_locode = models.CharField(_("place of loading (UN/LOCODE)"), max_length=5, blank=True)
    # Ordered UN/LOCODEs of the border stations. With a planned route they are derived
    # from it (services.routes.set_route) and read-only; typed by hand only without a route.
    border_crossings = models.JSONField(_("border crossings"), default=list, blank=True)
    # The planned route, the journey's one record: the planner's option (ordered nodes
    # and legs) from a saved quote or planned on the shipment page. Countries of routing,
    # crossings, gauge changes, China exit and first EU entry derive from it
    # (network.journey); {} when none is planned.
    quote_reference = models.CharField(_("quote"), max_length=20, blank=True)
    route_option = models.JSONField(_("planned route"), default=dict, blank=True)

    # The China customs declaration (报关单). Blank means "derived": the exit customs and
    # port from the route's China border crossing, the declaring customs from the origin
    # hub, the foreign port from the destination (documents.declaration.record). A value
    # typed here overrides the derivation; codes come from the reference code tables.
    declaring_customs = models.CharField(
        _("declaring customs (申报地海关)"), max_length=4, blank=True
    )
    border_customs = models.CharField(
        _("exit or entry customs (出境/进境关别)"), max_length=4, blank=True
    )
    border_port = models.CharField(
        _("port of exit or entry (离境/入境口岸)"), max_length=6, blank=True
    )
    foreign_port = models.CharField(
        _("port of destination or departure (指运港/启运港)"), max_length=6, blank=True
    )
    transit_port = models.CharField(_("port of transit (经停港)"), max_length=6, blank=True)
    transport_name = models.CharField(
        _("means of transport (运输工具名称)"),
        max_length=200,
        blank=True,
        help_text=_("Rail: wagon number or handover-list number; transit: @ and the number."),
    )
    voyage_no = models.CharField(_("voyage number (航次号)"), max_length=32, blank=True)
    # The train itself (e.g. X8024): the EU entry summary's active means of transport and
    # box 4 of the certificate of origin. Not the declaration's 运输工具名称, which for
    # rail is the wagon or handover-list number.
    train_number = models.CharField(_("train number (班列车次)"), max_length=35, blank=True)
    # [{"code": "<监管证件 code>", "number": "<licence number>"}]
    licence_documents = models.JSONField(
        _("licence documents (随附单证)"), default=list, blank=True
    )
    promise_items = models.CharField(
        _("confirmations (其他事项确认)"),
        max_length=5,
        blank=True,
        help_text=_(
            "Special relationship, price influence, royalties: 1 yes, 0 no, 9 not applicable "
            "(e.g. 000); then formula pricing and provisional price when they apply."
        ),
    )

    # Totals as the shipper's invoice states them; lines must add up to these.
    invoice_total = models.DecimalField(
        _("invoice total"), null=True, blank=True, max_digits=16, decimal_places=2
    )
    declared_packages = models.PositiveIntegerField(_("total packages"), null=True, blank=True)
    declared_gross_kg = models.DecimalField(
        _("total gross (kg)"), null=True, blank=True, max_digits=12, decimal_places=3
    )

    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    version = version_field()

    objects = ShipmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "reference"], name="shipment_reference_per_org"
            )
        ]
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")

    def __str__(self) -> str:
        return self.reference


class GoodsLine(models.Model):
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="lines")
    line_no = models.PositiveIntegerField(_("line"))
    description_zh = models.CharField(_("description (Chinese)"), max_length=250, blank=True)
    description_en = models.CharField(_("description (English)"), max_length=250, blank=True)
    hs_code = models.CharField(_("HS code"), max_length=6, blank=True)
    national_code = models.CharField(_("national code"), max_length=10, blank=True)
    brand_type = models.CharField(_("brand type"), max_length=1, blank=True)
    export_preference = models.CharField(_("export preference"), max_length=1, blank=True)
    declared_elements = models.CharField(_("declared elements"), max_length=500, blank=True)
    quantity = models.DecimalField(
        _("quantity"), null=True, blank=True, max_digits=16, decimal_places=3
    )
    unit = models.CharField(_("unit (UN/ECE Rec. 20)"), max_length=3, blank=True)
    net_kg = models.DecimalField(
        _("net mass (kg)"), null=True, blank=True, max_digits=12, decimal_places=3
    )
    gross_kg = models.DecimalField(
        _("gross mass (kg)"), null=True, blank=True, max_digits=12, decimal_places=3
    )
    packages = models.PositiveIntegerField(_("packages"), null=True, blank=True)
    package_type = models.CharField(_("package type"), max_length=2, blank=True)
    unit_price = models.DecimalField(
        _("unit price"), null=True, blank=True, max_digits=16, decimal_places=4
    )
    amount = models.DecimalField(
        _("amount"), null=True, blank=True, max_digits=16, decimal_places=2
    )
    origin_country = models.CharField(_("country of origin"), max_length=2, blank=True)
    marks = models.CharField(_("marks and numbers"), max_length=250, blank=True)
    un_number = models.CharField(_("UN number (dangerous goods)"), max_length=4, blank=True)
    # Declaration fields per line; blank or null means "derived" (see Shipment).
    ciq_code = models.CharField(_("CIQ code (检验检疫编码)"), max_length=3, blank=True)
    first_qty = models.DecimalField(
        _("legal first quantity"), null=True, blank=True, max_digits=19, decimal_places=5
    )
    second_qty = models.DecimalField(
        _("legal second quantity"), null=True, blank=True, max_digits=19, decimal_places=5
    )
    domestic_region = models.CharField(
        _("domestic source region (境内货源地)"), max_length=5, blank=True
    )
    admin_division = models.CharField(
        _("administrative division (产地/目的地代码)"), max_length=6, blank=True
    )
    duty_mode = models.CharField(_("duty mode (征免方式)"), max_length=1, blank=True)
    version = version_field()

    class Meta:
        ordering = ["line_no", "id"]
        constraints = [
            models.UniqueConstraint(fields=["shipment", "line_no"], name="one_line_number")
        ]
        verbose_name = _("goods line")
        verbose_name_plural = _("goods lines")

    def __str__(self) -> str:
        return f"{self.shipment_id}/{self.line_no}"


class Container(models.Model):
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="containers")
    number = models.CharField(_("container number"), max_length=11)
    size_type = models.CharField(_("size-type (ISO 6346)"), max_length=4, default="45G1")
    seals = models.JSONField(_("seal numbers"), default=list, blank=True)
    tare_kg = models.DecimalField(
        _("tare (kg)"), null=True, blank=True, max_digits=12, decimal_places=3
    )
    version = version_field()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["shipment", "number"], name="one_container_number")
        ]
        verbose_name = _("container")
        verbose_name_plural = _("containers")

    def __str__(self) -> str:
        return self.number


class Allocation(models.Model):
    """Some packages of a goods line stowed in a container; a line may span containers."""

    container = models.ForeignKey(Container, on_delete=models.CASCADE, related_name="allocations")
    line = models.ForeignKey(GoodsLine, on_delete=models.CASCADE, related_name="allocations")
    packages = models.PositiveIntegerField(_("packages"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["container", "line"], name="one_allocation_per_pair")
        ]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")

    def __str__(self) -> str:
        return f"{self.packages} of line {self.line_id} in {self.container_id}"


class ShipmentRevision(models.Model):
    """A frozen copy of a shipment revision, read by documents and kept readable forever."""

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["shipment", "number"]
        constraints = [
            models.UniqueConstraint(fields=["shipment", "number"], name="one_revision_number")
        ]
        verbose_name = _("shipment revision")
        verbose_name_plural = _("shipment revisions")

    def __str__(self) -> str:
        return f"{self.shipment_id} rev. {self.number}"


class ShipmentEventKind(models.TextChoices):
    CREATED = "created", _("Shipment created")
    UPDATED = "updated", _("Shipment updated")
    LINES_IMPORTED = "lines_imported", _("Lines imported")
    LINE_SAVED = "line_saved", _("Line saved")
    LINE_DELETED = "line_deleted", _("Line deleted")
    CONTAINER_SAVED = "container_saved", _("Container saved")
    CONTAINER_DELETED = "container_deleted", _("Container deleted")
    ALLOCATED = "allocated", _("Goods allocated to containers")
    REVISION_FROZEN = "revision_frozen", _("Revision frozen")
    REVISION_STARTED = "revision_started", _("Revision started")
    SHARED = "shared", _("Shared with an organization")
    SHARE_INVITED = "share_invited", _("Organization invited by e-mail")
    SHARE_ACCEPTED = "share_accepted", _("Share invitation accepted")
    SHARE_REVOKED = "share_revoked", _("Share revoked")


class ShipmentEvent(TenantEvent):
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=ShipmentEventKind.choices)
    detail = models.JSONField(default=dict, blank=True)

    class Meta(TenantEvent.Meta):
        verbose_name = _("shipment event")
        verbose_name_plural = _("shipment events")

    def __str__(self) -> str:
        return f"{self.kind} @ {self.shipment_id}"
