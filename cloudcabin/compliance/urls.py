from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from cloudcabin.compliance.hs import views as hs_views

app_name = "compliance"

urlpatterns: list[URLPattern | URLResolver] = [
    path("hs/suggestions/", hs_views.hs_suggestions, name="hs_suggestions"),
]
