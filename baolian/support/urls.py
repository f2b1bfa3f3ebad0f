from __future__ import annotations

from django.urls import path

from baolian.support import views

app_name = "support"

urlpatterns = [
    path("", views.measure_list, name="list"),
    path("export.xlsx", views.measure_export, name="export"),
    path("new/", views.measure_new, name="new"),
    path("<int:pk>/", views.measure_detail, name="detail"),
    path("<int:pk>/edit/", views.measure_edit, name="edit"),
]
