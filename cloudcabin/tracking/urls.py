from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from cloudcabin.tracking.views import edifact, ingest

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
]
