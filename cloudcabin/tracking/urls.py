from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from cloudcabin.tracking.views import ingest

app_name = "tracking"

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "agent/departures/<int:departure_id>/record/",
        ingest.record_departure,
        name="record_departure",
    ),
    path("upload/", ingest.upload, name="upload"),
]
