"""E-mail written in each recipient's language: the one on their account (chosen at sign-up
or with the language switch), else the sender's choice (an invited person has no account
yet: the inviter's language).

Each message is written here, in the request, and handed to the ``deliver_mail`` task:
sending waits for no mail server and is retried when one is down."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from django.conf import settings
from django.utils import translation

from cloudcabin.accounts.models import User
from cloudcabin.accounts.tasks import deliver_mail


def languages_of(
    emails: Iterable[str], default: str = "", *, known: Mapping[str, str] | None = None
) -> dict[str, list[str]]:
    """The addresses grouped by the language to write to them in. ``known`` gives the
    account language of addresses the caller has the user of (the signed-in person):
    they are not looked up again."""
    emails = sorted(set(emails))
    chosen = {email.lower(): language for email, language in (known or {}).items()}
    unknown = [email for email in emails if email.lower() not in chosen]
    if unknown:
        chosen.update(
            (email.lower(), language)
            for email, language in User.objects.filter(email__in=unknown).values_list(
                "email", "language"
            )
        )
    fallback = default or settings.LANGUAGE_CODE
    grouped: dict[str, list[str]] = {}
    for email in emails:
        grouped.setdefault(chosen.get(email.lower()) or fallback, []).append(email)
    return grouped


def send_in_their_language(
    emails: Iterable[str],
    compose: Callable[[], tuple[str, str]],
    *,
    default: str = "",
    known: Mapping[str, str] | None = None,
) -> None:
    """One message per language: ``compose`` runs with that language active and returns
    the subject and the body."""
    for language, recipients in languages_of(emails, default, known=known).items():
        with translation.override(language):
            subject, body = compose()
        deliver_mail.enqueue(str(subject), str(body), list(recipients))
