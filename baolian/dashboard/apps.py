from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "baolian.dashboard"
    verbose_name = _("Dashboard")
    nav_items = [
        ("dashboard:index", _("Dashboard"), lambda scope: not scope.is_anonymous),
        ("dashboard:rankings", _("Rankings"), lambda scope: not scope.is_anonymous),
    ]

    def ready(self) -> None:
        # Not business logic: keeps cached figures fresh whoever writes (see cache.py).
        from baolian.dashboard.cache import connect_writes

        connect_writes()
