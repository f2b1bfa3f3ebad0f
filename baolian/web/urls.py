from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.urls import path

from baolian.web import imports, views

urlpatterns = [
    path("", views.home, name="home"),
    path("streets/", views.street_list, name="street_list"),
    path("streets/<int:pk>/", views.street_detail, name="street_detail"),
    path("communities/", views.community_list, name="community_list"),
    path("communities/<int:pk>/", views.community_detail, name="community_detail"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("leaders/", views.leader_list, name="leader_list"),
    path("leaders/<int:pk>/", views.leader_detail, name="leader_detail"),
    path("search/", views.search, name="search"),
    path("roster/export.xlsx", views.roster_export, name="roster_export"),
    path("roster/import/", login_required(imports.upload), name="import_upload"),
    path("roster/import/confirm/", login_required(imports.confirm), name="import_confirm"),
    path("roster/import/jobs/<str:token>/", login_required(imports.job), name="import_job"),
    path("roster/template.xlsx", imports.template, name="import_template"),
]
