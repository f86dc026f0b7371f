"""Pages: the agent records a milestone for a whole departure or one container; any member
who may write uploads a CSV of events. Both end in ``record_events``."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.accounts.views import member_required
from cloudcabin.bookings import selectors as booking_selectors
from cloudcabin.bookings.models import Booking, Departure
from cloudcabin.errors import ProblemError
from cloudcabin.shipments.views.common import refuse_if_denied, require_writer
from cloudcabin.tracking import ingest, selectors
from cloudcabin.tracking.ingest_forms import LOCAL_MINUTE, RecordForm, UploadForm
from cloudcabin.tracking.models import EventType, Milestone, Source
from cloudcabin.tracking.services import TRACKED_STATUSES, EventInput, Recorded, record_events

# Which form field a problem of the service belongs beside.
FIELD_OF_PROBLEM = {"event_time": "event_time", "locode": "locode", "milestone": "milestone"}


@dataclass
class MilestoneRow:
    milestone: Milestone
    form: RecordForm
    reached: int


def default_place(milestone: Milestone, departure: Departure) -> str:
    """Origin milestones happen at the origin, destination ones at the destination; a
    border's place depends on the route, so the agent names it."""
    if milestone.facility_type == "BORDER":
        return ""
    if milestone.transport_phase == "EXPORT":
        return str(departure.service.origin_id)
    if milestone.transport_phase == "IMPORT":
        return str(departure.service.destination_id)
    return ""


@member_required
def record_departure(request: HttpRequest, actor: Actor, departure_id: int) -> HttpResponse:
    booking_selectors.require_agent(actor)
    departure = booking_selectors.get_departure(departure_id)
    zone = departure.service.timezone
    bookings = list(
        booking_selectors.bookings_on(departure, actor).filter(
            status__in=TRACKED_STATUSES, shipment__isnull=False
        )
    )
    milestones = list(Milestone.objects.exclude(event_type=EventType.SHIPMENT))
    failed: RecordForm | None = None
    if request.method == "POST":
        require_writer(actor)
        form = RecordForm(request.POST, zone=zone, auto_id=_auto_id(request.POST))
        if form.is_valid():
            try:
                recorded = _record(actor, form, bookings)
            except ProblemError as exc:
                refuse_if_denied(exc)
                _attach(form, exc)
            else:
                messages.success(request, _recorded_text(form, recorded))
                return redirect("tracking:record_departure", departure_id=departure.pk)
        failed = form
    now = timezone.now().astimezone(ZoneInfo(zone)).strftime(LOCAL_MINUTE)
    boxes = selectors.boxes_on(bookings)
    reached = selectors.reached(boxes)
    posted = request.POST.get("milestone") if failed is not None else None
    box_posted = posted is not None and bool(request.POST.get("container"))
    rows = [
        MilestoneRow(
            milestone=m,
            form=failed
            if failed is not None and posted == m.key and not box_posted
            else RecordForm(
                initial={
                    "milestone": m.key,
                    "event_time": now,
                    "locode": default_place(m, departure),
                },
                zone=zone,
                auto_id=f"m-{m.key}-%s",
            ),
            reached=reached.get(m.key, 0),
        )
        for m in milestones
    ]
    status = 422 if failed is not None else 200
    return render(
        request,
        "tracking/record_departure.html",
        {
            "departure": departure,
            "rows": rows,
            "boxes": boxes,
            "milestones": milestones,
            "now": now,
            "box_form": failed if box_posted else None,
            "box_failed": (request.POST.get("booking"), request.POST.get("container"))
            if box_posted
            else None,
            "can_write": actor.can_write,
        },
        status=status,
    )


def _auto_id(posted: QueryDict) -> str:
    """The ids of the posted form's fields, as the page drew them (one form a row)."""
    if posted.get("container"):
        return f"b-{posted.get('booking', '')}-{posted.get('container', '')}-%s"
    return f"m-{posted.get('milestone', '')}-%s"


def _record(actor: Actor, form: RecordForm, bookings: list[Booking]) -> Recorded:
    data = form.cleaned_data
    container = str(data["container"] or "")
    chosen = [b for b in bookings if b.pk == data["booking"]] if container else bookings
    if not chosen:
        raise ProblemError.of("TRACKING_DEPARTURE_NOTHING_TO_TRACK")
    departure = chosen[0].departure
    milestone = Milestone.objects.filter(key=data["milestone"]).first()
    locode = data["locode"] or (default_place(milestone, departure) if milestone else "")
    rows = [
        EventInput(
            booking=booking.reference,
            milestone=data["milestone"],
            event_time=data["event_time"],
            container=container,
            locode=locode,
            train_number=departure.service.code,
        )
        for booking in chosen
    ]
    return record_events(actor, rows, source=Source.MANUAL)


def _attach(form: RecordForm, exc: ProblemError) -> None:
    """Each problem beside its field, once (the same place refused for every booking)."""
    seen: set[tuple[str | None, str]] = set()
    for found in exc.problems:
        name = FIELD_OF_PROBLEM.get(found.path.rpartition(".")[2])
        if (name, found.message) not in seen:
            seen.add((name, found.message))
            form.add_error(name, found.message)


def _recorded_text(form: RecordForm, recorded: Recorded) -> str:
    milestone = Milestone.objects.filter(key=form.cleaned_data["milestone"]).first()
    name = milestone.name if milestone else form.cleaned_data["milestone"]
    created = len(recorded.created)
    text = ngettext(
        "%(milestone)s recorded for %(count)s container.",
        "%(milestone)s recorded for %(count)s containers.",
        created,
    ) % {"milestone": name, "count": created}
    if recorded.duplicates:
        repeated = recorded.duplicates
        text += " " + ngettext(
            "%(count)s was already recorded.", "%(count)s were already recorded.", repeated
        ) % {"count": repeated}
    return text


@member_required
def upload(request: HttpRequest, actor: Actor) -> HttpResponse:
    """A CSV of events: a header row of the API's field names, one event a row."""
    form = UploadForm(request.POST or None, request.FILES or None)
    problems: list[tuple[str, str, str]] = []
    status = 200
    if request.method == "POST":
        require_writer(actor)
        if form.is_valid():
            data = form.cleaned_data["file"].read(ingest.MAX_CSV_BYTES + 1)
            try:
                recorded = ingest.record_csv(actor, data)
            except ProblemError as exc:
                refuse_if_denied(exc)
                problems = [(*ingest.row_and_column(p.path), p.message) for p in exc.problems]
                status = 422
            else:
                messages.success(
                    request,
                    _("%(created)s events recorded, %(duplicates)s already recorded.")
                    % {"created": len(recorded.created), "duplicates": recorded.duplicates},
                )
                return redirect("tracking:upload")
        else:
            status = 422
    return render(
        request,
        "tracking/upload.html",
        {
            "form": form,
            "problems": problems,
            "fields": ingest.FIELDS,
            "required": ingest.REQUIRED,
            "headers_zh": {field: zh for zh, field in ingest.HEADERS_ZH.items()},
            "max_rows": ingest.MAX_CSV_ROWS,
            "can_write": actor.can_write,
        },
        status=status,
    )
