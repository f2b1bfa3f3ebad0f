from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "baolian.api"
    label = "api"
    verbose_name = _("API")
    # Every signed-in person may make tokens for programs that act as them.
    nav_items = [("api_tokens", _("API tokens"), lambda scope: not scope.is_anonymous)]

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from baolian.api.models import ApiToken

        # Creating and revoking a key to the API is a security event: who, when, from where.
        auditlog.register(ApiToken, exclude_fields=["digest", "last_used_at", "last_used_ip"])
