"""Pages: a person's notifications, their unread count, and the milestones they want."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.accounts.views import member_required
from cloudcabin.tracking.notifications import selectors, services


@member_required
def notification_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    page = Paginator(selectors.notifications_for(actor), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "tracking/notifications.html",
        {"page": page, "unread": selectors.unread_count(actor)},
    )


@member_required
def unread_badge(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The header's count, loaded by htmx after the page (no query added to every page)."""
    return render(request, "tracking/_unread_badge.html", {"unread": selectors.unread_count(actor)})


@require_POST
@member_required
def mark_read(request: HttpRequest, actor: Actor) -> HttpResponse:
    if services.mark_all_read(actor):
        messages.success(request, _("All notifications marked as read."))
    return redirect("tracking:notifications")


@member_required
def notification_settings(request: HttpRequest, actor: Actor) -> HttpResponse:
    assert actor.user is not None
    if request.method == "POST":
        # Only the milestones the form listed are saved: a form from before the operators
        # added a milestone leaves the new one at its default.
        saved = services.save_preferences(
            actor.user,
            shown=request.POST.getlist("shown"),
            chosen=request.POST.getlist("milestone"),
        )
        if saved:
            messages.success(request, _("Your notification choices are saved."))
        return redirect("tracking:notification_settings")
    return render(
        request,
        "tracking/notification_settings.html",
        {"choices": selectors.preferences_of(actor.user)},
    )
