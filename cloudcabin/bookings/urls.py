from __future__ import annotations

from django.urls import path

from cloudcabin.bookings import views

app_name = "bookings"
urlpatterns = [
    path("", views.booking_list, name="list"),
    path("shipments/<int:shipment_id>/", views.shipment_departures, name="shipment"),
    path("shipments/<int:shipment_id>/book/", views.book, name="book"),
    path("<int:booking_id>/", views.booking_detail, name="detail"),
    path("<int:booking_id>/cancel/", views.cancel, name="cancel"),
    path("agent/", views.board, name="board"),
    path("agent/services/<int:service_id>/generate/", views.generate, name="generate"),
    path("agent/departures/<int:departure_id>/", views.departure_detail, name="departure"),
    path(
        "agent/departures/<int:departure_id>/update/",
        views.departure_update,
        name="departure_update",
    ),
    path("agent/departures/<int:departure_id>/hold/", views.hold, name="hold"),
    path("agent/departures/<int:departure_id>/manifest/", views.manifest_page, name="manifest"),
    path(
        "agent/departures/<int:departure_id>/manifest.<str:extension>",
        views.manifest_download,
        name="manifest_download",
    ),
    path("agent/bookings/<int:booking_id>/<str:decision>/", views.decide, name="decide"),
]
