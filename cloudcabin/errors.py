"""The one error shape and the one catalogue of stable error codes (DESIGN.md §4).

Every refusal the product shows, from the API, a form, an import or a rule check, is a
``Problem``: ``{code, severity, path, message}``. Codes never change meaning once used;
messages are translated (English and Simplified Chinese) through Django's gettext.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.core.signals import setting_changed
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cloudcabin.accounts.errors import ACCOUNTS_CATALOGUE
from cloudcabin.bookings.errors import BOOKINGS_CATALOGUE
from cloudcabin.catalogue import CatalogueEntry as CatalogueEntry
from cloudcabin.catalogue import Severity as Severity
from cloudcabin.compliance.errors import COMPLIANCE_CATALOGUE
from cloudcabin.documents.declaration.errors import DECLARATION_CATALOGUE
from cloudcabin.documents.ens.errors import ENS_CATALOGUE
from cloudcabin.documents.errors import DOCUMENTS_CATALOGUE
from cloudcabin.documents.origin.errors import ORIGIN_CATALOGUE
from cloudcabin.network.errors import NETWORK_CATALOGUE
from cloudcabin.reference.errors import REFERENCE_CATALOGUE
from cloudcabin.shipments.errors import SHIPMENTS_CATALOGUE
from cloudcabin.tracking.errors import TRACKING_CATALOGUE

E, W = Severity.ERROR, Severity.WARNING

# The codes of no one domain: input, access, requests. Each domain's own codes live in its
# ``<app>/errors.py`` and are joined below.
# Keep sorted by code within each block. Add, never rename.
_GENERAL: dict[str, CatalogueEntry] = {
    # generic input and access
    "AUTH_REQUIRED": CatalogueEntry(E, _("Sign in or send a valid API key."), 401),
    "CONFLICT": CatalogueEntry(E, _("{detail}"), 409),
    "INVALID": CatalogueEntry(E, _("{detail}"), 422),
    "NOT_FOUND": CatalogueEntry(E, _("Not found."), 404),
    "PERMISSION_DENIED": CatalogueEntry(E, _("Your role does not allow this change."), 403),
    "RATE_LIMITED": CatalogueEntry(E, _("Too many attempts; try again later."), 429),
    "REQUIRED": CatalogueEntry(E, _("This field is required.")),
    "TOO_LONG": CatalogueEntry(E, _("At most {limit} characters.")),
    # input: what a field accepts (cloudcabin.fields)
    "NUMBER_OUT_OF_RANGE": CatalogueEntry(
        E, _("Give a whole number from {minimum} to {maximum}."), 422
    ),
    "NUMBER_OUT_OF_RANGE_DECIMAL": CatalogueEntry(
        E,
        _(
            "Give a number of zero or more, with at most {whole} digits before the decimal "
            "point and {places} after it."
        ),
        422,
    ),
    "RENDER_FAILED": CatalogueEntry(
        E,
        _(
            "{document} could not be produced from the stored data ({detail}); correct "
            "the shipment and try again."
        ),
        409,
    ),
    "TEXT_BIDI_CONTROL": CatalogueEntry(
        E,
        _(
            "Contains the bidirectional control character {char}, which makes text display "
            "in a different order from what it says; remove it."
        ),
        422,
    ),
    "TEXT_CONTROL_CHARACTER": CatalogueEntry(
        E,
        _(
            "Contains the control character {char}, which cannot be printed or sent to "
            "customs; remove it."
        ),
        422,
    ),
    # requests and storage (cloudcabin.faults, api.main)
    "CSRF_FAILED": CatalogueEntry(
        E, _("The page expired or the request came from another site; reload and try again."), 403
    ),
    "METHOD_NOT_ALLOWED": CatalogueEntry(E, _("This address does not accept {method}."), 405),
    "REQUEST_MALFORMED": CatalogueEntry(E, _("The request could not be read.")),
    "REQUEST_TOO_LARGE": CatalogueEntry(E, _("The request body is larger than {limit}."), 413),
    "SERVER_ERROR": CatalogueEntry(E, _("Something broke on our side; it has been logged."), 500),
    "SERVICE_UNAVAILABLE": CatalogueEntry(
        E,
        _(
            "The service cannot write its data or files right now; nothing was changed. "
            "Try again later."
        ),
        503,
    ),
}


def _joined(*blocks: dict[str, CatalogueEntry]) -> dict[str, CatalogueEntry]:
    catalogue: dict[str, CatalogueEntry] = {}
    for block in blocks:
        clashes = catalogue.keys() & block.keys()
        assert not clashes, f"error codes defined twice: {sorted(clashes)}"
        catalogue.update(block)
    return catalogue


CATALOGUE: dict[str, CatalogueEntry] = _joined(
    _GENERAL,
    ACCOUNTS_CATALOGUE,
    SHIPMENTS_CATALOGUE,
    DOCUMENTS_CATALOGUE,
    ENS_CATALOGUE,
    DECLARATION_CATALOGUE,
    ORIGIN_CATALOGUE,
    REFERENCE_CATALOGUE,
    NETWORK_CATALOGUE,
    BOOKINGS_CATALOGUE,
    TRACKING_CATALOGUE,
    COMPLIANCE_CATALOGUE,
)


@dataclass(frozen=True)
class Problem:
    code: str
    severity: Severity
    path: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {
            "code": self.code,
            "severity": str(self.severity),
            "path": self.path,
            "message": self.message,
        }


# Each code's message translated once per language: a 200-line shipment's page builds
# ~1,000 problems, and translating the same lazy message each time was ~4 ms of it.
# Emptied when Django empties its own translations (a test changing the languages).
_MESSAGES: dict[tuple[str, str | None], str] = {}


def _on_setting_changed(*, setting: str, **kwargs: Any) -> None:
    if setting in {"INSTALLED_APPS", "LANGUAGE_CODE", "LANGUAGES", "LOCALE_PATHS"}:
        _MESSAGES.clear()


setting_changed.connect(_on_setting_changed)


def problem(
    code: str, *, path: str = "", severity: Severity | None = None, **params: Any
) -> Problem:
    """Build a Problem from the catalogue, its message rendered in the active language."""
    return Problem(
        code=code,
        severity=severity or CATALOGUE[code].severity,
        path=path,
        message=_message(code).format(**params),
    )


def problems_of(code: str, *, severity: Severity | None = None) -> Callable[..., Problem]:
    """``problem`` for many findings of one code: the message looked up once, in the
    language active now (a rule flagging 10,000 lines saves 0.05 s)."""
    template, level = _message(code), severity or CATALOGUE[code].severity

    def make(*, path: str = "", **params: Any) -> Problem:
        return Problem(code=code, severity=level, path=path, message=template.format(**params))

    return make


def _message(code: str) -> str:
    """The code's message in the active language (a lazy message is looked up again at
    each use, 4-5 µs)."""
    key = (code, get_language())
    message = _MESSAGES.get(key)
    if message is None:
        message = _MESSAGES[key] = str(CATALOGUE[code].message)
    return message


class ProblemError(Exception):
    """Input was refused; carries the problems that say why."""

    def __init__(self, *problems: Problem, status: int | None = None) -> None:
        if not problems:
            raise ValueError("ProblemError needs at least one problem")
        self.problems = list(problems)
        self.status = status or CATALOGUE[problems[0].code].http_status
        super().__init__("; ".join(f"{p.path or '-'}: {p.code}" for p in problems))

    @classmethod
    def of(cls, code: str, *, path: str = "", **params: Any) -> ProblemError:
        return cls(problem(code, path=path, **params))


class StaleVersionError(ProblemError):
    """A save named an older version of a record than the stored one (optimistic
    concurrency): refused with STALE_VERSION, carrying the record as it is stored now so
    that the answer can show it. ``current`` is that record as the API renders it, set by
    the endpoint that knows its shape."""

    def __init__(self, record: Any) -> None:
        super().__init__(problem("STALE_VERSION", path="version"))
        self.record = record
        self.current: dict[str, Any] | None = None


def errors_only(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == Severity.ERROR]


def add_problems_to_form(form: Any, problems: list[Problem]) -> None:
    """Show problems on a Django form: on the field their path names, else above the form."""
    for found in problems:
        field = found.path if found.path in form.fields else None
        form.add_error(field, found.message)


logger = logging.getLogger(__name__)


@contextmanager
def render_failure_is_a_finding(document: str | Promise) -> Iterator[None]:
    """Around a renderer (PDF, XML, xlsx): stored data it cannot write becomes a 409 finding
    (RENDER_FAILED) instead of a 500. Usable as a decorator too.

    Writes refuse such data (``cloudcabin.fields``), but rows written before, or around the
    services, must not take a page or a train's manifest down for everyone.
    """
    try:
        yield
    except (ProblemError, Http404):
        raise
    except Exception as exc:
        logger.exception("rendering the %s failed", document)
        detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise ProblemError.of("RENDER_FAILED", document=str(document), detail=detail) from exc
