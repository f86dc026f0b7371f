from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from cloudcabin.api.main import api
from cloudcabin.api.views import healthz
from cloudcabin.observability import metrics, readyz

handler500 = "cloudcabin.faults.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics, name="metrics"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("reference/", include("cloudcabin.reference.urls")),
    path("routes/", include("cloudcabin.network.urls")),
    path("shipments/", include("cloudcabin.shipments.urls")),
    path("bookings/", include("cloudcabin.bookings.urls")),
    path("documents/", include("cloudcabin.documents.urls")),
    path("tracking/", include("cloudcabin.tracking.urls")),
    path("compliance/", include("cloudcabin.compliance.urls")),
    path("", include("cloudcabin.accounts.urls")),
]
