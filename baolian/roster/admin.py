from __future__ import annotations

from collections.abc import Iterator

from auditlog.mixins import AuditlogHistoryAdminMixin
from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from baolian.lib.choices import FEW
from baolian.roster.models import CampaignSettings, Community, Leader, Pairing, Street, Unit

admin.site.site_header = _("Baolian administration")
admin.site.site_title = _("Baolian admin")


class HistoryAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    """The admin's 历史 button opens the audit log, which records imports too, not Django's
    own history, which knows only edits made in the admin."""

    show_auditlog_history_link = True
    # A province's roster: 50 rows a page like the app's own lists, and no second count of
    # the whole table when a search narrows it.
    list_per_page = 50
    show_full_result_count = False

    def action_checkbox(self, obj: object) -> SafeString:
        """Django's row checkbox, the same markup written directly: Django renders a widget
        template for each of a page's 50 rows, a quarter of a change list's time."""
        label = format_html(gettext("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,  # type: ignore[attr-defined]
            label,
        )

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: object = None
    ) -> HttpResponse:
        opts = self.model._meta
        if self.get_object(request, object_id) is None:  # deleted, or a stale link
            return self._get_obj_does_not_exist_redirect(request, opts, object_id)
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_auditlog", object_id)


class KeyedForm(forms.ModelForm):
    """Roster rows are matched by a normalised key of their name: keep it in step, and say
    so in the form when another row already has that name (instead of a database error)."""

    def _post_clean(self) -> None:
        super()._post_clean()
        self.instance.refresh_key()
        try:
            self.instance.validate_constraints()
            self.instance.validate_unique()
        except ValidationError:
            self.add_error("name", _("Another row already has this name."))


class KeyedAdmin(HistoryAdmin):
    form = KeyedForm
    search_fields = ("name",)


@admin.register(Street)
class StreetAdmin(KeyedAdmin):
    list_display = ("name", "kind", "district", "code", "sort_order")


class FewStreetsFilter(admin.RelatedFieldListFilter):
    """The sidebar's list of streets while a city has few of them. A province's 500 would be
    a sidebar nobody scrolls, and rendering it was a third of the change list's time: there
    the sidebar shows the chosen street alone, and the search box finds a street's
    communities by its name."""

    def choices(self, changelist: object) -> Iterator[dict[str, object]]:
        if len(self.lookup_choices) > FEW:
            chosen = {str(value) for value in self.lookup_val or ()}
            self.lookup_choices = [c for c in self.lookup_choices if str(c[0]) in chosen]
        yield from super().choices(changelist)


@admin.register(Community)
class CommunityAdmin(KeyedAdmin):
    list_display = ("name", "kind", "street", "latitude", "longitude", "sort_order")
    list_filter = (("street", FewStreetsFilter),)
    search_fields = ("name", "street__name")
    list_select_related = ("street",)


@admin.register(Unit)
class UnitAdmin(KeyedAdmin):
    list_display = ("sort_order", "name", "category", "liaison_name", "liaison_phone")


@admin.register(Leader)
class LeaderAdmin(KeyedAdmin):
    list_display = ("sort_order", "name", "title")


@admin.register(Pairing)
class PairingAdmin(HistoryAdmin):
    list_display = ("unit", "community", "leader", "started_on", "ended_on")
    list_select_related = ("unit", "community", "leader")
    autocomplete_fields = ("unit", "community", "leader")
    search_fields = ("unit__name", "community__name")


@admin.register(CampaignSettings)
class CampaignSettingsAdmin(HistoryAdmin):
    list_display = ("city_name", "office_name", "monthly_quota", "low_line", "late_report_days")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not CampaignSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
