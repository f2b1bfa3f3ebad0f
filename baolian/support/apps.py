from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "baolian.support"
    nav_items = [("support:list", _("Support"), lambda scope: not scope.is_anonymous)]
    verbose_name = _("Support measures")

    @staticmethod
    def export_sheets(user: object) -> list:
        from baolian.support.exporters import support_sheets

        return support_sheets(user)

    def ready(self) -> None:
        from baolian.support import importers

        del importers  # imported for its sheet, which registers itself with the importer

        from auditlog.registry import auditlog

        from baolian.support import models

        # Who changed a catalogue entry or a measure's amount, and from what: the office's
        # corrections and the units' figures must be answerable.
        auditlog.register(models.SupportMeasure, exclude_fields=["id"])
