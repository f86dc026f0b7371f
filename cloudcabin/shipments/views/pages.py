"""Pages: the shipment list, a new shipment, the shipment page and its frozen revisions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cloudcabin import memo
from cloudcabin.accounts.tenancy import Actor
from cloudcabin.accounts.views import member_required
from cloudcabin.errors import ProblemError, StaleVersionError
from cloudcabin.network.journey import has_route, journey_of
from cloudcabin.network.selectors import route_map
from cloudcabin.reference.codes import container_choices
from cloudcabin.shipments import selectors, services
from cloudcabin.shipments.forms import (
    PARTY_LABELS,
    ContainerForm,
    ShipmentFilterForm,
    ShipmentForm,
)
from cloudcabin.shipments.models import GoodsLine, Party, Shipment
from cloudcabin.shipments.sharing import selectors as sharing_selectors
from cloudcabin.shipments.views import sharing
from cloudcabin.shipments.views.common import (
    add_problems,
    line_rows,
    page_findings,
    panel,
    require_writer,
    show_derived_values,
    stale_page,
)
from cloudcabin.tracking.views.links import shipment_links_context

PAGE_SIZE = 50
# The columns of a frozen revision's lines table.
REVISION_LINE_COLUMNS = [
    "line_no",
    "hs_code",
    "national_code",
    "description_en",
    "description_zh",
    "quantity",
    "unit",
    "net_kg",
    "gross_kg",
    "packages",
    "unit_price",
    "amount",
    "origin_country",
]


@member_required
def shipment_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    filters = ShipmentFilterForm(request.GET or None)
    wanted = filters.cleaned_data if filters.is_valid() else {}
    # Its own shipments and those shared with it, marked "inbound" or "shared by …".
    found = selectors.shipments_visible_to(
        actor.organization,
        search=wanted.get("search", ""),
        direction=wanted.get("direction", ""),
        destination=wanted.get("destination", ""),
    ).order_by("-created_at", "-id")  # Meta.ordering does not survive the annotation
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "shipments/list.html",
        {"filters": filters, "page": page, "query": query.urlencode()},
    )


@member_required
def shipment_new(request: HttpRequest, actor: Actor) -> HttpResponse:
    require_writer(actor)
    parties = list(selectors.parties_of(actor.organization))
    form = ShipmentForm(request.POST or None, parties=parties)
    if request.method == "POST" and form.is_valid():
        try:
            shipment = services.create_shipment(actor=actor, **form.all_fields())
        except ProblemError as exc:
            add_problems(form, exc.problems)
        else:
            messages.success(request, _("Shipment %(reference)s created.") % vars(shipment))
            return redirect("shipments:detail", shipment.pk)
    return render(request, "shipments/new.html", {"form": form})


@member_required
def shipment_detail(request: HttpRequest, actor: Actor, shipment_id: int) -> HttpResponse:
    """The shipment page; a POST saves the header form. An organization the shipment is
    shared with reads it (read-only page); its POST is a 404, as a stranger's."""
    if request.method != "POST":
        shipment = selectors.get_visible_shipment(actor.organization, shipment_id)
        if shipment.organization_id != actor.organization.pk:
            return sharing.render_shared(request, actor, shipment)
        return render_detail(request, actor, shipment)
    shipment = selectors.get_shipment(actor.organization, shipment_id)
    require_writer(actor)
    parties = list(selectors.parties_of(actor.organization))
    form = ShipmentForm(
        request.POST,
        initial=ShipmentForm.initial_for(shipment),
        parties=parties,
        route_planned=has_route(shipment.route_option),
        direction_from_route=selectors.route_direction(shipment.route_option) is not None,
    )
    if form.is_valid():
        try:
            services.update_shipment(
                actor=actor,
                shipment_id=shipment.pk,
                expected_version=form.cleaned_data.get("version"),
                **form.changed_fields(),
            )
        except StaleVersionError as exc:
            # Someone saved the header meanwhile: show theirs, with why nothing was saved.
            return stale_page(
                request,
                exc,
                lambda: render_detail(
                    request, actor, selectors.get_shipment(actor.organization, shipment.pk)
                ),
            )
        except ProblemError as exc:
            add_problems(form, exc.problems)
        else:
            messages.success(request, _("Shipment saved."))
            return redirect("shipments:detail", shipment.pk)
    return render_detail(request, actor, shipment, header_form=form, parties=parties)


@memo.reading()
def render_detail(
    request: HttpRequest,
    actor: Actor,
    shipment: Shipment,
    *,
    header_form: ShipmentForm | None = None,
    parties: list[Party] | None = None,
    new_container_form: ContainerForm | None = None,
    container_form: tuple[int, BaseForm] | None = None,
) -> HttpResponse:
    """The shipment page in a fixed number of queries, whatever the number of lines.

    It changes no record, so what two of its parts both ask is read once (``memo``)."""
    view = selectors.shipment_view(shipment)
    problems, ready = page_findings(shipment, view)
    if header_form is None:
        header_form = ShipmentForm(
            initial=ShipmentForm.initial_for(shipment),
            parties=parties if parties is not None else selectors.parties_of(actor.organization),
            route_planned=has_route(shipment.route_option),
            direction_from_route=selectors.route_direction(shipment.route_option) is not None,
        )
    show_derived_values(header_form, ready)
    # The container forms' size-type choices, made once for all of them.
    size_types = container_choices()
    containers = []
    for index, container in enumerate(view.containers):
        form: BaseForm = ContainerForm(
            initial=ContainerForm.initial_for(container),
            auto_id=f"f-containers-{index}-%s",
            size_types=size_types,
        )
        if container_form is not None and container_form[0] == container.pk:
            form = container_form[1]
        stowed = [s for s in view.stowage if s.container == container.number]
        containers.append({"index": index, "container": container, "form": form, "stowed": stowed})
    context: dict[str, Any] = {
        "shipment": shipment,
        "header_form": header_form,
        "rows": line_rows(view, problems, ready),
        "containers": containers,
        "new_container_form": new_container_form
        or ContainerForm(auto_id="new-container-%s", size_types=size_types),
        "revisions": selectors.revisions_of(shipment, snapshots=False),
        "route_map": route_map(shipment.route_option) if has_route(shipment.route_option) else "",
        "journey": journey_of(shipment.route_option) if has_route(shipment.route_option) else None,
        "can_write": actor.can_write,
        "shared_with": sharing_selectors.live_shares_of(shipment),
        **panel(view, problems),
        **shipment_links_context(request, actor, shipment),
    }
    return render(request, "shipments/detail.html", context)


@member_required
def shipment_from_quote(request: HttpRequest, actor: Actor, reference: str) -> HttpResponse:
    """POST: a draft shipment from a saved quote (places, route, border crossings)."""
    if request.method != "POST":
        return redirect("network:quote_detail", reference)
    require_writer(actor)
    try:
        shipment = services.create_shipment_from_quote(actor=actor, quote_reference=reference)
    except ProblemError as exc:
        for found in exc.problems:
            messages.error(request, found.message)
        return redirect("network:quote_detail", reference)
    messages.success(request, _("Draft shipment created from quote %(ref)s.") % {"ref": reference})
    return redirect("shipments:detail", shipment.pk)


@member_required
def shipment_route(request: HttpRequest, actor: Actor, shipment_id: int) -> HttpResponse:
    """POST: plan the route between origin and destination (fastest), or drop it."""
    shipment = selectors.get_shipment(actor.organization, shipment_id)
    if request.method != "POST":
        return redirect("shipments:detail", shipment.pk)
    require_writer(actor)
    try:
        if request.POST.get("action") == "clear":
            services.clear_shipment_route(actor=actor, shipment_id=shipment.pk)
            messages.success(request, _("The planned route was removed."))
        else:
            services.plan_shipment_route(actor=actor, shipment_id=shipment.pk)
            messages.success(request, _("Route planned."))
    except ProblemError as exc:
        for found in exc.problems:
            messages.error(request, found.message)
    return redirect(reverse("shipments:detail", args=[shipment.pk]) + "#route")


@member_required
def revision_detail(
    request: HttpRequest, actor: Actor, shipment_id: int, number: int
) -> HttpResponse:
    shipment = selectors.get_shipment(actor.organization, shipment_id)
    revision = selectors.revision(shipment, number)
    snapshot: dict[str, Any] = revision.snapshot
    header = [
        (_label(Shipment, name), _shown(Shipment, name, value))
        for name, value in snapshot.get("shipment", {}).items()
        if name not in {"id", "revision"} and value not in (None, "", [])
    ]
    parties = [
        (PARTY_LABELS.get(role, role), party)
        for role, party in snapshot.get("parties", {}).items()
        if party
    ]
    lines = [
        [_shown(GoodsLine, name, line.get(name)) for name in REVISION_LINE_COLUMNS]
        for line in snapshot.get("lines", [])
    ]
    return render(
        request,
        "shipments/revision.html",
        {
            "shipment": shipment,
            "revision": revision,
            "header": header,
            "parties": parties,
            "line_columns": [_label(GoodsLine, name) for name in REVISION_LINE_COLUMNS],
            "lines": lines,
            "containers": snapshot.get("containers", []),
            "stowage": snapshot.get("stowage", []),
        },
    )


def _shown(model: type[Shipment] | type[GoodsLine], name: str, value: Any) -> Any:
    """A frozen value as the reader reads it: a choice by its label in their language, a
    yes/no as a word, a list joined, the planned route by its summary."""
    if isinstance(value, list):
        return ", ".join(str(_shown(model, name, item)) for item in value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dict):  # the planned route, frozen whole: its summary names it
        return value.get("summary") or "—"
    try:
        choices = dict(model._meta.get_field(name).flatchoices)  # type: ignore[union-attr]
    except (FieldDoesNotExist, AttributeError):
        return value
    return choices.get(value, value)


def _label(model: type[Shipment] | type[GoodsLine], name: str) -> str:
    try:
        return str(getattr(model._meta.get_field(name), "verbose_name", name))
    except FieldDoesNotExist:
        return name
