"""Back office for reference data: every code table is editable by operators."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cloudcabin.reference.models import (
    CiqCode,
    ContainerGroup,
    ContainerType,
    Country,
    Currency,
    CustomsCode,
    CustomsUnit,
    DeclaredElementsTemplate,
    EuMemberState,
    HsCode,
    HsSection,
    Location,
    NationalCode,
    RailStation,
    RailwayCountry,
    RcepParty,
    ReferenceDataset,
    SearchSynonym,
)
from cloudcabin.reference.text import location_search_name

TIMESTAMPS = ("created_at", "updated_at")


@admin.register(HsSection)
class HsSectionAdmin(admin.ModelAdmin[HsSection]):
    list_display = ("roman", "number", "name")
    search_fields = ("roman", "name")
    readonly_fields = TIMESTAMPS


@admin.register(HsCode)
class HsCodeAdmin(admin.ModelAdmin[HsCode]):
    list_display = ("code", "level", "description", "section")
    list_filter = ("level", "section")
    list_select_related = ("section",)
    search_fields = ("code", "description")
    raw_id_fields = ("parent",)
    readonly_fields = ("search_text", *TIMESTAMPS)


@admin.register(NationalCode)
class NationalCodeAdmin(admin.ModelAdmin[NationalCode]):
    list_display = ("code", "name_zh", "name_en", "first_unit", "second_unit", "unit1_name_zh")
    list_filter = ("unit1_name_en",)
    search_fields = ("code", "name_zh", "name_en")
    raw_id_fields = ("hs6",)
    readonly_fields = TIMESTAMPS


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin[Country]):
    list_display = ("alpha2", "alpha3", "numeric", "name_en", "name_zh")
    search_fields = ("alpha2", "alpha3", "name_en", "name_zh")
    readonly_fields = TIMESTAMPS


@admin.register(Currency)
class CurrencyAdmin(admin.ModelAdmin[Currency]):
    list_display = ("code", "numeric", "name_en", "name_zh")
    search_fields = ("code", "name_en", "name_zh")
    readonly_fields = TIMESTAMPS


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin[Location]):
    list_display = ("locode", "name", "name_zh", "pinyin", "country", "subdivision", "function")
    list_filter = ("status",)
    search_fields = ("locode", "name", "name_ascii", "search_name")
    readonly_fields = ("search_name", *TIMESTAMPS)
    show_full_result_count = False  # no COUNT(*) over ~95k rows on every page

    def save_model(self, request: HttpRequest, obj: Location, form: Any, change: bool) -> None:
        # An edited name (say, a Chinese name or its pinyin) is searchable at once.
        obj.search_name = location_search_name(obj.search_names())
        super().save_model(request, obj, form, change)


@admin.register(ContainerGroup)
class ContainerGroupAdmin(admin.ModelAdmin[ContainerGroup]):
    list_display = ("code", "description")
    search_fields = ("code", "description")
    readonly_fields = TIMESTAMPS


@admin.register(ContainerType)
class ContainerTypeAdmin(admin.ModelAdmin[ContainerType]):
    list_display = ("code", "description", "length_ft", "height_ft", "group", "teu")
    list_filter = ("length_ft", "group")
    list_select_related = ("group",)
    search_fields = ("code", "description")
    readonly_fields = TIMESTAMPS


@admin.register(CustomsCode)
class CustomsCodeAdmin(admin.ModelAdmin[CustomsCode]):
    list_display = ("table", "code", "name_zh", "name_en", "locode")
    list_display_links = ("code",)
    list_editable = ("locode",)
    list_filter = ("table",)
    search_fields = ("code", "name_zh", "name_en", "locode")
    readonly_fields = TIMESTAMPS


@admin.register(CiqCode)
class CiqCodeAdmin(admin.ModelAdmin[CiqCode]):
    list_display = ("hs10", "ciq", "name_zh", "version", "valid_flag")
    list_filter = ("version",)
    search_fields = ("hs10", "ciq", "name_zh")
    readonly_fields = TIMESTAMPS


@admin.register(CustomsUnit)
class CustomsUnitAdmin(admin.ModelAdmin[CustomsUnit]):
    list_display = ("code", "name_zh", "name_en", "unece_rec20")
    search_fields = ("code", "name_zh", "name_en", "unece_rec20")
    readonly_fields = TIMESTAMPS


@admin.register(DeclaredElementsTemplate)
class DeclaredElementsTemplateAdmin(admin.ModelAdmin[DeclaredElementsTemplate]):
    list_display = ("prefix", "elements_zh", "source")
    search_fields = ("prefix", "elements_zh", "elements_en", "source")
    readonly_fields = TIMESTAMPS


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin[SearchSynonym]):
    list_display = ("term", "expansion", "language", "is_active", "note")
    list_filter = ("language", "is_active")
    list_editable = ("is_active",)
    search_fields = ("term", "expansion", "note")
    readonly_fields = TIMESTAMPS


@admin.register(EuMemberState)
class EuMemberStateAdmin(admin.ModelAdmin[EuMemberState]):
    list_display = ("country", "member_from", "member_until", "status")
    list_filter = ("status",)
    search_fields = ("country", "note", "source")
    readonly_fields = TIMESTAMPS


@admin.register(RcepParty)
class RcepPartyAdmin(admin.ModelAdmin[RcepParty]):
    list_display = ("country", "name_en", "in_force_from", "status", "note")
    list_filter = ("status",)
    search_fields = ("country", "name_en", "note", "source")
    readonly_fields = TIMESTAMPS


@admin.register(RailwayCountry)
class RailwayCountryAdmin(admin.ModelAdmin[RailwayCountry]):
    list_display = ("country", "name_en", "applies_smgs", "applies_cim", "uic_code", "status")
    list_filter = ("applies_smgs", "applies_cim", "status")
    search_fields = ("country", "name_en", "note", "source")
    readonly_fields = TIMESTAMPS


@admin.register(RailStation)
class RailStationAdmin(admin.ModelAdmin[RailStation]):
    list_display = ("locode", "place_name", "station_name", "station_code", "code_system")
    list_filter = ("railway", "code_system", "confidence")
    search_fields = ("locode", "place_name", "station_name", "station_code", "note")
    readonly_fields = TIMESTAMPS


@admin.register(ReferenceDataset)
class ReferenceDatasetAdmin(admin.ModelAdmin[ReferenceDataset]):
    list_display = ("name", "row_count", "duration_ms", "loaded_at", "note", "sha256")
    search_fields = ("name", "source")
    readonly_fields = (
        "name",
        "source",
        "sha256",
        "row_count",
        "note",
        "duration_ms",
        "loaded_at",
    )

    def has_add_permission(self, request: object) -> bool:
        return False
