"""Page fragment: the HS suggestions under a goods line's HS field (htmx)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.accounts.views import member_required
from cloudcabin.compliance.hs.service import suggest_hs
from cloudcabin.errors import ProblemError


@require_GET
@member_required
def hs_suggestions(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Five candidates for the line's descriptions (English and Chinese, joined), each
    with a button that puts its codes into the line (``for``: the line's field-id prefix)."""
    text = " | ".join(
        value.strip()
        for value in (request.GET.get("description_en", ""), request.GET.get("description_zh", ""))
        if value.strip()
    ) or request.GET.get("text", "")
    context: dict[str, object] = {"target": request.GET.get("for", ""), "problems": []}
    try:
        context["found"] = suggest_hs(text, request.GET.get("language", ""), actor.organization)
    except ProblemError as exc:
        context["problems"] = [problem.message for problem in exc.problems]
    return render(request, "compliance/hs/suggestions.html", context)
