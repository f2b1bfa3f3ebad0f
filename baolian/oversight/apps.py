from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _sees_report(scope: object) -> bool:
    from baolian.oversight.rules import can_view_report

    return can_view_report(scope)  # type: ignore[arg-type]


class OversightConfig(AppConfig):
    name = "baolian.oversight"
    verbose_name = _("Oversight")
    nav_items = [
        ("oversight:report", _("Report"), _sees_report),
        ("oversight:bulletin_list", _("Bulletins"), lambda scope: not scope.is_anonymous),
    ]
