from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from cloudcabin.fields import IsoDateInput, PrintableTextForm
from cloudcabin.network.models import EnquiryStatus, Mode, Objective, SizeType
from cloudcabin.network.route_checks import clean_hs_codes
from cloudcabin.network.services import ENQUIRY_LIMITS, QuoteSearch
from cloudcabin.widgets import ConfirmingSelect

AVOIDABLE_COUNTRIES = [
    ("RU", _("Russia")),
    ("BY", _("Belarus")),
    ("UA", _("Ukraine")),
    ("IR", _("Iran")),
    ("MN", _("Mongolia")),
]
AVOIDABLE_MODES = [(mode, mode.label) for mode in (Mode.SEA, Mode.FERRY, Mode.ROAD)]


def default_ready_date() -> date:
    return date.today() + timedelta(days=7)


class QuoteForm(PrintableTextForm, forms.Form):
    origin = forms.CharField(label=_("From"), max_length=100)
    destination = forms.CharField(label=_("To"), max_length=100)
    container_count = forms.IntegerField(
        label=_("Containers"), min_value=1, max_value=100, initial=1
    )
    size_type = forms.ChoiceField(label=_("Size"), choices=SizeType.choices, initial="40")
    ready_date = forms.DateField(
        label=_("Ready on"),
        initial=default_ready_date,
        widget=IsoDateInput(),
    )
    objective = forms.ChoiceField(
        label=_("Rank by"), choices=Objective.choices, initial=Objective.FASTEST
    )
    avoid_countries = forms.MultipleChoiceField(
        label=_("Avoid transit through"),
        choices=AVOIDABLE_COUNTRIES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    avoid_modes = forms.MultipleChoiceField(
        label=_("Avoid modes"),
        choices=AVOIDABLE_MODES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    via = forms.CharField(label=_("Via (optional)"), max_length=100, required=False)
    # The goods, to mark the options they may not travel (checked by compliance).
    hs_codes = forms.CharField(
        label=_("HS codes of the goods (optional)"),
        max_length=200,
        required=False,
        help_text=_("Routes the goods may not travel are marked, e.g. 8542.31, 8482.10"),
    )
    max_transshipments = forms.IntegerField(
        label=_("At most this many transshipments"), min_value=0, max_value=20, required=False
    )

    def clean_hs_codes(self) -> list[str]:
        """ "8542.31, 8482 10" → ["854231", "848210"]."""
        typed = unicodedata.normalize("NFKC", self.cleaned_data["hs_codes"])
        try:
            return clean_hs_codes(re.split(r"[,;\s]+(?=[0-9]{4})|[,;]", typed))
        except ValueError:
            raise forms.ValidationError(
                _("Give HS codes of 4 to 10 digits, separated by commas.")
            ) from None

    def search(self) -> QuoteSearch:
        data = self.cleaned_data
        return QuoteSearch(
            origin=data["origin"],
            destination=data["destination"],
            container_count=data["container_count"],
            size_type=data["size_type"],
            ready_date=data["ready_date"],
            objective=data["objective"],
            avoid_countries=tuple(data["avoid_countries"]),
            avoid_modes=tuple(data["avoid_modes"]),
            via=data.get("via") or "",
            max_transshipments=data.get("max_transshipments"),
        )


class EnquiryForm(PrintableTextForm, forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=ENQUIRY_LIMITS["name"])
    company = forms.CharField(
        label=_("Company"), max_length=ENQUIRY_LIMITS["company"], required=False
    )
    email = forms.EmailField(label=_("E-mail"), max_length=ENQUIRY_LIMITS["email"], required=False)
    phone = forms.CharField(label=_("Phone"), max_length=ENQUIRY_LIMITS["phone"], required=False)
    message = forms.CharField(
        label=_("Message"),
        max_length=ENQUIRY_LIMITS["message"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # The honeypot: hidden from people by CSS, filled by robots.
    website = forms.CharField(label=_("Leave this empty"), required=False)


class EnquiryUpdateForm(PrintableTextForm, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=EnquiryStatus.choices,
        widget=ConfirmingSelect(
            confirm={
                EnquiryStatus.LOST: _(
                    "Close this enquiry as lost? Nobody follows it up any more; "
                    "to reopen it, change its status again."
                )
            }
        ),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
