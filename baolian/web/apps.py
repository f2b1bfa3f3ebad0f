from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "baolian.web"
    verbose_name = _("Web pages")

    def ready(self) -> None:
        from baolian.lib import checks  # noqa: F401 - registers the installation checks
