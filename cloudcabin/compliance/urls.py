from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from cloudcabin.compliance.goods import views as goods_views

app_name = "compliance"

urlpatterns: list[URLPattern | URLResolver] = [
    path("shipments/<int:shipment_id>/goods/", goods_views.goods_section, name="goods"),
]
