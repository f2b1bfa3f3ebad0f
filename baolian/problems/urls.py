from __future__ import annotations

from django.urls import path

from baolian.problems import views

app_name = "problems"

urlpatterns = [
    path("", views.problem_list, name="list"),
    path("export.xlsx", views.problem_export, name="export"),
    path("stats/", views.problem_stats, name="stats"),
    path("new/", views.problem_new, name="new"),
    path("<int:pk>/", views.problem_detail, name="detail"),
    path("<int:pk>/start/", views.problem_start, name="start"),
    path("<int:pk>/rectify/", views.problem_rectify, name="rectify"),
    path("<int:pk>/close/", views.problem_close, name="close"),
    path("<int:pk>/send-back/", views.problem_send_back, name="send_back"),
    path("<int:pk>/extend/", views.problem_extend, name="extend"),
    path("standard/", views.standard_list, name="standard"),
    path("standard/<int:pk>/edit/", views.standard_edit, name="standard_edit"),
]
