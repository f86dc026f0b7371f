"""Writes for the network app: saved quotes, enquiries and agents' follow-up."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cloudcabin.accounts.mail import send_in_their_language
from cloudcabin.accounts.models import Membership, Role
from cloudcabin.accounts.tenancy import Actor
from cloudcabin.errors import Problem, ProblemError, problem
from cloudcabin.network import selectors
from cloudcabin.network.models import (
    Enquiry,
    EnquiryEvent,
    EnquiryEventKind,
    EnquiryStatus,
    Quote,
)
from cloudcabin.network.presenters import option_to_dict, request_to_dict

QUOTE_LIFETIME = timedelta(days=14)
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
ENQUIRY_LIMITS = {"name": 120, "company": 200, "email": 254, "phone": 40, "message": 2000}
NOTES_LIMIT = 10_000


@dataclass(frozen=True)
class QuoteSearch:
    """The inputs of a route search, as typed by the user."""

    origin: str
    destination: str
    container_count: int = 1
    size_type: str = "40"
    ready_date: date | None = None
    objective: str = "fastest"
    avoid_countries: tuple[str, ...] = ()
    avoid_modes: tuple[str, ...] = ()
    via: str = ""
    max_transshipments: int | None = None

    def as_kwargs(self) -> dict[str, Any]:
        return {
            "origin": self.origin,
            "destination": self.destination,
            "container_count": self.container_count,
            "size_type": self.size_type,
            "ready_date": self.ready_date,
            "objective": self.objective,
            "avoid_countries": list(self.avoid_countries),
            "avoid_modes": list(self.avoid_modes),
            "via": self.via,
            "max_transshipments": self.max_transshipments,
        }


def _reference(prefix: str) -> str:
    return prefix + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


def freeze_quote(*, search: QuoteSearch, rank: int, actor: Actor | None = None) -> Quote:
    """Re-run the search (the client's figures are never trusted) and freeze one option."""
    request, options = selectors.search_routes(**search.as_kwargs())
    chosen = next((option for option in options if option.rank == rank), None)
    if chosen is None:
        raise ProblemError.of("INVALID", path="rank", detail=_("No route option with this rank."))
    frozen = option_to_dict(chosen)
    return Quote.objects.create(
        organization=actor.organization if actor else None,
        created_by=actor.user if actor else None,
        reference=_reference("Q-"),
        expires_at=timezone.now() + QUOTE_LIFETIME,
        origin_locode=request.origin,
        destination_locode=request.destination,
        container_count=request.container_count,
        size_type=request.size_type,
        ready_date=request.ready_date,
        objective=str(request.objective),
        constraints=request_to_dict(request),
        option=frozen,
        total_usd=Decimal(frozen["total_usd"]) if frozen["total_usd"] else None,
    )


@transaction.atomic
def save_quote(*, actor: Actor, search: QuoteSearch, rank: int) -> Quote:
    """A member saves a route option as a quote of their organization."""
    actor.require_write()
    return freeze_quote(search=search, rank=rank, actor=actor)


def _enquiry_problems(fields: dict[str, str]) -> list[Problem]:
    found = [
        problem("TOO_LONG", path=name, limit=limit)
        for name, limit in ENQUIRY_LIMITS.items()
        if len(fields.get(name, "")) > limit
    ]
    if not fields.get("name"):
        found.append(problem("REQUIRED", path="name"))
    if fields.get("email"):
        try:
            validate_email(fields["email"])
        except ValidationError:
            found.append(
                problem("INVALID", path="email", detail=_("Enter a valid e-mail address."))
            )
    if not fields.get("email") and not fields.get("phone"):
        found.append(problem("ENQUIRY_CONTACT_REQUIRED", path="email"))
    return found


def agent_emails() -> list[str]:
    return sorted(
        set(
            Membership.objects.filter(role=Role.AGENT, organization__is_operator=True).values_list(
                "user__email", flat=True
            )
        )
    )


def _notify_agents(enquiry: Enquiry) -> None:
    recipients = agent_emails()
    if not recipients:
        return
    quote = enquiry.quote
    route = quote.option.get("summary", "") if quote else ""

    def compose() -> tuple[str, str]:
        subject = _("[cloudcabin] New enquiry {reference} from {name}").format(
            reference=enquiry.reference, name=enquiry.name
        )
        body = "\n".join(
            [
                f"{enquiry.reference}: {enquiry.name} ({enquiry.company or '-'})",
                _("E-mail: {email}   Phone: {phone}").format(
                    email=enquiry.email or "-", phone=enquiry.phone or "-"
                ),
                _("Quote: {quote}").format(quote=f"{quote.reference} {route}" if quote else "-"),
                "",
                enquiry.message,
            ]
        )
        return subject, body

    send_in_their_language(recipients, compose)


@transaction.atomic
def create_enquiry(
    *,
    name: str,
    email: str = "",
    phone: str = "",
    company: str = "",
    message: str = "",
    search: QuoteSearch | None = None,
    rank: int | None = None,
    client_key: str = "",
) -> Enquiry:
    """Store a lead (with the quoted option frozen, if any) and e-mail the agents on commit."""
    fields = {
        "name": name.strip(),
        "email": email.strip().lower(),
        "phone": phone.strip(),
        "company": company.strip(),
        "message": message.strip(),
    }
    found = _enquiry_problems(fields)
    if found:
        raise ProblemError(*found)
    quote = freeze_quote(search=search, rank=rank or 1) if search is not None else None
    enquiry = Enquiry.objects.create(
        reference=_reference("E-"), quote=quote, client_key=client_key, **fields
    )
    EnquiryEvent.objects.create(
        enquiry=enquiry, actor=None, kind=EnquiryEventKind.CREATED, after={"status": enquiry.status}
    )
    transaction.on_commit(lambda: _notify_agents(enquiry))
    return enquiry


@transaction.atomic
def update_enquiry(
    *, user: Any, enquiry_id: int, status: str | None = None, notes: str | None = None
) -> Enquiry:
    """An agent changes an enquiry's status or notes; each change writes an event."""
    enquiry = selectors.enquiry_for_agent_or_404(user, enquiry_id)
    enquiry = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
    if status is not None and status not in EnquiryStatus.values:
        raise ProblemError.of("INVALID", path="status", detail=_("Unknown status."))
    if notes is not None and len(notes) > NOTES_LIMIT:
        raise ProblemError.of("TOO_LONG", path="notes", limit=NOTES_LIMIT)
    if status is not None and status != enquiry.status:
        EnquiryEvent.objects.create(
            enquiry=enquiry,
            actor=user,
            kind=EnquiryEventKind.STATUS_CHANGED,
            before={"status": enquiry.status},
            after={"status": status},
        )
        enquiry.status = status
    if notes is not None and notes.strip() != enquiry.notes:
        EnquiryEvent.objects.create(
            enquiry=enquiry,
            actor=user,
            kind=EnquiryEventKind.NOTES_CHANGED,
            before={"notes": enquiry.notes},
            after={"notes": notes.strip()},
        )
        enquiry.notes = notes.strip()
    enquiry.save()
    return enquiry
