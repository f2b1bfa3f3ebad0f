from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "baolian.audit"
    verbose_name = _("Audit trail")
    nav_items = [("audit_log", _("Audit trail"), lambda scope: scope.is_office)]
