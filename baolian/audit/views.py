"""The audit page (office only): filter the log by person, kind of row, action, dates and
address; page through it; export what is filtered as .xlsx."""

from __future__ import annotations

from auditlog.models import LogEntry
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from baolian.accounts.models import User
from baolian.accounts.scoping import scope_of
from baolian.audit.selectors import (
    AuditFilter,
    audit_entries,
    audit_row,
    audit_rows,
    audited_models,
)
from baolian.lib.choices import QuickSelect
from baolian.lib.paging import Paginator
from baolian.lib.xlsx import Sheet, write_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_LIMIT = 50_000  # a year of a city's edits; larger ranges are exported in parts
HEADERS = [_("Time"), _("Who"), _("Action"), _("Kind"), _("Record"), _("Changes"), _("Address")]


class AuditFilterForm(forms.Form):
    actor = forms.ModelChoiceField(
        label=_("Who"),
        queryset=User.objects.order_by("username"),
        required=False,
        widget=QuickSelect,
    )
    kind = forms.ModelChoiceField(
        label=_("Kind"), queryset=None, required=False, widget=QuickSelect
    )
    action = forms.TypedChoiceField(
        label=_("Action"),
        choices=[("", "—"), *LogEntry.Action.choices],
        coerce=int,
        empty_value=None,
        required=False,
        widget=QuickSelect,
    )
    start = forms.DateField(
        label=_("From date"), required=False, widget=forms.DateInput({"type": "date"})
    )
    end = forms.DateField(
        label=_("To date"), required=False, widget=forms.DateInput({"type": "date"})
    )
    address = forms.GenericIPAddressField(label=_("Address"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = audited_models()
        self.fields["kind"].label_from_instance = lambda ct: (
            str(ct.model_class()._meta.verbose_name) if ct.model_class() else ct.model
        )

    def filters(self) -> AuditFilter:
        data = self.cleaned_data if self.is_valid() else {}
        return AuditFilter(
            actor_id=data["actor"].pk if data.get("actor") else None,
            content_type_id=data["kind"].pk if data.get("kind") else None,
            action=data.get("action"),
            start=data.get("start"),
            end=data.get("end"),
            address=data.get("address") or "",
        )


def _office_only(request: HttpRequest) -> None:
    if not scope_of(request.user).is_office:
        raise PermissionDenied


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    _office_only(request)
    form = AuditFilterForm(request.GET or None)
    entries = audit_entries(filters=form.filters() if form.is_bound else AuditFilter())
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/log.html",
        {
            "form": form,
            "page": page,
            "rows": [(entry, audit_row(entry)) for entry in page.object_list],
            "headers": HEADERS,
            "query": query.urlencode(),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@login_required
def audit_export(request: HttpRequest) -> HttpResponse:
    _office_only(request)
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return audit_log(request)
    entries = audit_entries(filters=form.filters() if form.is_bound else AuditFilter())
    headers = [str(h) for h in HEADERS]
    content = write_xlsx([Sheet("操作日志", headers, audit_rows(entries[:EXPORT_LIMIT]))])
    response = HttpResponse(content, content_type=XLSX)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = content_disposition_header(True, f"操作日志_{stamp}.xlsx")
    response["Cache-Control"] = "private, no-store"
    return response
