from __future__ import annotations

from django.urls import path

from baolian.notices import views

app_name = "notices"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.notice_open, name="open"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
    path("sent/", views.sent, name="sent"),
]
