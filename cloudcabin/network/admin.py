"""The back office for the network: operators maintain nodes, legs, corridors and tariffs."""

from __future__ import annotations

from django.contrib import admin

from cloudcabin.network.models import (
    Corridor,
    CorridorStop,
    CurrencyRate,
    EmissionFactor,
    Enquiry,
    EnquiryEvent,
    Leg,
    NetworkDataset,
    Node,
    NodeAlias,
    Quote,
    TariffLine,
)


class NodeAliasInline(admin.TabularInline[NodeAlias, Node]):
    model = NodeAlias
    fields = ("locode", "unlocode_name", "source_url", "basis")
    extra = 0


@admin.register(Node)
class NodeAdmin(admin.ModelAdmin[Node]):
    list_display = ("locode", "name", "country", "kind", "gauge_mm", "is_active", "basis")
    list_filter = ("kind", "country", "is_active")
    search_fields = ("locode", "name", "name_zh", "pinyin", "aliases__locode")
    inlines = [NodeAliasInline]


@admin.register(NodeAlias)
class NodeAliasAdmin(admin.ModelAdmin[NodeAlias]):
    list_display = ("locode", "node", "unlocode_name", "basis")
    list_select_related = ("node",)
    raw_id_fields = ("node",)
    search_fields = ("locode", "unlocode_name", "node__locode", "node__name")


@admin.register(Leg)
class LegAdmin(admin.ModelAdmin[Leg]):
    list_display = (
        "origin",
        "destination",
        "mode",
        "distance_km",
        "days_min",
        "days_max",
        "dwell_days",
        "transit_countries",
        "is_active",
    )
    list_filter = ("mode", "is_active")
    list_select_related = ("origin", "destination")
    raw_id_fields = ("origin", "destination")
    search_fields = ("origin__locode", "destination__locode", "origin__name", "destination__name")


class CorridorStopInline(admin.TabularInline[CorridorStop, Corridor]):
    model = CorridorStop
    raw_id_fields = ("node",)
    extra = 1


@admin.register(Corridor)
class CorridorAdmin(admin.ModelAdmin[Corridor]):
    list_display = ("code", "name", "basis")
    search_fields = ("code", "name", "name_zh")
    inlines = [CorridorStopInline]


@admin.register(TariffLine)
class TariffLineAdmin(admin.ModelAdmin[TariffLine]):
    list_display = (
        "name",
        "kind",
        "per_teu",
        "per_feu",
        "currency",
        "valid_from",
        "valid_to",
        "is_active",
    )
    list_filter = ("kind", "currency", "is_active")
    list_select_related = ("leg__origin", "leg__destination", "node")
    raw_id_fields = ("leg", "node")
    search_fields = ("name", "node__locode", "leg__origin__locode", "leg__destination__locode")
    date_hierarchy = "valid_from"


@admin.register(EmissionFactor)
class EmissionFactorAdmin(admin.ModelAdmin[EmissionFactor]):
    list_display = ("mode", "g_co2e_per_tkm", "basis")


@admin.register(CurrencyRate)
class CurrencyRateAdmin(admin.ModelAdmin[CurrencyRate]):
    list_display = ("currency", "usd_per_unit", "valid_from")


@admin.register(NetworkDataset)
class NetworkDatasetAdmin(admin.ModelAdmin[NetworkDataset]):
    list_display = ("name", "rows", "loaded_at", "sha256")


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin[Quote]):
    list_display = (
        "reference",
        "organization",
        "origin_locode",
        "destination_locode",
        "total_usd",
        "created_at",
        "expires_at",
    )
    list_select_related = ("organization",)
    raw_id_fields = ("organization", "created_by")
    search_fields = ("reference", "origin_locode", "destination_locode")


class EnquiryEventInline(admin.TabularInline[EnquiryEvent, Enquiry]):
    model = EnquiryEvent
    raw_id_fields = ("actor",)
    extra = 0
    readonly_fields = ("kind", "actor", "before", "after", "created_at")


@admin.register(Enquiry)
class EnquiryAdmin(admin.ModelAdmin[Enquiry]):
    list_display = ("reference", "name", "company", "email", "status", "created_at")
    list_filter = ("status",)
    list_select_related = ("quote",)
    raw_id_fields = ("quote",)
    search_fields = ("reference", "name", "company", "email")
    inlines = [EnquiryEventInline]
