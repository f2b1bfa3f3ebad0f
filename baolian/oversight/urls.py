from __future__ import annotations

from django.urls import path

from baolian.oversight import views

app_name = "oversight"

urlpatterns = [
    path("report/", views.report, name="report"),
    path("report.xlsx", views.report_xlsx, name="report_xlsx"),
    path("bulletins/", views.bulletin_list, name="bulletin_list"),
    path("bulletins/new/", views.bulletin_new, name="bulletin_new"),
    path("bulletins/<int:pk>/", views.bulletin_detail, name="bulletin_detail"),
    path("bulletins/<int:pk>/edit/", views.bulletin_edit, name="bulletin_edit"),
    path("bulletins/<int:pk>/cases/", views.bulletin_cases, name="bulletin_cases"),
    path("bulletins/<int:pk>/publish/", views.bulletin_publish, name="bulletin_publish"),
    path("bulletins/<int:pk>/delete/", views.bulletin_delete, name="bulletin_delete"),
    path("bulletins/<int:pk>/file.<str:fmt>", views.bulletin_file, name="bulletin_file"),
    path("letterhead/", views.letterhead, name="letterhead"),
]
