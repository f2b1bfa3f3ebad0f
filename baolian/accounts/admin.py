from __future__ import annotations

from django.apps import apps
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission
from django.db.models import ManyToManyField
from django.forms import ModelMultipleChoiceField
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from baolian.accounts.models import User
from baolian.roster.admin import HistoryAdmin

# Django stores permission names in English when it migrates ("Can add unit"); the admin
# shows them from the code name instead, in the reader's language.
PERMISSION_ACTIONS = {
    "add": _("Can add %(what)s"),
    "change": _("Can change %(what)s"),
    "delete": _("Can delete %(what)s"),
    "view": _("Can view %(what)s"),
}


def permission_label(permission: Permission) -> str:
    """'包联名册 | 可添加包联单位' for Django's built-in permissions; others as they are named."""
    action, _sep, model_name = permission.codename.partition("_")
    model = permission.content_type.model_class()
    if action not in PERMISSION_ACTIONS or model is None or model._meta.model_name != model_name:
        return str(permission)
    app = apps.get_app_config(model._meta.app_label).verbose_name
    what = gettext(str(model._meta.verbose_name))
    return f"{app} | {PERMISSION_ACTIONS[action] % {'what': what}}"


class ChinesePermissionsMixin:
    def formfield_for_manytomany(
        self, db_field: ManyToManyField, request: HttpRequest, **kwargs: object
    ) -> ModelMultipleChoiceField | None:
        field = super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]
        if field is not None and db_field.related_model is Permission:
            field.label_from_instance = permission_label
        return field


admin.site.unregister(Group)


@admin.register(Group)
class BaolianGroupAdmin(ChinesePermissionsMixin, GroupAdmin):
    pass


@admin.register(User)
class BaolianUserAdmin(ChinesePermissionsMixin, HistoryAdmin, UserAdmin):
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
