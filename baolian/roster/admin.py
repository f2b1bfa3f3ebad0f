from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from baolian.roster.models import CampaignSettings, Community, Leader, Pairing, Street, Unit


class KeyedAdmin(admin.ModelAdmin):
    """Roster rows are matched by a normalised key of their name; keep it in step on edits."""

    search_fields = ("name",)

    def save_model(self, request: HttpRequest, obj: Model, form: object, change: bool) -> None:
        obj.refresh_key()
        super().save_model(request, obj, form, change)


@admin.register(Street)
class StreetAdmin(KeyedAdmin):
    list_display = ("name", "kind", "district", "code", "sort_order")


@admin.register(Community)
class CommunityAdmin(KeyedAdmin):
    list_display = ("name", "kind", "street", "latitude", "longitude", "sort_order")
    list_filter = ("street",)
    list_select_related = ("street",)


@admin.register(Unit)
class UnitAdmin(KeyedAdmin):
    list_display = ("sort_order", "name", "category", "liaison_name", "liaison_phone")


@admin.register(Leader)
class LeaderAdmin(KeyedAdmin):
    list_display = ("sort_order", "name", "title")


@admin.register(Pairing)
class PairingAdmin(admin.ModelAdmin):
    list_display = ("unit", "community", "leader", "started_on", "ended_on")
    list_select_related = ("unit", "community", "leader")
    autocomplete_fields = ("unit", "community", "leader")
    search_fields = ("unit__name", "community__name")


@admin.register(CampaignSettings)
class CampaignSettingsAdmin(admin.ModelAdmin):
    list_display = ("city_name", "office_name", "monthly_quota", "low_line", "late_report_days")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not CampaignSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
