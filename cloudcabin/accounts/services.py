"""Writes for accounts: sign-up, organization details, members, invitations, API keys."""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cloudcabin.accounts.identifiers import (
    IDENTIFIER_FIELDS,
    check_identifiers,
    clean_code,
    identifiers_for,
    identifiers_not_asked,
    missing_identifiers,
)
from cloudcabin.accounts.mail import send_in_their_language
from cloudcabin.accounts.models import (
    OPERATOR_STAFF_ROLES,
    AccountEvent,
    AccountEventKind,
    ApiKey,
    ApiKeyAccess,
    Invitation,
    Membership,
    Organization,
    Role,
    User,
    normalize_email,
)
from cloudcabin.accounts.tenancy import Actor, get_for_org_or_404
from cloudcabin.errors import Problem, ProblemError, errors_only, problem
from cloudcabin.faults import is_storage_fault

logger = logging.getLogger(__name__)

API_KEY_PREFIX = "cc_"
INVITATION_LIFETIME = timedelta(days=14)
ORGANIZATION_FIELDS = (
    "name_en",
    "name_zh",
    "address",
    "country",
    "uscc",
    "uscc_checksum_confirmed",
    "eori",
    "vat_number",
)


def _refuse_ungrantable(organization: Organization, role: str) -> None:
    if role in grantable_roles(organization):
        return
    if role in Role.values:
        raise ProblemError.of("ROLE_NOT_GRANTABLE", path="role", role=Role(role).label)
    raise ProblemError.of("INVALID", path="role", detail=_("Choose a role."))


def grantable_roles(organization: Organization) -> frozenset[str]:
    """Roles an owner may give: the operator's staff roles only inside the operator."""
    roles = {Role.OWNER, Role.MEMBER, Role.READ_ONLY}
    if organization.is_operator:
        roles |= OPERATOR_STAFF_ROLES
    return frozenset(roles)


def hash_secret(secret: str) -> str:
    # Keys and tokens are 256-bit random strings, so a fast hash is enough: no dictionary to guess.
    return hashlib.sha256(secret.encode()).hexdigest()


def record_event(
    *,
    organization: Organization,
    actor: User | None,
    kind: AccountEventKind,
    **detail: Any,
) -> AccountEvent:
    return AccountEvent.objects.create(
        organization=organization, actor=actor, kind=kind, detail=detail
    )


def _clean_organization_fields(fields: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(fields)
    for key in ("name_en", "name_zh", "address"):
        if key in cleaned:
            cleaned[key] = (cleaned[key] or "").strip()
    for key in ("country", "uscc", "eori", "vat_number"):
        if key in cleaned:
            cleaned[key] = clean_code(cleaned[key] or "")
    return cleaned


def validate_organization_fields(fields: dict[str, Any]) -> list[Problem]:
    """Every problem with these organization details, warnings included."""
    found: list[Problem] = []
    if not fields.get("name_en"):
        found.append(problem("REQUIRED", path="name_en"))
    found += check_identifiers(
        country=fields.get("country", ""),
        uscc=fields.get("uscc", ""),
        uscc_checksum_confirmed=bool(fields.get("uscc_checksum_confirmed")),
        eori=fields.get("eori", ""),
        vat_number=fields.get("vat_number", ""),
    )
    return found


def _refuse_unless_clean(found: list[Problem]) -> None:
    """Errors refuse; so does an unconfirmed USCC check-character warning."""
    blocking = errors_only(found) + [p for p in found if p.code == "USCC_CHECK_DIGIT"]
    if blocking:
        raise ProblemError(*blocking)


@transaction.atomic
def sign_up(
    *, email: str, password: str, full_name: str = "", language: str = "en", **organization: Any
) -> Membership:
    """Create a person, their organization and their owner membership, all or nothing."""
    email = normalize_email(email)
    if User.objects.filter(email=email).exists():
        raise ProblemError.of("EMAIL_TAKEN", path="email")
    fields = _clean_organization_fields(organization)
    found = validate_organization_fields(fields)
    found += missing_identifiers(country=fields.get("country", ""), fields=fields)
    _refuse_unless_clean(found)
    user = User.objects.create_user(email, password, full_name=full_name, language=language)
    org = Organization.objects.create(**fields)
    membership = Membership.objects.create(user=user, organization=org, role=Role.OWNER)
    record_event(organization=org, actor=user, kind=AccountEventKind.ORGANIZATION_CREATED)
    return membership


@transaction.atomic
def update_organization(*, actor: Actor, **fields: Any) -> Organization:
    actor.require_owner()
    org = Organization.objects.select_for_update().get(pk=actor.organization.pk)
    changes = _clean_organization_fields(
        {key: value for key, value in fields.items() if key in ORGANIZATION_FIELDS}
    )
    stored = {key: getattr(org, key) for key in ORGANIZATION_FIELDS}
    country = changes.get("country", stored["country"])
    # The same per-country identifiers as at sign-up: the ones given must be the country's,
    # its required ones must be there, and a move to another country drops the former
    # country's identifiers (a Polish company keeps no USCC).
    found = identifiers_not_asked(country=country, fields=changes)
    if country != stored["country"]:
        applying = identifiers_for(country)
        changes |= {
            name: type(stored[name])()  # "" for the codes, False for the confirmation
            for name in IDENTIFIER_FIELDS
            if name not in applying and name not in changes and stored[name]
        }
    merged = stored | changes
    found += validate_organization_fields(merged)
    found += missing_identifiers(country=country, fields=merged)
    _refuse_unless_clean(found)
    before = {key: getattr(org, key) for key in changes}
    for key, value in changes.items():
        setattr(org, key, value)
    org.save()
    record_event(
        organization=org,
        actor=actor.user,
        kind=AccountEventKind.ORGANIZATION_UPDATED,
        before=before,
        after=changes,
    )
    return org


@transaction.atomic
def invite_member(*, actor: Actor, email: str, role: str) -> tuple[Invitation, str]:
    """Invite a colleague by e-mail; returns the invitation and its one-time link."""
    actor.require_owner()
    email = normalize_email(email)
    _refuse_ungrantable(actor.organization, role)
    if Membership.objects.for_org(actor.organization).filter(user__email__iexact=email).exists():
        raise ProblemError.of("ALREADY_MEMBER", path="email")
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organization=actor.organization,
        email=email,
        role=role,
        token_hash=hash_secret(token),
        invited_by=actor.user,
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    link = settings.SITE_URL.rstrip("/") + reverse("accounts:accept_invitation", args=[token])
    record_event(
        organization=actor.organization,
        actor=actor.user,
        kind=AccountEventKind.MEMBER_INVITED,
        email=email,
        role=role,
    )
    organization = actor.organization

    def compose() -> tuple[str, str]:
        chinese = (translation.get_language() or "").startswith("zh")
        org_name = (chinese and organization.name_zh) or organization.name_en
        return (
            _("You are invited to %(org)s on cloudcabin") % {"org": org_name},
            _("Open this link to join %(org)s: %(link)s") % {"org": org_name, "link": link},
        )

    # Someone with an account reads it in their language; a newcomer in the inviter's.
    inviter_language = actor.user.language if actor.user else ""
    transaction.on_commit(
        lambda: send_in_their_language([email], compose, default=inviter_language)
    )
    return invitation, link


def find_open_invitation(token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_related("organization")
        .filter(token_hash=hash_secret(token))
        .first()
    )
    if invitation is None or not invitation.is_open:
        raise ProblemError.of("INVITATION_INVALID")
    return invitation


def _lock_open_invitation(token: str) -> Invitation:
    """The invitation, locked and checked again under the lock: a parallel accept waits here
    and then finds it used."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("organization")
        .filter(token_hash=hash_secret(token))
        .first()
    )
    if invitation is None or not invitation.is_open:
        raise ProblemError.of("INVITATION_INVALID")
    return invitation


def _join(invitation: Invitation, user: User) -> Membership:
    # The link may have been forwarded or leaked: only the person it was sent to may use it.
    if normalize_email(user.email) != normalize_email(invitation.email):
        raise ProblemError.of("INVITATION_OTHER_EMAIL", email=invitation.email)
    if Membership.objects.filter(user=user, organization=invitation.organization).exists():
        raise ProblemError.of("ALREADY_MEMBER")
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                user=user, organization=invitation.organization, role=invitation.role
            )
    except IntegrityError as exc:  # joined the same organization in parallel by another way
        raise ProblemError.of("ALREADY_MEMBER") from exc
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    record_event(
        organization=invitation.organization,
        actor=user,
        kind=AccountEventKind.MEMBER_JOINED,
        role=invitation.role,
    )
    return membership


@transaction.atomic
def accept_invitation(*, token: str, user: User) -> Membership:
    """A signed-in person accepts an invitation addressed to their own e-mail address."""
    return _join(_lock_open_invitation(token), user)


@transaction.atomic
def join_by_invitation(*, token: str, password: str, full_name: str = "") -> Membership:
    """Create the invited person's account and membership at once."""
    invitation = _lock_open_invitation(token)
    if User.objects.filter(email=normalize_email(invitation.email)).exists():
        raise ProblemError.of("EMAIL_TAKEN", path="email")
    user = User.objects.create_user(invitation.email, password, full_name=full_name)
    return _join(invitation, user)


def _lock_other_owners(organization: Organization, membership: Membership) -> bool:
    others = (
        Membership.objects.select_for_update()
        .for_org(organization)
        .filter(role=Role.OWNER)
        .exclude(pk=membership.pk)
    )
    return len(list(others)) > 0


@transaction.atomic
def change_member_role(*, actor: Actor, membership_id: int, role: str) -> Membership:
    actor.require_owner()
    membership = get_for_org_or_404(
        Membership.objects.select_for_update(), actor.organization, pk=membership_id
    )
    _refuse_ungrantable(actor.organization, role)
    if role == membership.role:
        return membership
    demoting_owner = membership.role == Role.OWNER and role != Role.OWNER
    if demoting_owner and not _lock_other_owners(actor.organization, membership):
        raise ProblemError.of("LAST_OWNER", path="role")
    before = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    record_event(
        organization=actor.organization,
        actor=actor.user,
        kind=AccountEventKind.MEMBER_ROLE_CHANGED,
        member=membership.user.email,
        before=before,
        after=role,
    )
    return membership


@transaction.atomic
def remove_member(*, actor: Actor, membership_id: int) -> None:
    actor.require_owner()
    membership = get_for_org_or_404(
        Membership.objects.select_for_update().select_related("user"),
        actor.organization,
        pk=membership_id,
    )
    if membership.role == Role.OWNER and not _lock_other_owners(actor.organization, membership):
        raise ProblemError.of("LAST_OWNER")
    email = membership.user.email
    membership.delete()
    record_event(
        organization=actor.organization,
        actor=actor.user,
        kind=AccountEventKind.MEMBER_REMOVED,
        member=email,
    )


@transaction.atomic
def create_api_key(*, actor: Actor, name: str, access: str) -> tuple[ApiKey, str]:
    """Create a key; the plain key is returned once and never stored."""
    actor.require_owner()
    name = (name or "").strip()
    if not name:
        raise ProblemError.of("REQUIRED", path="name")
    if len(name) > 100:
        raise ProblemError.of("TOO_LONG", path="name", limit=100)
    if access not in ApiKeyAccess.values:
        raise ProblemError.of("INVALID", path="access", detail=_("Choose read_write or read_only."))
    plain = API_KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey.objects.create(
        organization=actor.organization,
        name=name,
        prefix=plain[:10],
        key_hash=hash_secret(plain),
        access=access,
        created_by=actor.user,
    )
    record_event(
        organization=actor.organization,
        actor=actor.user,
        kind=AccountEventKind.API_KEY_CREATED,
        key=key.prefix,
        access=access,
    )
    return key, plain


@transaction.atomic
def revoke_api_key(*, actor: Actor, key_id: int) -> ApiKey:
    actor.require_owner()
    key = get_for_org_or_404(ApiKey.objects.select_for_update(), actor.organization, pk=key_id)
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        record_event(
            organization=actor.organization,
            actor=actor.user,
            kind=AccountEventKind.API_KEY_REVOKED,
            key=key.prefix,
        )
    return key


def set_language(*, user: User, language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise ProblemError.of("INVALID", path="language", detail=_("Unknown language."))
    user.language = language
    user.save(update_fields=["language"])


def touch_api_key(key: ApiKey) -> None:
    """Record use at most once a minute, so reads do not write on every request."""
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > timedelta(minutes=1):
        try:
            # One statement, run at authentication, outside any transaction.
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        except DatabaseError as exc:
            # Bookkeeping only: a database that cannot be written still answers reads.
            if not is_storage_fault(exc):
                raise
            logger.warning("API key %s: last use not recorded: %s", key.prefix, exc)


AGENT_GROUP = "Operator agents"
# What agents may maintain in the back office: the reference code tables.
AGENT_BACK_OFFICE_APPS = ("reference",)


@transaction.atomic
def grant_back_office(*, user: User) -> None:
    """Let an operator's agent maintain reference data in the Django admin."""
    from django.contrib.auth.models import Group, Permission

    group, _created = Group.objects.get_or_create(name=AGENT_GROUP)
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=AGENT_BACK_OFFICE_APPS,
            codename__regex=r"^(view|add|change)_",
        )
    )
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(group)


def dismiss_checklist(*, actor: Actor) -> None:
    """Hide the next-steps list on the company's home page, for every member."""
    actor.require_write()
    Organization.objects.filter(pk=actor.organization.pk).update(
        checklist_dismissed_at=timezone.now()
    )
