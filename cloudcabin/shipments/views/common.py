"""What the shipment pages share: refusals, anchors for findings, rows of the line editor."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache, wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.accounts.views import member_required
from cloudcabin.documents.declaration.record import Coded, Source
from cloudcabin.documents.selectors import Readiness, readiness
from cloudcabin.errors import CATALOGUE, Problem, ProblemError, Severity, StaleVersionError
from cloudcabin.reference.templatetags.codes import customs_label, unit_label
from cloudcabin.shipments import selectors
from cloudcabin.shipments.checks.context import ShipmentView
from cloudcabin.shipments.checks.grouping import group_findings
from cloudcabin.shipments.inputs import LINE_FIELDS
from cloudcabin.shipments.models import GoodsLine, Shipment

LINE_PATH = re.compile(r"^lines\[(\d+)\]\.(\w+)$")
INDEXED = re.compile(r"\[(\d+)\]")


def _dash_index(match: re.Match[str]) -> str:
    # Not the template r"-\1": Python expands a template for each match, three times slower,
    # and the check panel links a thousand findings on a 200-line shipment.
    return "-" + match[1]


def refuse_if_denied(exc: ProblemError) -> None:
    """A read-only member's write becomes a 403; other problems go back to the form."""
    if exc.status == 403:
        raise PermissionDenied(exc.problems[0].message) from exc


def stale_page(
    request: HttpRequest, exc: StaleVersionError, render: Callable[[], HttpResponse]
) -> HttpResponse:
    """A save over someone else's newer one: the page again, drawn from what is stored
    now (so with the new version), the plain message on top, and nothing saved (409)."""
    messages.error(request, exc.problems[0].message)
    response = render()
    response.status_code = 409
    return response


@lru_cache(maxsize=8192)
def anchor_for(path: str) -> str:
    """The element id a finding links to: ``lines[3].hs_code`` → ``f-lines-3-hs_code``.
    Remembered: a 200-line page asks for some 600 anchors, the same ones each time."""
    if path.startswith("parties."):
        # An identifier problem lives on the party; link to the shipment's select for it.
        return "f-parties-" + path.split(".")[1]
    if path == "incoterm_place":
        return "f-incoterm_place_locode"
    if path.startswith("border_crossings"):
        return "f-border_crossings"
    return "f-" + INDEXED.sub(_dash_index, path).replace(".", "-") if path else ""


def form_field_for(path: str) -> str:
    """The header form's field for a problem path (``parties.consignee`` → ``consignee``)."""
    if path.startswith("parties."):
        return path.split(".")[1]
    if path == "incoterm_place":
        return "incoterm_place_locode"
    return INDEXED.sub("", path).split(".")[0]


def add_problems(form: BaseForm, problems: list[Problem]) -> None:
    """Like ``cloudcabin.errors.add_problems_to_form``, with the pages' path names."""
    for found in problems:
        name = form_field_for(found.path)
        form.add_error(name if name in form.fields else None, found.message)


@dataclass(frozen=True)
class Cells:
    """What a line's compact row shows beyond its plain values, ready to print: the table
    draws every line, so codes are named and flags decided here, once per row, and the
    template only prints (and escapes) them."""

    quantity: str  # "600 H87 piece": the quantity and its unit's name
    packages: str  # "20 22 boxes"
    stowed: str  # "10/20": packages stowed of the line's
    edit_url: str
    # Cells of a field with an error (as on the editor's inputs).
    hs_flag: bool
    kg_flag: bool
    packages_flag: bool
    amount_flag: bool


# The values a compact row shows (an editor's row has every field's).
COMPACT_FIELDS = (
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
    "package_type",
    "amount",
    "origin_country",
)


@dataclass
class LineRow:
    """One row of the line editor: the line, its position (as in paths) and what to show."""

    index: int
    line: GoodsLine
    values: dict[str, str]  # as inputs show them: COMPACT_FIELDS, or every field if editing
    cells: Cells
    errors: dict[str, list[str]] = field(default_factory=dict)
    flagged: set[str] = field(default_factory=set)
    stowed: int = 0
    # Declaration values derived where the line leaves them blank (shown as placeholders).
    derived: dict[str, str] = field(default_factory=dict)
    # Codes the tables offer for the line: 10-digit codes of its 8-digit code, CIQ codes.
    choices: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # Drawn as the editor (else as the compact read-only row).
    editing: bool = False
    # Fields someone else saved differently while this person typed theirs.
    conflicts: list[Conflict] = field(default_factory=list)


@dataclass(frozen=True)
class Conflict:
    field: str
    label: str
    theirs: str
    mine: str


SOURCE_LABELS = {
    Source.ROUTE: _("from the route"),
    Source.ORIGIN: _("from the origin"),
    Source.DESTINATION: _("from the destination"),
    Source.ADDRESS: _("from the address"),
    Source.TARIFF: _("from the tariff"),
    Source.RULE: _("by the filing rules"),
}


def derived_text(coded: Coded, names: dict[tuple[str, str], str], table: str) -> str:
    """A derived code as a placeholder: "9404 阿拉山口 · from the route"; "" when missing."""
    if coded.missing or coded.source == Source.ENTERED:
        return ""
    name = names.get((table, coded.code), "")
    return f"{coded.code} {name} · {SOURCE_LABELS.get(coded.source, '')}".replace("  ", " ")


def page_findings(shipment: Shipment, view: ShipmentView) -> tuple[list[Problem], Readiness]:
    """Everything "ready" means for the shipment page: the rules and the documents' findings.

    The same list ``GET …/documents/…/checks`` answers and issue enforces.
    """
    ready = readiness(shipment, selectors.check_view(view), view)
    return ready.findings.all, ready


# Header fields of the declaration → (record attribute, code table of its names).
HEADER_DERIVED = {
    "declaring_customs": ("declaring_customs", "customs_district"),
    "border_customs": ("border_customs", "customs_district"),
    "border_port": ("border_port", "domestic_port"),
    "foreign_port": ("foreign_port", "destination_port"),
    "transit_port": ("transit_port", "destination_port"),
    "promise_items": ("promise_items", ""),
}


def show_derived_values(form: BaseForm, ready: Readiness) -> None:
    """Put each derived declaration value in its blank field's placeholder."""
    names = ready.data.lookups.customs_names
    for name, (attribute, table) in HEADER_DERIVED.items():
        text = derived_text(getattr(ready.declaration, attribute), names, table)
        if text and name in form.fields:
            form.fields[name].widget.attrs["placeholder"] = text


def line_choices(
    ready: Readiness, indexes: Collection[int]
) -> dict[int, dict[str, list[tuple[str, str]]]]:
    """Per line (of those at ``indexes``), the 10-digit and CIQ codes the tables list, for
    the editor to offer."""
    filing = ready.data.lookups.filing
    return {
        declared.index: {
            "national_code": [
                (code, "")
                for code in filing.ten_digit_codes.get(declared.line.national_code[:8], [])
            ],
            "ciq_code": filing.ciq_codes.get(declared.code_ts.code, []),
        }
        for declared in ready.declaration.lines
        if declared.index in indexes
    }


def line_placeholders(ready: Readiness, indexes: Collection[int]) -> dict[int, dict[str, str]]:
    """Per line (of those at ``indexes``), the declaration values derived where it leaves
    them blank, for the editor's placeholders."""
    names = ready.data.lookups.customs_names
    units = ready.data.lookups.customs_unit_names
    result = {}
    for declared in ready.declaration.lines:
        if declared.index not in indexes:
            continue
        quantities = {
            name: (
                f"{plain(quantity)} {units.get(unit, unit)}"
                if quantity is not None and unit and getattr(declared.line, name) is None
                else ""
            )
            for name, quantity, unit in (
                ("first_qty", declared.first_qty, declared.first_unit),
                ("second_qty", declared.second_qty, declared.second_unit),
            )
        }
        result[declared.index] = {
            "code_ts": declared.code_ts.code if declared.code_ts.source == Source.TARIFF else "",
            "ciq_code": derived_text(declared.ciq_code, {}, ""),
            "domestic_region": derived_text(declared.region, names, "domestic_region"),
            "admin_division": derived_text(declared.division, names, "admin_division"),
            "duty_mode": derived_text(declared.duty_mode, names, "duty_mode"),
            **quantities,
        }
    return result


def plain(value: Any) -> str:
    """An input's value: Decimals without trailing zeros, None as empty."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    return str(value)


def line_rows(
    view: ShipmentView,
    problems: list[Problem],
    ready: Readiness | None = None,
    editing: Collection[int] = (),
) -> list[LineRow]:
    """The rows of the lines table; the lines in ``editing`` (ids) drawn as editors."""
    flagged: dict[int, set[str]] = {}
    for found in problems:
        match = LINE_PATH.match(found.path)
        if match and found.severity == Severity.ERROR:
            flagged.setdefault(int(match.group(1)), set()).add(match.group(2))
    stowed: dict[int, int] = {}
    for stow in view.stowage:
        stowed[stow.line_no] = stowed.get(stow.line_no, 0) + stow.packages
    # Only an editor shows the derived values and the code choices: not worked out for the
    # compact rows (all 200 lines of the page), whose values are only those they show.
    opened = {index for index, line in enumerate(view.lines) if line.pk in editing}
    derived = line_placeholders(ready, opened) if ready is not None else {}
    choices = line_choices(ready, opened) if ready is not None else {}
    row_url = line_row_urls(view.shipment.pk)
    # A code's name once a table, not once a line (lines mostly share unit and packaging).
    unit_names: dict[str, str] = {}
    packaging_names: dict[str, str] = {}
    rows = []
    for index, line in enumerate(view.lines):
        shown = LINE_FIELDS if index in opened else COMPACT_FIELDS
        values = {name: plain(getattr(line, name)) for name in shown}
        row_flagged = flagged.get(index, set())
        row_stowed = stowed.get(line.line_no, 0)
        rows.append(
            LineRow(
                index=index,
                line=line,
                values=values,
                cells=_cells(
                    f"{row_url(line.pk)}?edit=1",
                    line,
                    values,
                    row_flagged,
                    row_stowed,
                    _named(unit_names, values["unit"], unit_label),
                    _named(packaging_names, values["package_type"], _packaging_label),
                ),
                flagged=row_flagged,
                stowed=row_stowed,
                derived=derived.get(index, {}),
                choices=choices.get(index, {}),
                editing=line.pk in editing,
            )
        )
    return rows


# A line id that no line has: reversed once in its place by ``line_row_urls``.
_ANY_LINE = 2**62


def line_row_urls(shipment_id: int) -> Callable[[int], str]:
    """The address of a line's row (``shipments:line_row``) of one shipment, by line id.

    The lines table links every row (200 lines): one reverse() for the table, with a
    placeholder id that the line's id then takes the place of, not one reverse() a row
    (~5 ms on the page). The addresses are those reverse() gives, line by line.
    """
    head, tail = reverse("shipments:line_row", args=[shipment_id, _ANY_LINE]).split(str(_ANY_LINE))
    return lambda line_id: f"{head}{line_id}{tail}"


def _named(names: dict[str, str], code: str, label: Callable[[str], str]) -> str:
    if code not in names:
        names[code] = label(code)
    return names[code]


def _packaging_label(code: str) -> str:
    return customs_label(code, "packaging_type")


def _cells(
    edit_url: str,
    line: GoodsLine,
    values: dict[str, str],
    flagged: set[str],
    stowed: int,
    unit: str,
    packaging: str,
) -> Cells:
    return Cells(
        quantity=f"{values['quantity']} {unit}",
        packages=f"{values['packages']} {packaging}",
        stowed=f"{stowed}/{line.packages or 0}",
        edit_url=edit_url,
        hs_flag=bool(flagged & {"hs_code", "national_code"}),
        kg_flag=bool(flagged & {"net_kg", "gross_kg"}),
        packages_flag="packages" in flagged,
        amount_flag="amount" in flagged,
    )


def panel(view: ShipmentView, problems: list[Problem] | None = None) -> dict[str, Any]:
    """The check panel's and the totals' context for a shipment view."""
    if problems is None:
        problems = page_findings(view.shipment, view)[0]
    errors = sum(1 for p in problems if p.severity == Severity.ERROR)
    return {
        "groups": group_findings(problems, anchor_for),
        "error_count": errors,
        "warning_count": len(problems) - errors,
        "totals": selectors.totals(view),
        "container_totals": selectors.totals_by_container(view),
    }


def write_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A POST endpoint that changes data: members who may not write get a 403.

    Services refuse them too (``Actor.require_write``); checking first gives every write
    endpoint the same plain 403 before any form is read.
    """

    @wraps(view)
    def checked(request: HttpRequest, actor: Actor, *args: Any, **kwargs: Any) -> HttpResponse:
        require_writer(actor)
        return view(request, actor, *args, **kwargs)

    return require_POST(member_required(checked))


def require_writer(actor: Actor) -> None:
    if not actor.can_write:
        raise PermissionDenied(str(CATALOGUE["PERMISSION_DENIED"].message))
