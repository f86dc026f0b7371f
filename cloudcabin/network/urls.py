from __future__ import annotations

from django.urls import path

from cloudcabin.network import views

app_name = "network"
urlpatterns = [
    path("", views.quote, name="quote"),
    path("places/suggest", views.places_suggest, name="places_suggest"),
    path("contact/", views.contact, name="contact"),
    path("quotes/", views.quotes, name="quotes"),
    path("quotes/save/", views.save_quote, name="save_quote"),
    path("quotes/<str:reference>/", views.quote_detail, name="quote_detail"),
    path("enquiries/", views.enquiries, name="enquiries"),
    path("enquiries/<int:enquiry_id>/", views.enquiry_detail, name="enquiry_detail"),
]
