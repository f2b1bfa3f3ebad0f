from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from baolian.accounts.models import User


@admin.register(User)
class BaolianUserAdmin(UserAdmin):
    list_display = ("username", "full_name", "role", "unit", "street", "community", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("username", "full_name", "phone")
    autocomplete_fields = ("leader", "unit", "street", "community")
    fieldsets = (
        *UserAdmin.fieldsets,
        (
            _("Role"),
            {"fields": ("role", "full_name", "phone", "leader", "unit", "street", "community")},
        ),
    )
