from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from cloudcabin.compliance.goods import views as goods_views
from cloudcabin.compliance.hs import views as hs_views
from cloudcabin.compliance.matching import views as matching_views
from cloudcabin.compliance.screening import views as screening

app_name = "compliance"

urlpatterns: list[URLPattern | URLResolver] = [
    path("screen/", matching_views.screen_page, name="screen"),
    path("hs/suggestions/", hs_views.hs_suggestions, name="hs_suggestions"),
    path("shipments/<int:shipment_id>/goods/", goods_views.goods_section, name="goods"),
    path("review/", screening.queue, name="queue"),
    path("review/hits/<int:hit_id>/", screening.hit_detail, name="hit"),
    path("review/hits/<int:hit_id>/decide/", screening.decide, name="decide"),
]
