from __future__ import annotations

from django.urls import path

from baolian.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("dashboard/", views.index, name="index"),
    path("dashboard/data.json", views.data, name="data"),
    path("rankings/", views.rankings, name="rankings"),
    path("rankings/export.xlsx", views.rankings_export, name="rankings_export"),
    path("rankings/settings/", views.ranking_settings, name="ranking_settings"),
]
