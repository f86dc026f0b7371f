from __future__ import annotations

from django.urls import URLPattern, path

app_name = "shipments"
urlpatterns: list[URLPattern] = []
