"""Pages: the organization's address book (parties chosen on shipments)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cloudcabin.accounts.tenancy import Actor, get_for_org_or_404
from cloudcabin.accounts.views import member_required
from cloudcabin.errors import ProblemError, StaleVersionError
from cloudcabin.shipments import selectors, services
from cloudcabin.shipments.forms import PartyForm
from cloudcabin.shipments.models import Party
from cloudcabin.shipments.views.common import (
    add_problems,
    refuse_if_denied,
    require_writer,
    stale_page,
)


@member_required
def party_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The address book; a POST adds a party."""
    form = PartyForm(request.POST or None)
    if request.method == "POST":
        require_writer(actor)
        if form.is_valid():
            try:
                party = services.save_party(actor=actor, **form.party_fields())
            except ProblemError as exc:
                refuse_if_denied(exc)
                add_problems(form, exc.problems)
            else:
                messages.success(request, _("%(name)s added to the address book.") % _name(party))
                return redirect("shipments:parties")
    return render(
        request,
        "shipments/parties.html",
        {
            "form": form,
            "parties": selectors.parties_of(actor.organization),
            "can_write": actor.can_write,
        },
    )


@member_required
def party_edit(request: HttpRequest, actor: Actor, party_id: int) -> HttpResponse:
    party = get_for_org_or_404(
        selectors.parties_of(actor.organization), actor.organization, pk=party_id
    )
    form = PartyForm(request.POST or None, instance=party)
    if request.method == "POST":
        require_writer(actor)
        if form.is_valid():
            try:
                services.save_party(
                    actor=actor,
                    party_id=party.pk,
                    expected_version=form.cleaned_data["version"],
                    **form.party_fields(),
                )
            except StaleVersionError as exc:
                # Someone saved the party meanwhile: the form again, with what is stored now.
                stored = selectors.parties_of(actor.organization).get(pk=party.pk)
                fresh = PartyForm(instance=stored)
                return stale_page(request, exc, lambda: _edit_page(request, actor, stored, fresh))
            except ProblemError as exc:
                refuse_if_denied(exc)
                add_problems(form, exc.problems)
            else:
                messages.success(request, _("%(name)s saved.") % _name(party))
                return redirect("shipments:parties")
    return _edit_page(request, actor, party, form)


def _edit_page(request: HttpRequest, actor: Actor, party: Party, form: PartyForm) -> HttpResponse:
    return render(
        request,
        "shipments/party_edit.html",
        {"form": form, "party": party, "can_write": actor.can_write},
    )


def _name(party: Party) -> dict[str, str]:
    return {"name": party.name_latin}
