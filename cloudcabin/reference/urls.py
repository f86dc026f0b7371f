from __future__ import annotations

from django.urls import path

from cloudcabin.reference import views

app_name = "reference"
urlpatterns = [
    path("", views.search, name="search"),
    path("hs/suggest", views.hs_suggest, name="hs_suggest"),
    path("places/suggest", views.places_suggest, name="places_suggest"),
    path("declared-elements", views.declared_elements, name="declared_elements"),
]
