from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from baolian.accounts.models import User
from baolian.roster.admin import HistoryAdmin


@admin.register(User)
class BaolianUserAdmin(HistoryAdmin, UserAdmin):
    list_display = ("username", "full_name", "role", "unit", "street", "community", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("username", "full_name", "phone")
    autocomplete_fields = ("leader", "unit", "street", "community")
    # The role and what it is bound to are chosen on the first page, so a user is never saved
    # half made (a liaison without a unit would see nothing, or be refused by the database).
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "password1",
                    "password2",
                    "role",
                    "full_name",
                    "leader",
                    "unit",
                    "street",
                    "community",
                ),
            },
        ),
    )
    fieldsets = (
        *UserAdmin.fieldsets,
        (
            _("Role"),
            {"fields": ("role", "full_name", "phone", "leader", "unit", "street", "community")},
        ),
    )
