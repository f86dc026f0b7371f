"""Organizations (the tenants), users, memberships, invitations, API keys and their events."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cloudcabin.accounts.tenancy import TenantQuerySet


def normalize_email(email: str) -> str:
    """The one spelling of an e-mail address we store and look up: trimmed, lower case.

    Mail servers may in theory treat the local part as case-sensitive; none that our users
    sign up with do, and two accounts that differ only in case are a mistake, not two people.
    """
    return (email or "").strip().lower()


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> User:
        # Sign-in, password reset and every other look-up by e-mail ignore case.
        return self.get(email=normalize_email(username or ""))

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        user = self.model(email=normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in with an e-mail address."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # Saves normalise the address; this keeps any other write path honest too.
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ignoring_case")
        ]

    def __str__(self) -> str:
        return self.email

    def clean(self) -> None:
        super().clean()
        self.email = normalize_email(self.email)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)


class Organization(models.Model):
    """A tenant: a shipper, consignee or broker company, or the operator running the platform."""

    name_en = models.CharField(_("legal name (English)"), max_length=200)
    name_zh = models.CharField(_("legal name (Chinese)"), max_length=200, blank=True)
    address = models.TextField(_("address"), blank=True)
    country = models.CharField(_("country"), max_length=2, help_text="ISO 3166-1 alpha-2")
    uscc = models.CharField(_("Unified Social Credit Code"), max_length=18, blank=True)
    uscc_checksum_confirmed = models.BooleanField(
        _("keep a USCC that fails its check character"), default=False
    )
    eori = models.CharField(_("EORI number"), max_length=17, blank=True)
    vat_number = models.CharField(_("VAT number"), max_length=20, blank=True)
    is_operator = models.BooleanField(
        _("operator"),
        default=False,
        help_text="The forwarder that runs the platform; its agents serve other organizations.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    # When a member closed the next-steps list on the home page (accounts/checklist.py).
    checklist_dismissed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name_en


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    MEMBER = "member", _("Member")
    READ_ONLY = "read_only", _("Read-only")
    AGENT = "agent", _("Agent")
    DISPATCHER = "dispatcher", _("Dispatcher")


WRITING_ROLES = frozenset({Role.OWNER, Role.MEMBER, Role.AGENT, Role.DISPATCHER})
# Roles only the operator's own staff hold: agents serve assigned customers, dispatchers
# plan whole trains and so act for every organization (see accounts/tenancy.py).
OPERATOR_STAFF_ROLES = frozenset({Role.AGENT, Role.DISPATCHER})


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(default=timezone.now)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["organization__name_en", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_membership_per_org")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization} ({self.role})"

    @property
    def can_write(self) -> bool:
        return self.role in WRITING_ROLES


class AgentAssignment(models.Model):
    """An operator's agent serves a client organization: it may act on that client's shipments."""

    agent = models.ForeignKey(User, on_delete=models.CASCADE, related_name="assignments")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="agent_assignments"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = TenantQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agent", "organization"], name="one_assignment_per_org")
        ]
        verbose_name = _("agent assignment")
        verbose_name_plural = _("agent assignments")

    def __str__(self) -> str:
        return f"{self.agent} serves {self.organization}"


class Invitation(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.MEMBER)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.organization}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class ApiKeyAccess(models.TextChoices):
    READ_WRITE = "read_write", _("Read and write")
    READ_ONLY = "read_only", _("Read only")


class ApiKey(models.Model):
    """An organization's key for the API. Only its SHA-256 is stored; the key is shown once."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="api_keys"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(
        max_length=12, help_text="The first characters, shown to tell keys apart."
    )
    key_hash = models.CharField(max_length=64, unique=True)
    access = models.CharField(
        _("access"), max_length=12, choices=ApiKeyAccess.choices, default=ApiKeyAccess.READ_ONLY
    )
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class TenantEvent(models.Model):
    """The shape of every audit row: which organization, who, when (and, per app, what)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]


class AccountEventKind(models.TextChoices):
    ORGANIZATION_CREATED = "organization_created", _("Organization created")
    ORGANIZATION_UPDATED = "organization_updated", _("Organization updated")
    MEMBER_INVITED = "member_invited", _("Member invited")
    MEMBER_JOINED = "member_joined", _("Member joined")
    MEMBER_ROLE_CHANGED = "member_role_changed", _("Member's role changed")
    MEMBER_REMOVED = "member_removed", _("Member removed")
    API_KEY_CREATED = "api_key_created", _("API key created")
    API_KEY_REVOKED = "api_key_revoked", _("API key revoked")


class AccountEvent(TenantEvent):
    """The audit trail of every state change in accounts: who, when, what."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(max_length=40, choices=AccountEventKind.choices)
    detail = models.JSONField(default=dict, blank=True)

    class Meta(TenantEvent.Meta):
        verbose_name = _("account event")
        verbose_name_plural = _("account events")

    def __str__(self) -> str:
        return f"{self.kind} @ {self.organization_id}"
