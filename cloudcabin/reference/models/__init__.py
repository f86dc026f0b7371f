"""Reference code lists as data: loaded from the files in ``data/``, editable in the admin.

The small hand-kept lists (EU members, RCEP parties, railway law, rail stations) are in
``code_lists``; they have no file to load from.

Every table has a natural key (the code) that loaders upsert on, so rows an operator
adds in the admin survive a reload, and an operator's edit to a loaded row lasts until
the next load of a changed (or ``--force``d) source file.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cloudcabin.reference.models.base import Timestamped
from cloudcabin.reference.models.code_lists import (
    EuMemberState,
    RailStation,
    RailwayCountry,
    RcepParty,
    Verification,
)

__all__ = [
    "CiqCode",
    "ContainerGroup",
    "ContainerType",
    "Country",
    "Currency",
    "CustomsCode",
    "CustomsTable",
    "CustomsUnit",
    "DeclaredElementsTemplate",
    "EuMemberState",
    "HsCode",
    "HsLevel",
    "HsSection",
    "Location",
    "NationalCode",
    "RailStation",
    "RailwayCountry",
    "RcepParty",
    "ReferenceDataset",
    "SearchSynonym",
    "SynonymLanguage",
    "Timestamped",
    "Verification",
]


class HsSection(Timestamped):
    roman = models.CharField(max_length=6, unique=True)
    number = models.PositiveSmallIntegerField(unique=True)
    name = models.TextField()

    class Meta:
        ordering = ["number"]
        verbose_name = _("HS section")
        verbose_name_plural = _("HS sections")

    def __str__(self) -> str:
        return f"{self.roman} {self.name}"


class HsLevel(models.IntegerChoices):
    CHAPTER = 2, _("chapter")
    HEADING = 4, _("heading")
    SUBHEADING = 6, _("subheading")


class HsCode(Timestamped):
    """An HS 2022 chapter (2 digits), heading (4) or subheading (6)."""

    code = models.CharField(max_length=6, unique=True)
    level = models.PositiveSmallIntegerField(choices=HsLevel.choices, db_index=True)
    description = models.TextField()
    parent = models.ForeignKey(
        "self",
        to_field="code",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    section = models.ForeignKey(
        HsSection, to_field="roman", on_delete=models.PROTECT, related_name="codes"
    )
    # Normalised text the search ranks on, three lines: own description (and, for a
    # subheading, nothing else), names of the national codes under it (English and
    # Chinese), and the parent's description. Rebuilt by the loader.
    search_text = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["code"]
        verbose_name = _("HS code")
        verbose_name_plural = _("HS codes")

    def __str__(self) -> str:
        return f"{self.code} {self.description[:60]}"


class NationalCode(Timestamped):
    """China's 8-digit tariff/statistics commodity code (source: GACC)."""

    code = models.CharField(max_length=8, unique=True)
    name_zh = models.TextField()
    name_en = models.TextField(blank=True, default="")
    # Chapter 98 (China-only special codes) has no HS 2022 subheading above it.
    hs6 = models.ForeignKey(
        HsCode,
        to_field="code",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="national_codes",
    )
    unit1_code = models.CharField(max_length=4, blank=True, default="")
    unit1_name_zh = models.CharField(max_length=20, blank=True, default="")
    unit1_name_en = models.CharField(max_length=60, blank=True, default="")
    unit2_code = models.CharField(max_length=4, blank=True, default="")
    unit2_name_zh = models.CharField(max_length=20, blank=True, default="")
    unit2_name_en = models.CharField(max_length=60, blank=True, default="")
    # unit1_code/unit2_code are the statistics portal's codes (09 = 千克); these are the
    # declaration's (CustomsUnit.code, 035 = 千克), resolved on load from the names.
    first_unit = models.CharField(
        _("legal first unit"),
        max_length=3,
        blank=True,
        default="",
        help_text=_("Customs unit code of the legal first quantity, e.g. 035 for 千克."),
    )
    second_unit = models.CharField(
        _("legal second unit"),
        max_length=3,
        blank=True,
        default="",
        help_text=_("Customs unit code of the legal second quantity; blank when none."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("national commodity code (CN)")
        verbose_name_plural = _("national commodity codes (CN)")

    def __str__(self) -> str:
        return f"{self.code} {self.name_zh}"


class Country(Timestamped):
    alpha2 = models.CharField(max_length=2, unique=True)
    alpha3 = models.CharField(max_length=3, unique=True)
    numeric = models.CharField(max_length=3, blank=True, default="")
    name_en = models.CharField(max_length=120)
    name_zh = models.CharField(max_length=120, blank=True, default="")

    class Meta:
        ordering = ["alpha2"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return f"{self.alpha2} {self.name_en}"


class Currency(Timestamped):
    code = models.CharField(max_length=3, unique=True)
    numeric = models.CharField(max_length=3, blank=True, default="")
    name_en = models.CharField(max_length=120)
    name_zh = models.CharField(max_length=120, blank=True, default="")

    class Meta:
        ordering = ["code"]
        verbose_name = _("currency")
        verbose_name_plural = _("currencies")

    def __str__(self) -> str:
        return f"{self.code} {self.name_en}"


class Location(Timestamped):
    """A UN/LOCODE entry (source: UNECE)."""

    locode = models.CharField(max_length=5, unique=True)
    # Not a foreign key: UN/LOCODE uses XZ (international waters), which is not ISO 3166.
    country = models.CharField(max_length=2, db_index=True)
    name = models.CharField(max_length=100)
    name_ascii = models.CharField(max_length=100)
    # UNECE lists some places twice under one code (e.g. "Brussel (Bruxelles)" and
    # "Bruxelles (Brussel)"); the other spellings go here.
    alternative_names = models.CharField(max_length=200, blank=True, default="")
    subdivision = models.CharField(max_length=3, blank=True, default="")
    function = models.CharField(max_length=8, blank=True, default="")
    status = models.CharField(max_length=2, blank=True, default="")
    iata = models.CharField(max_length=3, blank=True, default="")
    latitude = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=4, null=True, blank=True)
    remarks = models.CharField(max_length=100, blank=True, default="")
    # Loaded from data/unlocode/names-zh.csv (each name with its source there).
    name_zh = models.CharField(_("Chinese name"), max_length=100, blank=True, default="")
    pinyin = models.CharField(
        _("pinyin"),
        max_length=200,
        blank=True,
        default="",
        help_text=_("The Chinese name in pinyin, without tones or apostrophes, e.g. xian."),
    )
    # text.location_search_name of every name above: "Xi'an", "Łódź", "西安" → "xian",
    # "lodz", "西安"; rebuilt by the loader and when the admin saves the row.
    search_name = models.CharField(max_length=400, db_index=True)

    class Meta:
        ordering = ["locode"]
        verbose_name = _("location (UN/LOCODE)")
        verbose_name_plural = _("locations (UN/LOCODE)")

    def __str__(self) -> str:
        return f"{self.locode} {self.name}"

    def search_names(self) -> list[str]:
        alternatives = [name for name in self.alternative_names.split(" / ") if name]
        return [self.name, *alternatives, self.name_zh, self.pinyin]


class ContainerGroup(Timestamped):
    code = models.CharField(max_length=4, unique=True)
    description = models.CharField(max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("container group")
        verbose_name_plural = _("container groups")

    def __str__(self) -> str:
        return f"{self.code} {self.description}"


class ContainerType(Timestamped):
    """An ISO 6346 size-type code, e.g. 22G1 or 45G1."""

    code = models.CharField(max_length=4, unique=True)
    description = models.CharField(max_length=100)
    length_ft = models.DecimalField(max_digits=4, decimal_places=1)
    height_ft = models.DecimalField(max_digits=4, decimal_places=1)
    group = models.ForeignKey(
        ContainerGroup,
        to_field="code",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="types",
    )
    teu = models.DecimalField(max_digits=4, decimal_places=2)
    typical_tare_kg = models.DecimalField(max_digits=8, decimal_places=1, null=True, blank=True)
    typical_max_payload_kg = models.DecimalField(
        max_digits=8, decimal_places=1, null=True, blank=True
    )
    typical_max_gross_kg = models.DecimalField(
        max_digits=8, decimal_places=1, null=True, blank=True
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("container type")
        verbose_name_plural = _("container types")

    def __str__(self) -> str:
        return f"{self.code} {self.description}"


class CustomsTable(models.TextChoices):
    TRANSPORT_MODE = "transport_mode", _("transport mode (运输方式)")
    SUPERVISION_MODE = "supervision_mode", _("supervision mode (监管方式)")
    LEVY_NATURE = "levy_nature", _("levy nature (征免性质)")
    TRANSACTION_MODE = "transaction_mode", _("transaction mode (成交方式)")
    PACKAGING_TYPE = "packaging_type", _("packaging type (包装种类)")
    CONTAINER_SPEC = "container_spec", _("container specification (集装箱规格)")
    CUSTOMS_DISTRICT = "customs_district", _("customs district (关区)")
    DOMESTIC_PORT = "domestic_port", _("domestic port (国内口岸)")
    DOMESTIC_REGION = "domestic_region", _("domestic region (境内货源地/目的地)")
    ADMIN_DIVISION = "admin_division", _("administrative division (行政区划)")
    DUTY_MODE = "duty_mode", _("duty mode (征免方式)")
    LICENCE_DOCUMENT = "licence_document", _("licence document (监管证件)")
    EDOC = "edoc", _("attached document type (随附单据类别)")
    DESTINATION_PORT = "destination_port", _("destination port (港口代码)")
    PURPOSE = "purpose", _("purpose (用途)")


class CustomsCode(Timestamped):
    """A code from a China export declaration parameter table (source: GACC)."""

    table = models.CharField(max_length=20, choices=CustomsTable.choices)
    code = models.CharField(max_length=10)
    name_zh = models.CharField(max_length=100)
    name_en = models.CharField(max_length=150, blank=True, default="")
    # Set from data/cn-customs/single-window/locode-links.csv and by operators; the
    # tables' own loaders never touch it. At most one code per place in each table.
    locode = models.CharField(
        _("UN/LOCODE"),
        max_length=5,
        blank=True,
        default="",
        db_index=True,
        help_text=_("The place this code serves, e.g. CNAKL for customs district 9404."),
    )

    class Meta:
        ordering = ["table", "code"]
        constraints = [
            models.UniqueConstraint(fields=["table", "code"], name="reference_customs_code_unique"),
            models.UniqueConstraint(
                fields=["table", "locode"],
                condition=~models.Q(locode=""),
                name="reference_customs_code_one_per_place",
                violation_error_message=_("Another code of this table already serves this place."),
            ),
        ]
        verbose_name = _("customs code")
        verbose_name_plural = _("customs codes")

    def __str__(self) -> str:
        return f"{self.table} {self.code} {self.name_zh}"


class CustomsUnit(Timestamped):
    """A declaration unit of measure (e.g. 035 千克), mapped to UN/ECE Rec. 20."""

    code = models.CharField(max_length=3, unique=True)
    name_zh = models.CharField(max_length=20)
    name_en = models.CharField(max_length=60, blank=True, default="")
    unece_rec20 = models.CharField(max_length=3, blank=True, default="")

    class Meta:
        ordering = ["code"]
        verbose_name = _("customs unit")
        verbose_name_plural = _("customs units")

    def __str__(self) -> str:
        return f"{self.code} {self.name_zh}"


class CiqCode(Timestamped):
    """An inspection-and-quarantine (CIQ) name code under a 10-digit commodity code.

    Source: GACC's 检验检疫名称 parameter table (2016–2017), chapters 84, 85, 87, 94 and
    95 only. Its 10-digit codes are the only ones the product knows; it never makes one up.
    """

    hs10 = models.CharField(_("10-digit commodity code"), max_length=10, db_index=True)
    ciq = models.CharField(_("CIQ code"), max_length=3)
    name_zh = models.CharField(max_length=200)
    version = models.CharField(max_length=10, blank=True, default="")
    valid_flag = models.CharField(
        _("valid flag"),
        max_length=2,
        blank=True,
        default="",
        help_text=_("As published in the source table; its meaning is not documented there."),
    )

    class Meta:
        ordering = ["hs10", "ciq"]
        verbose_name = _("CIQ code")
        constraints = [
            models.UniqueConstraint(fields=["hs10", "ciq"], name="reference_ciq_code_unique")
        ]
        verbose_name_plural = _("CIQ codes")

    def __str__(self) -> str:
        return f"{self.hs10} {self.ciq} {self.name_zh}"


class DeclaredElementsTemplate(Timestamped):
    """The declared elements (规范申报要素) customs expects under a commodity code prefix.

    The two elements every export string starts with (brand type, export preference) are
    not listed: they are the same everywhere. The longest prefix matching a code wins.
    Seeded from ``data/cn-customs/declared-elements.csv``, each row with its source.
    """

    prefix = models.CharField(
        _("code prefix"),
        max_length=10,
        unique=True,
        help_text=_("The first 4 to 10 digits of the commodity code, e.g. 8471 or 847130."),
    )
    elements_zh = models.TextField(
        _("elements (Chinese)"),
        help_text=_(
            "One element name a line, in the order of the string, after 品牌类型 and 出口享惠情况."
        ),
    )
    elements_en = models.TextField(
        _("elements (English)"),
        blank=True,
        default="",
        help_text=_("The English names, one a line, in the same order."),
    )
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        ordering = ["prefix"]
        verbose_name = _("declared elements template")
        verbose_name_plural = _("declared elements templates")

    def __str__(self) -> str:
        return f"{self.prefix} ({len(self.names_zh())})"

    def names_zh(self) -> list[str]:
        return [name.strip() for name in self.elements_zh.splitlines() if name.strip()]

    def names_en(self) -> list[str]:
        return [name.strip() for name in self.elements_en.splitlines()]


class SynonymLanguage(models.TextChoices):
    ENGLISH = "en", _("English")
    CHINESE = "zh", _("Chinese")


class SearchSynonym(Timestamped):
    """Everyday words → the tariff's wording, applied to HS search queries."""

    term = models.CharField(max_length=100)
    expansion = models.CharField(max_length=200)
    language = models.CharField(max_length=2, choices=SynonymLanguage.choices)
    is_active = models.BooleanField(default=True)
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        default="",
        help_text=_("Why this synonym holds: its source, or the tariff wording it points to."),
    )

    class Meta:
        ordering = ["language", "term"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "expansion"], name="reference_search_synonym_unique"
            )
        ]
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")

    def __str__(self) -> str:
        return f"{self.term} → {self.expansion}"


class ReferenceDataset(models.Model):
    """One loaded source (a file, or a group of files): what was loaded, and when."""

    name = models.CharField(max_length=60, unique=True)
    source = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64)
    row_count = models.PositiveIntegerField(default=0)
    # What the load had to say beyond a count, e.g. unit names that did not resolve.
    note = models.CharField(max_length=500, blank=True, default="")
    duration_ms = models.PositiveIntegerField(default=0)
    loaded_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]
        verbose_name = _("reference dataset")
        verbose_name_plural = _("reference datasets")

    def __str__(self) -> str:
        return f"{self.name} ({self.row_count} rows)"
