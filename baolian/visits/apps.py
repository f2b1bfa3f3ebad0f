from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

HISTORY_FIELDS = (
    "unit",
    "community",
    "visited_on",
    "leader",
    "unit_head_led",
    "participants",
    "kinds",
    "summary",
    "findings",
    "reported_at",
    "confirmation",
    "dispute_reason",
    "deleted_at",
)


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

        from baolian.visits import importers, models, months

        del importers  # imported for its sheet, which registers itself with the importer
        months.connect_writes()
        # What a person reported or judged; ids and reverse relations are plumbing.
        auditlog.register(models.Visit, include_fields=list(HISTORY_FIELDS))
        auditlog.register(
            models.VisitFlag,
            include_fields=["kind", "reason", "review", "review_comment", "reviewed_by"],
        )
