from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("baolian.accounts.urls")),
    path("", include("baolian.web.urls")),
    path("visits/", include("baolian.visits.urls")),
    path("problems/", include("baolian.problems.urls")),
    path("support/", include("baolian.support.urls")),
    path("photos/", include("baolian.photos.urls")),
    path("oversight/", include("baolian.oversight.urls")),
    path("", include("baolian.dashboard.urls")),
    path("inbox/", include("baolian.notices.urls")),
    path("api/", include("baolian.api.urls")),
    path("audit/", include("baolian.audit.urls")),
]
