from __future__ import annotations

from django.urls import path

from cloudcabin.documents import views
from cloudcabin.documents.origin import views as origin_views

app_name = "documents"
urlpatterns = [
    path("verify/<str:short_code>/", views.verify, name="verify"),
    path("shipments/<int:shipment_id>/", views.shipment_documents, name="shipment"),
    path("shipments/<int:shipment_id>/origin/", origin_views.origin, name="origin"),
    path("shipments/<int:shipment_id>/preview/", views.preview, name="preview"),
    path(
        "shipments/<int:shipment_id>/preview/<slug:kind>.<slug:fmt>",
        views.preview_file,
        name="preview_file",
    ),
    path("shipments/<int:shipment_id>/issue/", views.issue, name="issue"),
    path("shipments/<int:shipment_id>/jobs/<int:job_id>/", views.pack_job, name="pack_job"),
    path(
        "shipments/<int:shipment_id>/v<int:version>/<slug:kind>.<slug:fmt>",
        views.pack_file,
        name="file",
    ),
    path("shipments/<int:shipment_id>/v<int:version>.zip", views.pack_zip, name="zip"),
]
