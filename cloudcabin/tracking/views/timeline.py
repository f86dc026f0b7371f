"""The agent's tracking pages: a train's containers by the milestone each reached last,
and a search by booking, consignment-note or container number."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.bookings import selectors as booking_selectors
from cloudcabin.bookings.views import agent_required
from cloudcabin.tracking import selectors

SEARCH_LIMIT = 50


@agent_required
def departure_containers(request: HttpRequest, actor: Actor, departure_id: int) -> HttpResponse:
    departure = booking_selectors.get_departure(departure_id)
    return render(
        request,
        "tracking/departure_containers.html",
        {
            "departure": departure,
            "groups": selectors.containers_by_milestone(departure, actor),
            "whole_train": actor.sees_every_organization,
        },
    )


@agent_required
def agent_search(request: HttpRequest, actor: Actor) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:60]
    found = list(selectors.find_bookings(actor, query)[:SEARCH_LIMIT]) if query else []
    return render(request, "tracking/agent_search.html", {"query": query, "bookings": found})
