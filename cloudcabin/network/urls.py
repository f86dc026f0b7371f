from __future__ import annotations

from django.urls import URLPattern, path

app_name = "network"
urlpatterns: list[URLPattern] = []
