from __future__ import annotations

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """Django's admin app with our site (baolian.web.admin_site): the office only."""

    default_site = "baolian.web.admin_site.OfficeAdminSite"
