from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from baolian.accounts import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html", success_url="/"
        ),
        name="password_change",
    ),
]
