"""Pages: the public quote page with its htmx fragment, contact, saved quotes, enquiries."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cloudcabin.accounts.tenancy import Actor, get_for_org_or_404
from cloudcabin.accounts.views import member_required
from cloudcabin.errors import ProblemError, add_problems_to_form
from cloudcabin.network import selectors, services
from cloudcabin.network.api import ENQUIRY_RATE, SEARCH_RATE
from cloudcabin.network.forms import AVOIDABLE_COUNTRIES, EnquiryForm, EnquiryUpdateForm, QuoteForm
from cloudcabin.network.labels import localized
from cloudcabin.network.mapsvg import route_svg
from cloudcabin.network.models import EnquiryStatus, Quote
from cloudcabin.network.presenters import INDICATIVE, option_to_dict
from cloudcabin.network.ratelimit import client_key, enforce
from cloudcabin.network.route_checks import RouteMark, marks_for

SUGGEST_LIMIT = 10
SEARCH_FIELDS = (
    "origin", "destination", "container_count", "size_type", "ready_date", "objective",
    "avoid_countries", "avoid_modes", "via", "max_transshipments", "hs_codes",
)  # fmt: skip


def _search_context(request: HttpRequest, form: QuoteForm) -> dict[str, Any]:
    """Run the search of a bound form: options with their maps, or the problems."""
    context: dict[str, Any] = {"form": form, "indicative": INDICATIVE, "searched": True}
    if not form.is_valid():
        return context
    try:
        enforce(request, scope="route-search", limit=SEARCH_RATE[0], window_seconds=SEARCH_RATE[1])
        _found, options = selectors.search_routes(**form.search().as_kwargs())
    except ProblemError as exc:
        add_problems_to_form(form, exc.problems)
        context["problems"] = exc.problems
        return context
    coordinates = selectors.node_coordinates()
    rows = [option_to_dict(option) for option in options]
    marks = marks_for(form.cleaned_data["hs_codes"], rows, form.cleaned_data["ready_date"])
    context["options"] = [
        {**localized(row), "svg": route_svg(row, coordinates), **_marked(request, found)}
        for row, found in zip(rows, marks, strict=True)
    ]
    context["search_params"] = _search_params(request.GET)
    return context


def _marked(request: HttpRequest, marks: list[RouteMark]) -> dict[str, Any]:
    """An option's marks for the goods quoted, and the search that avoids what blocks it
    (when the form offers to avoid those countries)."""
    blocking = [mark for mark in marks if mark.blocking]
    avoid = sorted({country for mark in blocking for country in mark.avoid})
    resolve_url = ""
    if blocking and avoid and set(avoid) <= {code for code, _label in AVOIDABLE_COUNTRIES}:
        query = request.GET.copy()
        query.setlist("avoid_countries", sorted({*query.getlist("avoid_countries"), *avoid}))
        resolve_url = f"{reverse('network:quote')}?{query.urlencode()}"
    return {
        "marks": marks,
        "restricted": bool(blocking),
        "avoid": avoid,
        "resolve_url": resolve_url,
    }


def _search_params(data: QueryDict) -> list[tuple[str, str]]:
    """The search fields as (name, value) pairs, for hidden inputs in the option forms."""
    return [(name, value) for name in SEARCH_FIELDS for value in data.getlist(name)]


def quote(request: HttpRequest) -> HttpResponse:
    """The public quote page; a GET with origin and destination also shows the options."""
    if "origin" in request.GET:
        context = _search_context(request, QuoteForm(request.GET))
    else:
        context = {"form": QuoteForm(), "indicative": INDICATIVE}
    context["enquiry_form"] = EnquiryForm()
    template = "network/_options.html" if request.htmx else "network/quote.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def places_suggest(request: HttpRequest) -> HttpResponse:
    """Autocomplete over the network's own places (public: the network is no secret)."""
    field = request.GET.get("field", "")
    text = (request.GET.get("q") or request.GET.get(field, "")).strip()
    if len(text) < 2:
        return HttpResponse("")
    network = selectors.current_network()
    code = "".join(text.split()).upper()
    by_code = [node for node in network.nodes.values() if node.locode.startswith(code)]
    named = selectors.match_nodes(text, network)
    hits = list({node.locode: node for node in [*named, *by_code]}.values())[:SUGGEST_LIMIT]
    options = [
        {"value": node.locode, "label": f"{node.name} ({node.country})", "label_zh": node.name_zh}
        for node in hits
    ]
    return render(request, "reference/widgets/options.html", {"options": options})


def contact(request: HttpRequest) -> HttpResponse:
    """“Leave your information and we will contact you”, with the quoted option if any."""
    form = EnquiryForm(request.POST or None)
    quote_form = QuoteForm(request.POST) if request.POST.get("origin") else None
    if request.method == "POST":
        try:
            # Every attempt counts, valid or not, so a flood cannot probe for free.
            enforce(request, scope="enquiry", limit=ENQUIRY_RATE[0], window_seconds=ENQUIRY_RATE[1])
        except ProblemError as exc:
            add_problems_to_form(form, exc.problems)
            return render(request, "network/contact.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["website"]:
                return render(request, "network/contact_thanks.html", {"reference": None})
            if quote_form is not None and not quote_form.is_valid():
                quote_form = None  # the contact details still count
            data = form.cleaned_data
            enquiry = services.create_enquiry(
                name=data["name"],
                company=data["company"],
                email=data["email"],
                phone=data["phone"],
                message=data["message"],
                search=quote_form.search() if quote_form else None,
                rank=int(request.POST.get("rank") or 1),
                client_key=client_key(request),
            )
        except ProblemError as exc:
            add_problems_to_form(form, exc.problems)
            return render(request, "network/contact.html", {"form": form}, status=400)
        return render(request, "network/contact_thanks.html", {"reference": enquiry.reference})
    status = 400 if request.method == "POST" else 200
    return render(request, "network/contact.html", {"form": form}, status=status)


@require_POST
@member_required
def save_quote(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = QuoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The search could not be read; search again."))
        return redirect("network:quote")
    try:
        saved = services.save_quote(
            actor=actor, search=form.search(), rank=int(request.POST.get("rank") or 1)
        )
    except ProblemError as exc:
        for found in exc.problems:
            messages.error(request, found.message)
        return redirect("network:quote")
    messages.success(request, _("Quote %(reference)s saved.") % {"reference": saved.reference})
    return redirect("network:quote_detail", reference=saved.reference)


@member_required
def quotes(request: HttpRequest, actor: Actor) -> HttpResponse:
    return render(
        request, "network/quotes.html", {"quotes": selectors.quotes_of(actor.organization)[:100]}
    )


@member_required
def quote_detail(request: HttpRequest, actor: Actor, reference: str) -> HttpResponse:
    saved = get_for_org_or_404(Quote.objects.all(), actor.organization, reference=reference)
    svg = route_svg(saved.option, selectors.node_coordinates())
    option = {**localized(saved.option), "svg": svg}
    return render(request, "network/quote_detail.html", {"quote": saved, "option": option})


def _agent_or_404(request: HttpRequest) -> Any:
    if not selectors.is_operator_agent(request.user):
        raise Http404
    return request.user


@login_required
def enquiries(request: HttpRequest) -> HttpResponse:
    agent = _agent_or_404(request)
    status = request.GET.get("status", "")
    return render(
        request,
        "network/enquiries.html",
        {
            "enquiries": selectors.enquiries_for(agent, status)[:200],
            "statuses": EnquiryStatus.choices,
            "status": status,
        },
    )


@login_required
def enquiry_detail(request: HttpRequest, enquiry_id: int) -> HttpResponse:
    agent = _agent_or_404(request)
    enquiry = selectors.enquiry_for_agent_or_404(agent, enquiry_id)
    form = EnquiryUpdateForm(
        request.POST or None, initial={"status": enquiry.status, "notes": enquiry.notes}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_enquiry(user=agent, enquiry_id=enquiry.pk, **form.cleaned_data)
        except ProblemError as exc:
            add_problems_to_form(form, exc.problems)
        else:
            messages.success(request, _("Enquiry updated."))
            return redirect("network:enquiry_detail", enquiry_id=enquiry.pk)
    return render(
        request,
        "network/enquiry_detail.html",
        {"enquiry": enquiry, "form": form, "events": enquiry.events.select_related("actor")},
    )
