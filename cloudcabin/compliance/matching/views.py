"""The operator agents' "screen a name" page: an ad-hoc screening, nothing stored."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.accounts.views import member_required
from cloudcabin.compliance.matching import PartyQuery, identifier_key, name_key, screen
from cloudcabin.compliance.matching.normalize import MAX_NAME_LENGTH
from cloudcabin.compliance.matching.selectors import cite
from cloudcabin.errors import problem
from cloudcabin.fields import first_text_problem

SCHEMES = ("USCC", "INN", "OGRN", "BIN", "LEI", "IMO", "PASSPORT", "NATIONAL_ID", "OTHER")


class ScreenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=MAX_NAME_LENGTH, required=False)
    scheme = forms.ChoiceField(
        label=_("Identifier type"), choices=[(s, s) for s in SCHEMES], required=False
    )
    number = forms.CharField(label=_("Identifier"), max_length=100, required=False)
    country = forms.CharField(label=_("Country (ISO code)"), max_length=2, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for field in ("name", "number", "country"):
            found = first_text_problem(cleaned.get(field, ""), field)
            if found is not None:
                self.add_error(field, found.message)
        usable = name_key(cleaned.get("name", "")) or identifier_key(cleaned.get("number", ""))
        if not self.errors and not usable:
            self.add_error("name", problem("SCREENING_QUERY_NAME_EMPTY").message)
        return cleaned


@member_required
def screen_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    if not actor.is_operator_staff:
        raise Http404
    form = ScreenForm(request.GET or None)
    candidates = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        number = data["number"].strip()
        identifiers = {data["scheme"] or "OTHER": number} if number else {}
        query = PartyQuery(
            name=data["name"], identifiers=identifiers, country=data["country"].upper()
        )
        candidates = cite(screen(query))
    return render(request, "compliance/screen.html", {"form": form, "candidates": candidates})
