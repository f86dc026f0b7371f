from __future__ import annotations

from django.contrib.auth.views import LogoutView
from django.urls import path

from cloudcabin.accounts import passwords, views

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("signup/", views.sign_up, name="signup"),
    path("signup/identifiers/", views.signup_identifiers, name="signup_identifiers"),
    path("next-steps/dismiss/", views.dismiss_checklist, name="dismiss_checklist"),
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("password/reset/", passwords.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        passwords.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        passwords.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        passwords.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("password/change/", passwords.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        passwords.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("language/", views.set_language, name="language"),
    path("organization/", views.organization, name="organization"),
    path("organization/switch/", views.switch_organization, name="switch_organization"),
    path("organization/members/", views.members, name="members"),
    path("organization/members/<int:membership_id>/role/", views.change_role, name="change_role"),
    path(
        "organization/members/<int:membership_id>/remove/",
        views.remove_member,
        name="remove_member",
    ),
    path("organization/api-keys/", views.api_keys, name="api_keys"),
    path("organization/api-keys/<int:key_id>/revoke/", views.revoke_api_key, name="revoke_api_key"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
