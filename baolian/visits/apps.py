from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "baolian.visits"
    verbose_name = _("Visits")

    @property
    def nav_items(self) -> list[tuple[str, object, object]]:
        from baolian.visits.rules import can_report_visits

        return [
            ("visits:report", _("Report a visit"), can_report_visits),
            ("visits:list", _("Visits"), lambda scope: not scope.is_anonymous),
        ]

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from baolian.visits import importers, models

        del importers  # imported for its sheet, which registers itself with the importer
        auditlog.register(models.Visit, exclude_fields=["id", "updated_at", "created_at"])
        auditlog.register(models.VisitFlag, exclude_fields=["id", "created_at"])
