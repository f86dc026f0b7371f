from __future__ import annotations

from django.urls import path

from cloudcabin.shipments.views import editing, imports, pages, parties, sharing

app_name = "shipments"
urlpatterns = [
    path("", pages.shipment_list, name="list"),
    path("new/", pages.shipment_new, name="new"),
    path("from-quote/<str:reference>/", pages.shipment_from_quote, name="from_quote"),
    path("parties/", parties.party_list, name="parties"),
    path("parties/<int:party_id>/", parties.party_edit, name="party"),
    path("shared/<str:token>/", sharing.invitation, name="share_invitation"),
    path("<int:shipment_id>/", pages.shipment_detail, name="detail"),
    path("<int:shipment_id>/sharing/", sharing.sharing_page, name="sharing"),
    path("<int:shipment_id>/sharing/add/", sharing.share, name="share"),
    path("<int:shipment_id>/sharing/<int:share_id>/revoke/", sharing.revoke, name="revoke_share"),
    path("<int:shipment_id>/check/", editing.check_panel, name="check"),
    path("<int:shipment_id>/route/", pages.shipment_route, name="route"),
    path("<int:shipment_id>/lines/add/", editing.line_add, name="line_add"),
    path("<int:shipment_id>/lines/<int:line_id>/", editing.line_save, name="line"),
    path("<int:shipment_id>/lines/<int:line_id>/row/", editing.line_row, name="line_row"),
    path("<int:shipment_id>/lines/<int:line_id>/delete/", editing.line_delete, name="line_delete"),
    path("<int:shipment_id>/containers/add/", editing.container_add, name="container_add"),
    path(
        "<int:shipment_id>/containers/<int:container_id>/",
        editing.container_save,
        name="container",
    ),
    path(
        "<int:shipment_id>/containers/<int:container_id>/delete/",
        editing.container_delete,
        name="container_delete",
    ),
    path(
        "<int:shipment_id>/containers/<int:container_id>/stow/",
        editing.container_stow,
        name="stow",
    ),
    path("<int:shipment_id>/stow-evenly/", editing.stow_evenly, name="stow_evenly"),
    path("<int:shipment_id>/import/", imports.import_upload, name="import"),
    path("<int:shipment_id>/import/map/", imports.import_map, name="import_map"),
    path("<int:shipment_id>/export.xlsx", imports.export_lines, name="export"),
    path("<int:shipment_id>/revisions/<int:number>/", pages.revision_detail, name="revision"),
]
