from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProblemsConfig(AppConfig):
    name = "baolian.problems"
    nav_items = [("problems:list", _("Problems"), lambda scope: not scope.is_anonymous)]
    verbose_name = _("Problems")

    @staticmethod
    def export_sheets(user: object) -> list:
        from baolian.problems.exporters import problem_sheets

        return problem_sheets(user)

    def ready(self) -> None:
        from baolian.problems import importers

        del importers  # imported for its sheet, which registers itself with the importer

        from auditlog.registry import auditlog

        from baolian.problems import models

        # Who changed a catalogue entry or a measure's amount, and from what: the office's
        # corrections and the units' figures must be answerable.
        auditlog.register(models.StandardItem, exclude_fields=["id"])
