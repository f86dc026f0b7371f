"""Endpoints of the shipment page: goods lines (htmx fragments), containers and stowage."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_htmx.http import reswap, retarget

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.accounts.views import member_required
from cloudcabin.errors import Problem, ProblemError, StaleVersionError
from cloudcabin.shipments import selectors, services
from cloudcabin.shipments.forms import ContainerForm, LineForm, StowForm
from cloudcabin.shipments.inputs import LINE_FIELDS
from cloudcabin.shipments.models import GoodsLine, Shipment
from cloudcabin.shipments.views.common import (
    Conflict,
    LineRow,
    add_problems,
    form_field_for,
    line_rows,
    page_findings,
    panel,
    refuse_if_denied,
    stale_page,
    write_only,
)
from cloudcabin.shipments.views.pages import render_detail

# --- goods lines: a compact row per line; one line at a time opens as its editor, which
# posts only the fields typed in (with the version and the values they were typed over)
# and merges the answer into the fields the person is not editing (shipments.js).


@write_only
def line_save(request: HttpRequest, actor: Actor, shipment_id: int, line_id: int) -> HttpResponse:
    shipment = selectors.get_shipment(actor.organization, shipment_id)
    sent = [name for name in LINE_FIELDS if name in request.POST]
    form = LineForm(request.POST, only=sent)
    based_on = LineForm(request.POST, only=sent, prefix="base")
    errors: dict[str, list[str]] = {}
    conflicts: list[str] = []
    if form.is_valid():
        try:
            if sent:
                _line, conflicts = services.merge_line(
                    actor=actor,
                    shipment_id=shipment.pk,
                    line_id=line_id,
                    expected_version=form.cleaned_data.get("version"),
                    fields=form.line_fields(),
                    based_on=based_on.line_fields() if based_on.is_valid() else {},
                )
        except ProblemError as exc:
            refuse_if_denied(exc)
            errors = _by_field(exc.problems)
    else:
        errors = {
            name if name in LINE_FIELDS else "other": [str(message) for message in found]
            for name, found in form.errors.items()
        }
    view = selectors.shipment_view(shipment)
    problems, ready = page_findings(shipment, view)
    rows = line_rows(view, problems, ready, editing=_open_lines(request) | {line_id})
    row = next((r for r in rows if r.line.pk == line_id), None)
    if row is None or str(row.index) != request.POST.get("row_index"):
        # Gone, or its line number moved it: every row below changes its place (and anchors).
        return _all_rows(request, shipment, view_rows=rows, problems=problems, view=view)
    if errors:
        # Show what was typed, beside its error; nothing of it was saved.
        row.values = row.values | {name: request.POST.get(name, "") for name in sent}
        row.errors = errors
    row.conflicts = [
        Conflict(
            field=name,
            label=str(getattr(GoodsLine._meta.get_field(name), "verbose_name", name)),
            theirs=row.values[name],
            mine=request.POST.get(name, ""),
        )
        for name in conflicts
    ]
    context = {"shipment": shipment, "rows": [row], "can_write": True, "oob": True}
    response = render(request, "shipments/_lines_saved.html", context | panel(view, problems))
    if conflicts:
        response.status_code = 409
    return response


@require_GET
@member_required
def line_row(request: HttpRequest, actor: Actor, shipment_id: int, line_id: int) -> HttpResponse:
    """One line's row: its editor (``?edit=1``; read-only members see it disabled, with
    every field) or its compact row."""
    shipment = selectors.get_shipment(actor.organization, shipment_id)
    view = selectors.shipment_view(shipment)
    problems, ready = page_findings(shipment, view)
    editing = {line_id} if request.GET.get("edit") == "1" else set()
    rows = line_rows(view, problems, ready, editing=editing)
    row = next((r for r in rows if r.line.pk == line_id), None)
    if row is None:
        raise Http404
    context = {"shipment": shipment, "rows": [row], "can_write": actor.can_write}
    return render(request, "shipments/_line_rows.html", context)


@write_only
def line_add(request: HttpRequest, actor: Actor, shipment_id: int) -> HttpResponse:
    """A new line, numbered after the last, appended as an open editor."""
    shipment = selectors.get_shipment(actor.organization, shipment_id)
    line = services.save_line(actor=actor, shipment_id=shipment.pk)
    view = selectors.shipment_view(shipment)
    problems, ready = page_findings(shipment, view)
    row = next(r for r in line_rows(view, problems, ready, editing={line.pk}) if r.line == line)
    context = {
        "shipment": shipment,
        "rows": [row],
        "can_write": True,
        "oob": True,
        "new_line_id": line.pk,
    }
    return render(request, "shipments/_lines_saved.html", context | panel(view, problems))


@write_only
def line_delete(request: HttpRequest, actor: Actor, shipment_id: int, line_id: int) -> HttpResponse:
    shipment = selectors.get_shipment(actor.organization, shipment_id)
    try:
        services.delete_line(actor=actor, shipment_id=shipment.pk, line_id=line_id)
    except ProblemError as exc:
        refuse_if_denied(exc)
        messages.error(request, exc.problems[0].message)
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect(reverse("shipments:detail", args=[shipment.pk]) + "#lines")
    return _all_rows(request, shipment)


def _open_lines(request: HttpRequest) -> set[int]:
    """The lines whose editors are open on the page (shipments.js sends them), so that
    redrawing every row keeps them open."""
    return {int(pk) for pk in request.POST.get("open", "").split(",") if pk.isdigit()}


@require_GET
@member_required
def check_panel(request: HttpRequest, actor: Actor, shipment_id: int) -> HttpResponse:
    """The check panel and totals alone, e.g. to refresh them after an edit elsewhere."""
    shipment = selectors.get_shipment(actor.organization, shipment_id)
    view = selectors.shipment_view(shipment)
    return render(request, "shipments/_panel.html", {"shipment": shipment, **panel(view)})


def _all_rows(
    request: HttpRequest,
    shipment: Shipment,
    *,
    view_rows: list[LineRow] | None = None,
    problems: list[Problem] | None = None,
    view: Any = None,
) -> HttpResponse:
    """Every row (after a delete or a move), open editors kept open, the panel out of band."""
    if view is None:
        view = selectors.shipment_view(shipment)
        problems, ready = page_findings(shipment, view)
        view_rows = line_rows(view, problems, ready, editing=_open_lines(request))
    context = {"shipment": shipment, "rows": view_rows, "can_write": True, "oob": True}
    response = render(request, "shipments/_lines_saved.html", context | panel(view, problems))
    retarget(response, "#line-rows")
    return reswap(response, "innerHTML")


def _by_field(problems: list[Problem]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for item in problems:
        name = form_field_for(item.path)
        found.setdefault(name if name in LINE_FIELDS else "other", []).append(item.message)
    return found


# --- containers and stowage: plain forms, redirect back to the page ----------------------


def _back(shipment: Shipment) -> HttpResponse:
    return redirect(reverse("shipments:detail", args=[shipment.pk]) + "#containers")


@write_only
def container_add(request: HttpRequest, actor: Actor, shipment_id: int) -> HttpResponse:
    shipment = selectors.get_shipment(actor.organization, shipment_id)
    form = ContainerForm(request.POST, auto_id="new-container-%s")
    if form.is_valid():
        try:
            container = services.save_container(
                actor=actor, shipment_id=shipment.pk, **form.container_fields()
            )
        except ProblemError as exc:
            refuse_if_denied(exc)
            add_problems(form, exc.problems)
        else:
            messages.success(request, _("Container %(number)s added.") % vars(container))
            return _back(shipment)
    return render_detail(request, actor, shipment, new_container_form=form)


@write_only
def container_save(
    request: HttpRequest, actor: Actor, shipment_id: int, container_id: int
) -> HttpResponse:
    shipment = selectors.get_shipment(actor.organization, shipment_id)
    form = ContainerForm(request.POST, auto_id=f"f-container-{container_id}-%s")
    if form.is_valid():
        try:
            container = services.save_container(
                actor=actor,
                shipment_id=shipment.pk,
                container_id=container_id,
                expected_version=form.cleaned_data["version"],
                **form.container_fields(),
            )
        except StaleVersionError as exc:
            return stale_page(request, exc, lambda: render_detail(request, actor, shipment))
        except ProblemError as exc:
            refuse_if_denied(exc)
            add_problems(form, exc.problems)
        else:
            messages.success(request, _("Container %(number)s saved.") % vars(container))
            return _back(shipment)
    return render_detail(request, actor, shipment, container_form=(container_id, form))


@write_only
def container_delete(
    request: HttpRequest, actor: Actor, shipment_id: int, container_id: int
) -> HttpResponse:
    shipment = selectors.get_shipment(actor.organization, shipment_id)
    try:
        services.delete_container(actor=actor, shipment_id=shipment.pk, container_id=container_id)
    except ProblemError as exc:
        refuse_if_denied(exc)
        messages.error(request, exc.problems[0].message)
    else:
        messages.success(request, _("Container removed."))
    return _back(shipment)


@write_only
def container_stow(
    request: HttpRequest, actor: Actor, shipment_id: int, container_id: int
) -> HttpResponse:
    shipment = selectors.get_shipment(actor.organization, shipment_id)
    view = selectors.shipment_view(shipment)
    form = StowForm(request.POST, lines=view.lines)
    try:
        if not form.is_valid():
            first = next(iter(form.errors.values()))[0]
            raise ProblemError.of("INVALID", path="packages", detail=first)
        services.stow(
            actor=actor,
            shipment_id=shipment.pk,
            container_id=container_id,
            line_id=form.cleaned_data["line"],
            packages=form.cleaned_data["packages"],
        )
    except ProblemError as exc:
        refuse_if_denied(exc)
        for item in exc.problems:
            messages.error(request, item.message)
    else:
        messages.success(request, _("Stowage saved."))
    return _back(shipment)


@write_only
def stow_evenly(request: HttpRequest, actor: Actor, shipment_id: int) -> HttpResponse:
    shipment = selectors.get_shipment(actor.organization, shipment_id)
    try:
        services.stow_everything_evenly(actor=actor, shipment_id=shipment.pk)
    except ProblemError as exc:
        refuse_if_denied(exc)
        messages.error(request, exc.problems[0].message)
    else:
        messages.success(request, _("Every line's packages were spread over the containers."))
    return _back(shipment)
