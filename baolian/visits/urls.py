from __future__ import annotations

from django.urls import path

from baolian.visits import views

app_name = "visits"

urlpatterns = [
    path("", views.visit_list, name="list"),
    path("export.xlsx", views.visit_export, name="export"),
    path("new/", views.visit_report, name="report"),
    path("<int:pk>/", views.visit_detail, name="detail"),
    path("<int:pk>/confirm/", views.visit_confirm, name="confirm"),
    path("<int:pk>/delete/", views.visit_delete, name="delete"),
    path("flags/<int:pk>/review/", views.flag_review, name="flag_review"),
    path("unit/<int:pk>/months/", views.unit_months, name="unit_months"),
]
