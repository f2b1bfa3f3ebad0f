from __future__ import annotations

from django.urls import path

from baolian.photos import views

app_name = "photos"

urlpatterns = [
    path("<int:pk>/", views.photo_display, name="display"),
    path("<int:pk>/original/", views.photo_original, name="original"),
]
