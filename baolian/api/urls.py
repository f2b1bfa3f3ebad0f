from __future__ import annotations

from django.urls import path

from baolian.api import views
from baolian.api.api import api

urlpatterns = [
    path("tokens/", views.tokens, name="api_tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="api_token_revoke"),
    path("v1/docs/", views.docs, name="api_docs"),
    path("v1/", api.urls),
]
