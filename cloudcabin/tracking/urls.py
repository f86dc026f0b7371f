from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from cloudcabin.tracking.views import links, timeline

app_name = "tracking"

urlpatterns: list[URLPattern | URLResolver] = [
    path("t/<str:link_token>/", links.public_page, name="public"),
    path("shipments/<int:shipment_id>/links/", links.link_create, name="link_create"),
    path(
        "shipments/<int:shipment_id>/links/<int:link_id>/revoke/",
        links.link_revoke,
        name="link_revoke",
    ),
    path(
        "agent/departures/<int:departure_id>/containers/",
        timeline.departure_containers,
        name="departure_containers",
    ),
    path("agent/search/", timeline.agent_search, name="agent_search"),
]
