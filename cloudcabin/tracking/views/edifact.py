"""Pages for the operator's staff: upload an IFTSTA interchange; partners' EDIFACT profiles."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cloudcabin.accounts.tenancy import Actor, get_for_org_or_404
from cloudcabin.accounts.views import member_required
from cloudcabin.bookings.selectors import clients_of, require_agent
from cloudcabin.errors import Problem, ProblemError, add_problems_to_form
from cloudcabin.tracking.edifact import services
from cloudcabin.tracking.edifact.forms import EdifactProfileForm, IftstaUploadForm
from cloudcabin.tracking.models import EdifactProfile


@member_required
def iftsta_upload(request: HttpRequest, actor: Actor) -> HttpResponse:
    require_agent(actor)
    form = IftstaUploadForm()
    refusals: list[Problem] = []
    if request.method == "POST":
        form = IftstaUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                recorded = services.receive_iftsta(actor, form.cleaned_data["text"])
            except ProblemError as exc:
                refusals = exc.problems
            else:
                messages.success(
                    request,
                    _("Recorded %(created)s events; %(duplicates)s were recorded before.")
                    % {"created": len(recorded.created), "duplicates": recorded.duplicates},
                )
                return redirect("tracking:iftsta")
    status = 422 if refusals or form.errors else 200
    return render(
        request, "tracking/iftsta_upload.html", {"form": form, "refusals": refusals}, status=status
    )


@member_required
def edifact_profiles(request: HttpRequest, actor: Actor) -> HttpResponse:
    require_agent(actor)
    form = EdifactProfileForm(partners=clients_of(actor))
    if request.method == "POST":
        form = EdifactProfileForm(request.POST, partners=clients_of(actor))
        if _saved(request, actor, form, profile_id=None):
            return redirect("tracking:edifact_profiles")
    profiles = EdifactProfile.objects.for_org(actor.organization).select_related("partner")
    return render(
        request,
        "tracking/edifact_profiles.html",
        {"form": form, "profiles": profiles},
        status=422 if form.errors else 200,
    )


@member_required
def edifact_profile(request: HttpRequest, actor: Actor, profile_id: int) -> HttpResponse:
    require_agent(actor)
    profile = get_for_org_or_404(EdifactProfile.objects.all(), actor.organization, pk=profile_id)
    form = EdifactProfileForm(instance=profile, partners=clients_of(actor))
    if request.method == "POST":
        form = EdifactProfileForm(request.POST, instance=profile, partners=clients_of(actor))
        if _saved(request, actor, form, profile_id=profile.pk):
            return redirect("tracking:edifact_profile", profile_id=profile.pk)
    return render(
        request,
        "tracking/edifact_profile.html",
        {"form": form, "profile": profile},
        status=422 if form.errors else 200,
    )


def _saved(
    request: HttpRequest, actor: Actor, form: EdifactProfileForm, *, profile_id: int | None
) -> bool:
    if not form.is_valid():
        return False
    try:
        services.save_profile(actor, profile_id=profile_id, **form.cleaned_data)
    except ProblemError as exc:
        add_problems_to_form(form, exc.problems)
        return False
    messages.success(request, _("Profile saved."))
    return True
