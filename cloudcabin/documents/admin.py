"""The back office for documents: origin data (editable by agents), issued packs and their
events (records of what happened: read-only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest

from cloudcabin.documents.models import (
    DocumentEvent,
    DocumentPack,
    IssuedFile,
    MaterialLine,
    OriginLine,
)
from cloudcabin.shipments.admin import ReadOnlyAdmin
from cloudcabin.shipments.services import mark_changed


class MaterialLineInline(admin.TabularInline[MaterialLine, OriginLine]):
    model = MaterialLine
    extra = 0
    fields = ["description", "hs_code", "origin_country", "value", "currency", "originating"]


@admin.register(OriginLine)
class OriginLineAdmin(admin.ModelAdmin[OriginLine]):
    list_display = [
        "shipment",
        "line_no",
        "criterion",
        "rvc_method",
        "rvc_percent",
        "criteria_met",
        "criterion_is_met",
        "organization",
        "updated_at",
    ]
    list_filter = ["criterion", "rvc_method", "criterion_is_met"]
    list_select_related = ["shipment", "organization"]
    raw_id_fields = ["organization", "shipment"]
    search_fields = ["shipment__reference", "organization__name_en", "materials__hs_code"]
    # Computed by origin.rules on save through origin.services; not typed by hand.
    readonly_fields = ["vnm", "vom", "rvc_percent", "criteria_met", "criterion_is_met"]
    inlines = [MaterialLineInline]

    # Origin data is rendered into the pack: each write here counts as a change of the
    # shipments it leaves and joins, as ``save_origin`` does (``mark_changed``).
    def save_related(
        self,
        request: HttpRequest,
        form: ModelForm[OriginLine],
        formsets: list[BaseInlineFormSet[Any, OriginLine, Any]],
        change: bool,
    ) -> None:
        super().save_related(request, form, formsets, change)
        mark_changed({form.instance.shipment_id, form.initial.get("shipment") or 0})

    def delete_model(self, request: HttpRequest, obj: OriginLine) -> None:
        mark_changed([obj.shipment_id])
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[OriginLine]) -> None:
        mark_changed(set(queryset.values_list("shipment_id", flat=True)))
        super().delete_queryset(request, queryset)


class IssuedFileInline(admin.TabularInline[IssuedFile, DocumentPack]):
    model = IssuedFile
    extra = 0
    fields = ["kind", "format", "file", "sha256", "size", "short_code"]
    readonly_fields = ["kind", "format", "file", "sha256", "size", "short_code"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DocumentPack)
class DocumentPackAdmin(ReadOnlyAdmin):
    list_display = ["shipment", "version", "status", "organization", "issued_at", "issued_by"]
    list_filter = ["status"]
    list_select_related = ["shipment", "organization", "issued_by"]
    raw_id_fields = ["organization", "shipment", "revision", "issued_by"]
    search_fields = ["shipment__reference", "organization__name_en", "files__short_code"]
    inlines = [IssuedFileInline]


@admin.register(DocumentEvent)
class DocumentEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "pack", "organization", "actor"]
    list_filter = ["kind"]
    list_select_related = ["pack__shipment", "organization", "actor"]
    raw_id_fields = ["pack", "organization", "actor"]
    search_fields = ["pack__shipment__reference", "actor__email"]
