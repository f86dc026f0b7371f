from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from cloudcabin.accounts.models import (
    AccountEvent,
    AgentAssignment,
    ApiKey,
    Invitation,
    Membership,
    Organization,
    User,
)


class MembershipInline(admin.TabularInline[Membership, Organization]):
    model = Membership
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin[Organization]):
    list_display = ["name_en", "name_zh", "country", "uscc", "eori", "is_operator", "created_at"]
    list_filter = ["is_operator", "country"]
    search_fields = ["name_en", "name_zh", "uscc", "eori", "vat_number"]
    inlines = [MembershipInline]


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    ordering = ["email"]
    list_display = ["email", "full_name", "language", "is_staff", "last_login"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password", "full_name", "language")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "organization", "role", "created_at"]
    list_filter = ["role"]
    list_select_related = ["user", "organization"]
    raw_id_fields = ["user", "organization"]
    search_fields = ["user__email", "organization__name_en"]


@admin.register(AgentAssignment)
class AgentAssignmentAdmin(admin.ModelAdmin[AgentAssignment]):
    list_display = ["agent", "organization", "created_at"]
    list_select_related = ["agent", "organization"]
    raw_id_fields = ["agent", "organization"]
    search_fields = ["agent__email", "organization__name_en"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin[Invitation]):
    list_display = ["email", "organization", "role", "created_at", "expires_at", "accepted_at"]
    list_select_related = ["organization"]
    raw_id_fields = ["organization", "invited_by"]
    exclude = ["token_hash"]
    search_fields = ["email", "organization__name_en"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin[ApiKey]):
    list_display = ["name", "prefix", "organization", "access", "created_at", "revoked_at"]
    list_select_related = ["organization"]
    raw_id_fields = ["organization", "created_by"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at"]
    search_fields = ["name", "prefix", "organization__name_en"]


@admin.register(AccountEvent)
class AccountEventAdmin(admin.ModelAdmin[AccountEvent]):
    list_display = ["created_at", "organization", "actor", "kind"]
    list_filter = ["kind"]
    list_select_related = ["organization", "actor"]
    raw_id_fields = ["organization", "actor"]
    readonly_fields = ["organization", "actor", "kind", "detail", "created_at"]
