from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from cloudcabin.tracking.views import edifact, ingest, links, notifications, timeline, webhooks

app_name = "tracking"

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "agent/departures/<int:departure_id>/record/",
        ingest.record_departure,
        name="record_departure",
    ),
    path("upload/", ingest.upload, name="upload"),
    path("iftsta/", edifact.iftsta_upload, name="iftsta"),
    path("edifact-profiles/", edifact.edifact_profiles, name="edifact_profiles"),
    path("edifact-profiles/<int:profile_id>/", edifact.edifact_profile, name="edifact_profile"),
    path("t/<str:link_token>/", links.public_page, name="public"),
    path("shipments/<int:shipment_id>/links/", links.link_create, name="link_create"),
    path(
        "shipments/<int:shipment_id>/links/<int:link_id>/revoke/",
        links.link_revoke,
        name="link_revoke",
    ),
    path(
        "agent/departures/<int:departure_id>/containers/",
        timeline.departure_containers,
        name="departure_containers",
    ),
    path("agent/search/", timeline.agent_search, name="agent_search"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/unread/", notifications.unread_badge, name="unread_badge"),
    path("notifications/read/", notifications.mark_read, name="notifications_read"),
    path(
        "notifications/settings/",
        notifications.notification_settings,
        name="notification_settings",
    ),
    path("webhooks/", webhooks.webhook_list, name="webhooks"),
    path("webhooks/<int:endpoint_id>/", webhooks.webhook_detail, name="webhook"),
    path("webhooks/<int:endpoint_id>/test/", webhooks.webhook_test, name="webhook_test"),
    path("webhooks/<int:endpoint_id>/delete/", webhooks.webhook_delete, name="webhook_delete"),
    path(
        "webhooks/<int:endpoint_id>/deliveries/<str:delivery_id>/replay/",
        webhooks.webhook_replay,
        name="webhook_replay",
    ),
]
