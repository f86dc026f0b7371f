"""The accounts app's error codes (companies, members, identifiers), one block of the one
catalogue (``cloudcabin.errors``).

Keep each block sorted by code; add, never rename.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cloudcabin.catalogue import CatalogueEntry, Severity

E, W = Severity.ERROR, Severity.WARNING

ACCOUNTS_CATALOGUE: dict[str, CatalogueEntry] = {
    # accounts
    "ALREADY_MEMBER": CatalogueEntry(E, _("This person is already a member."), 409),
    "COUNTRY_UNKNOWN": CatalogueEntry(E, _("“{value}” is not an ISO 3166 country code.")),
    "EMAIL_TAKEN": CatalogueEntry(E, _("An account with this e-mail address already exists.")),
    "EORI_INVALID": CatalogueEntry(E, _("“{value}” is not an EORI number: {reason}")),
    "EORI_NOT_EU": CatalogueEntry(W, _("EORI numbers are issued by EU member states.")),
    "IDENTIFIER_NOT_ASKED": CatalogueEntry(
        E, _("Companies of the chosen country do not give this identifier.")
    ),
    "IDENTIFIER_REQUIRED": CatalogueEntry(E, _("Companies of the chosen country must give this.")),
    "INVITATION_INVALID": CatalogueEntry(E, _("This invitation is unknown, used or expired.")),
    "INVITATION_OTHER_EMAIL": CatalogueEntry(
        E, _("This invitation is for {email}: sign in with that address to accept it."), 403
    ),
    "LAST_OWNER": CatalogueEntry(E, _("An organization must keep at least one owner."), 409),
    "ROLE_NOT_GRANTABLE": CatalogueEntry(
        E, _("The role “{role}” is for the operator's own staff, not for a customer company.")
    ),
    "USCC_CHECK_DIGIT": CatalogueEntry(
        W,
        _(
            "The check character of “{value}” does not match GB 32100 (expected {expected}). "
            "Some early codes are legal yet fail it: confirm to keep it."
        ),
    ),
    "USCC_INVALID": CatalogueEntry(E, _("“{value}” is not a Unified Social Credit Code: {reason}")),
    "USCC_NOT_CN": CatalogueEntry(E, _("A Unified Social Credit Code belongs to a Chinese party.")),
    "VAT_INVALID": CatalogueEntry(E, _("“{value}” is not a valid EU VAT number: {reason}")),
}
