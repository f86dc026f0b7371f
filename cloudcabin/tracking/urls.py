from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from cloudcabin.tracking.views import notifications, webhooks

app_name = "tracking"

urlpatterns: list[URLPattern | URLResolver] = [
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
