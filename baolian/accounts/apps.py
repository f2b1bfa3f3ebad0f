from __future__ import annotations

from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    # Two configs live in this module: without `default` Django would use neither for
    # "baolian.accounts" (no verbose name in the admin, and ready() — the audit log of
    # users — would never run).
    default = True
    name = "baolian.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from baolian.accounts.models import User

        auditlog.register(User, exclude_fields=["password", "last_login"])


class LoginSecurityConfig(AxesAppConfig):
    """django-axes under a name the office reads in the admin (axes names itself "Axes")."""

    verbose_name = _("Login security")
