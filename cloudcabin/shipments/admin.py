"""The back office for shipments. Agents read and correct here; the Incoterm mapping is
the editable table the shipment pages derive the transaction mode from."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest

from cloudcabin.shipments.models import (
    Container,
    GoodsLine,
    HeaderSynonym,
    ImportTemplate,
    IncotermCustomsMapping,
    Party,
    Shipment,
    ShipmentEvent,
    ShipmentRevision,
)
from cloudcabin.shipments.services import mark_changed


class GoodsLineInline(admin.TabularInline[GoodsLine, Shipment]):
    model = GoodsLine
    extra = 0
    fields = [
        "line_no",
        "hs_code",
        "national_code",
        "description_en",
        "description_zh",
        "quantity",
        "unit",
        "net_kg",
        "gross_kg",
        "packages",
        "unit_price",
        "amount",
        "origin_country",
    ]
    show_change_link = False


class ContainerInline(admin.TabularInline[Container, Shipment]):
    model = Container
    extra = 0
    fields = ["number", "size_type", "seals", "tare_kg"]


@admin.register(Shipment)
class ShipmentAdmin(admin.ModelAdmin[Shipment]):
    list_display = [
        "reference",
        "organization",
        "direction",
        "origin_locode",
        "destination_locode",
        "incoterm",
        "revision",
        "revision_frozen",
        "created_at",
    ]
    list_filter = ["direction", "route_kind", "incoterm", "revision_frozen"]
    list_select_related = ["organization"]
    search_fields = [
        "reference",
        "invoice_number",
        "contract_number",
        "organization__name_en",
        "consignee__name_latin",
    ]
    raw_id_fields = [
        "organization",
        "seller",
        "buyer",
        "consignor",
        "consignee",
        "notify_party",
        "declarant",
        "producer",
    ]
    readonly_fields = ["revision", "revision_frozen", "created_at", "updated_at"]
    date_hierarchy = "created_at"
    inlines = [GoodsLineInline, ContainerInline]

    def save_related(
        self,
        request: HttpRequest,
        form: ModelForm[Shipment],
        formsets: list[BaseInlineFormSet[Any, Shipment, Any]],
        change: bool,
    ) -> None:
        super().save_related(request, form, formsets, change)
        # The back office writes past the edit lock: count it as the services do.
        mark_changed([form.instance.pk])


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin[Party]):
    list_display = ["name_latin", "name_local", "country", "organization", "uscc", "eori"]
    list_filter = ["country"]
    list_select_related = ["organization"]
    raw_id_fields = ["organization"]
    search_fields = ["name_latin", "name_local", "uscc", "eori", "vat_number"]


@admin.register(IncotermCustomsMapping)
class IncotermCustomsMappingAdmin(admin.ModelAdmin[IncotermCustomsMapping]):
    list_display = ["incoterm", "transaction_mode", "sea_only", "note"]
    list_editable = ["transaction_mode", "sea_only", "note"]
    search_fields = ["incoterm", "note"]


@admin.register(ImportTemplate)
class ImportTemplateAdmin(admin.ModelAdmin[ImportTemplate]):
    list_display = ["name", "organization", "created_at"]
    list_select_related = ["organization"]
    raw_id_fields = ["organization"]
    search_fields = ["name", "organization__name_en"]


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Records of what happened: shown, never changed or deleted by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ShipmentRevision)
class ShipmentRevisionAdmin(ReadOnlyAdmin):
    list_display = ["shipment", "number", "created_at", "created_by"]
    list_select_related = ["shipment", "created_by"]
    raw_id_fields = ["shipment", "created_by"]
    search_fields = ["shipment__reference"]


@admin.register(ShipmentEvent)
class ShipmentEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "shipment", "organization", "actor"]
    list_filter = ["kind"]
    list_select_related = ["shipment", "organization", "actor"]
    raw_id_fields = ["shipment", "organization", "actor"]
    search_fields = ["shipment__reference", "actor__email"]


@admin.register(HeaderSynonym)
class HeaderSynonymAdmin(admin.ModelAdmin[HeaderSynonym]):
    list_display = ["text", "field", "note"]
    list_filter = ["field"]
    search_fields = ["text", "note"]
