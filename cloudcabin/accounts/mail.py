"""E-mail written in each recipient's language: the one on their account (chosen at sign-up
or with the language switch), else the sender's choice (an invited person has no account
yet: the inviter's language).

Each message is written here, in the request, and handed to the ``deliver_mail`` task:
sending waits for no mail server and is retried when one is down."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.utils import translation

from cloudcabin.accounts.models import User
from cloudcabin.accounts.tasks import deliver_mail


def languages_of(emails: Iterable[str], default: str = "") -> dict[str, list[str]]:
    """The addresses grouped by the language to write to them in."""
    emails = sorted(set(emails))
    chosen = {
        email.lower(): language
        for email, language in User.objects.filter(email__in=emails).values_list(
            "email", "language"
        )
    }
    fallback = default or settings.LANGUAGE_CODE
    grouped: dict[str, list[str]] = {}
    for email in emails:
        grouped.setdefault(chosen.get(email.lower()) or fallback, []).append(email)
    return grouped


def send_in_their_language(
    emails: Iterable[str], compose: Callable[[], tuple[str, str]], *, default: str = ""
) -> None:
    """One message per language: ``compose`` runs with that language active and returns
    the subject and the body."""
    for language, recipients in languages_of(emails, default).items():
        with translation.override(language):
            subject, body = compose()
        deliver_mail.enqueue(str(subject), str(body), list(recipients))
