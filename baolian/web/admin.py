"""django-auditlog's log in the office's language: field names as their verbose names,
"system" (a change made by an import or command) as 系统, resource types by model name."""

from __future__ import annotations

from auditlog.admin import LogEntryAdmin
from auditlog.filters import CIDFilter, ResourceTypeFilter
from auditlog.models import LogEntry
from auditlog.render import get_field_verbose_name
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class ModelNameFilter(ResourceTypeFilter):
    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        ids = model_admin.get_queryset(request).values_list("content_type_id", flat=True)
        types = ContentType.objects.filter(pk__in=ids.distinct())
        return sorted(((t.pk, str(t)) for t in types), key=lambda pair: pair[1])


admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class ChineseLogEntryAdmin(LogEntryAdmin):
    list_filter = ["action", ModelNameFilter, CIDFilter]

    @admin.display(description=_("User"))
    def user_url(self, obj: LogEntry) -> str:
        if obj.actor:
            return super().user_url(obj)
        return str(_("system"))

    @admin.display(description=_("Changes"))
    def msg_short(self, obj: LogEntry) -> str:
        if obj.action in (LogEntry.Action.DELETE, LogEntry.Action.ACCESS):
            return ""
        names = [str(get_field_verbose_name(obj, field)) for field in obj.changes_dict]
        shown = "、".join(names[:6]) + ("…" if len(names) > 6 else "")
        return ngettext("%(n)d change: %(fields)s", "%(n)d changes: %(fields)s", len(names)) % {
            "n": len(names),
            "fields": shown,
        }

    @admin.display(description=_("Correlation ID"))
    def cid_url(self, obj: LogEntry) -> str | None:
        return super().cid_url(obj)
