"""The shape of an entry in the one catalogue of error codes (``cloudcabin.errors``).

Each domain keeps its codes in ``<app>/errors.py`` (a dict of these entries) and
``cloudcabin.errors`` joins them. The entry lives here, in a module that imports nothing of
the project, so that a domain's codes can be imported first or last without a cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class CatalogueEntry:
    severity: Severity
    message: Promise  # a lazy, translatable template with {named} placeholders
    http_status: int = 400
