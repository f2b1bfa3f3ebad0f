from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.urls import path

from baolian.web import imports
from baolian.web.views import exports, home, roster, search

urlpatterns = [
    path("", home.home, name="home"),
    path("streets/", roster.street_list, name="street_list"),
    path("streets/<int:pk>/", roster.street_detail, name="street_detail"),
    path("communities/", roster.community_list, name="community_list"),
    path("communities/<int:pk>/", roster.community_detail, name="community_detail"),
    path("units/", roster.unit_list, name="unit_list"),
    path("units/<int:pk>/", roster.unit_detail, name="unit_detail"),
    path("leaders/", roster.leader_list, name="leader_list"),
    path("leaders/<int:pk>/", roster.leader_detail, name="leader_detail"),
    path("search/", search.search, name="search"),
    path("roster/export.xlsx", exports.roster_export, name="roster_export"),
    path("roster/import/", login_required(imports.upload), name="import_upload"),
    path("roster/import/confirm/", login_required(imports.confirm), name="import_confirm"),
    path("roster/import/jobs/<str:token>/", login_required(imports.job), name="import_job"),
    path("roster/template.xlsx", imports.template, name="import_template"),
]
