from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "baolian.notices"
    verbose_name = _("Notices")
    nav_items = [
        ("notices:sent", _("Sent notices"), lambda scope: scope.is_office),
    ]
