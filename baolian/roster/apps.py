from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RosterConfig(AppConfig):
    name = "baolian.roster"
    verbose_name = _("Roster")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from baolian.roster import importers, models

        del importers  # imported for its sheets, which register themselves with the importer

        for model in (
            models.Street,
            models.Community,
            models.Unit,
            models.Leader,
            models.Pairing,
            models.CampaignSettings,
        ):
            # Reverse relations ("pairings") and the derived key are not facts worth a line.
            auditlog.register(model, exclude_fields=["id", "key", "pairings", "communities"])
