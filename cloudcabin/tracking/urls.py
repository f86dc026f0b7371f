from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from cloudcabin.tracking.views import edifact, ingest, links, timeline

app_name = "tracking"

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "agent/departures/<int:departure_id>/record/",
        ingest.record_departure,
        name="record_departure",
    ),
    path("upload/", ingest.upload, name="upload"),
    path("iftsta/", edifact.iftsta_upload, name="iftsta"),
    path("edifact-profiles/", edifact.edifact_profiles, name="edifact_profiles"),
    path("edifact-profiles/<int:profile_id>/", edifact.edifact_profile, name="edifact_profile"),
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
