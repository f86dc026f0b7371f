"""Pages: the reference search demo and the htmx autocomplete fragments."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cloudcabin.errors import ProblemError
from cloudcabin.reference import selectors
from cloudcabin.reference.declared_elements import posted_elements

SUGGEST_LIMIT = 10


def _query(request: HttpRequest) -> str:
    """The typed text: ``q``, or the field named by ``field`` (the widget's input name)."""
    field = request.GET.get("field", "")
    return request.GET.get("q") or (request.GET.get(field, "") if field else "")


@login_required
def search(request: HttpRequest) -> HttpResponse:
    return render(request, "reference/search.html")


@login_required
def hs_suggest(request: HttpRequest) -> HttpResponse:
    try:
        hits = selectors.search_hs(_query(request), SUGGEST_LIMIT)
    except ProblemError:  # too short: show nothing while the user is still typing
        return HttpResponse("")
    options = [
        {"value": hit.code, "label": hit.description, "label_zh": hit.name_zh} for hit in hits
    ]
    return render(request, "reference/widgets/options.html", {"options": options})


@login_required
def places_suggest(request: HttpRequest) -> HttpResponse:
    try:
        hits = selectors.search_places(_query(request), SUGGEST_LIMIT)
    except ProblemError:
        return HttpResponse("")
    options = [
        {
            "value": hit.locode,
            "label": f"{hit.name} ({'-'.join(filter(None, [hit.country, hit.subdivision]))})",
            "label_zh": "",
        }
        for hit in hits
    ]
    return render(request, "reference/widgets/options.html", {"options": options})


@login_required
def declared_elements(request: HttpRequest) -> HttpResponse:
    """The declared-elements block of goods line ``row`` for the chosen ``national_code``,
    filled from what the block held (its inputs, or the free text)."""
    params = request.GET
    text = posted_elements(params) if params.get("de_form") else params.get("declared_elements", "")
    row = params.get("row", "")
    context = {
        "i": int(row) if row.isdigit() else 0,
        "code": params.get("national_code") or params.get("code", ""),
        "text": text,
    }
    return render(request, "reference/widgets/declared_elements.html", context)
