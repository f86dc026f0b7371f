"""Pages: the agents' review queue, one hit with its decisions, and the decision itself."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.accounts.views import member_required
from cloudcabin.compliance.models import HitStatus, ScreeningHit
from cloudcabin.compliance.screening import selectors, services
from cloudcabin.compliance.screening.forms import DecisionForm, QueueFilterForm
from cloudcabin.errors import ProblemError, add_problems_to_form

QUEUE_LIMIT = 200


@member_required
def queue(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The current hits on the parties of the agent's customers, open ones by default."""
    selectors.require_reviewer(actor)
    form = QueueFilterForm(request.GET or None)
    status = HitStatus.OPEN.value
    if form.is_valid() and form.cleaned_data["status"]:
        status = form.cleaned_data["status"]
    hits = selectors.review_queue(actor, "" if status == "all" else status)
    return render(
        request,
        "compliance/queue.html",
        {"form": form, "status": status, "hits": list(hits[:QUEUE_LIMIT]), "limit": QUEUE_LIMIT},
    )


@member_required
def hit_detail(request: HttpRequest, actor: Actor, hit_id: int) -> HttpResponse:
    selectors.require_reviewer(actor)
    hit = selectors.hit_for(actor, hit_id)
    return _render_hit(request, hit, DecisionForm())


def _render_hit(
    request: HttpRequest, hit: ScreeningHit, form: DecisionForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "compliance/hit.html",
        {
            "hit": hit,
            "form": form,
            "events": selectors.events_of(hit),
            "shipments": list(selectors.shipments_naming(hit)[:50]),
            "identifiers": sorted(services.identifiers_of(hit.party).items()),
        },
        status=status,
    )


@require_POST
@member_required
def decide(request: HttpRequest, actor: Actor, hit_id: int) -> HttpResponse:
    selectors.require_reviewer(actor)
    hit = selectors.hit_for(actor, hit_id)
    form = DecisionForm(request.POST)
    form.is_valid()  # both fields are optional to the form: the service says what is missing
    data = form.cleaned_data
    try:
        services.decide(
            actor=actor,
            hit_id=hit.pk,
            decision=data.get("decision") or "",
            reason=data.get("reason") or "",
        )
    except ProblemError as exc:
        add_problems_to_form(form, exc.problems)
        return _render_hit(request, hit, form, status=exc.status)
    messages.success(request, _("Decision saved."))
    return redirect("compliance:queue")
