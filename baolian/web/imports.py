"""The import in the browser: upload → preview (a dry run) → confirm (the same import, for real).

The uploaded file waits in the media storage (shared by every app server, unlike a local
folder) under a random token bound to the session, so the confirmation imports exactly the
bytes that were previewed, whichever server answers it.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from baolian.accounts.scoping import can_manage_roster
from baolian.imports.engine import import_file
from baolian.imports.templates_xlsx import template_bytes
from baolian.web.views import xlsx_response

SESSION_KEY = "pending_import"
PENDING = "pending_imports"
# A preview nobody confirmed within a day is abandoned; its file is swept on the next upload.
PENDING_MAX_AGE = timedelta(days=1)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Workbook (.xlsx) or CSV file"))

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            # filesizeformat, not whole MB: a limit under 1 MB must not read "the limit is 0 MB".
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s. Split it into smaller files.")
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.IMPORT_MAX_BYTES),
                }
            )
        return upload


def _pending_name(token: str) -> str:
    return f"{PENDING}/{token}"


def _discard_pending(request: HttpRequest) -> None:
    pending = request.session.pop(SESSION_KEY, None) or {}
    if pending.get("token"):
        default_storage.delete(_pending_name(pending["token"]))


def _sweep_abandoned() -> None:
    if not default_storage.exists(PENDING):
        return
    cutoff = timezone.now() - PENDING_MAX_AGE
    for name in default_storage.listdir(PENDING)[1]:
        if default_storage.get_modified_time(_pending_name(name)) < cutoff:
            default_storage.delete(_pending_name(name))


def _require_office(request: HttpRequest) -> None:
    if not can_manage_roster(request.user):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    _require_office(request)
    if request.method != "POST":
        return render(request, "web/import_upload.html", {"form": UploadForm()})
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload_file = form.cleaned_data["file"]
        data = upload_file.read(settings.IMPORT_MAX_BYTES + 1)
        report = import_file(data=data, filename=upload_file.name, dry_run=True)
        token = ""
        # A new preview replaces the previous one: its file would never be confirmed now.
        _discard_pending(request)
        _sweep_abandoned()
        if report.ok:
            token = secrets.token_hex(16)
            default_storage.save(_pending_name(token), ContentFile(data))
            request.session[SESSION_KEY] = {"token": token, "filename": upload_file.name}
        return render(request, "web/import_preview.html", {"report": report, "token": token})
    return render(request, "web/import_upload.html", {"form": form})


@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    _require_office(request)
    pending = request.session.get(SESSION_KEY) or {}
    token = request.POST.get("token", "")
    name = _pending_name(pending.get("token", "-"))
    if not token or token != pending.get("token") or not default_storage.exists(name):
        return render(
            request,
            "web/import_upload.html",
            {"form": UploadForm(), "expired": True},
            status=400,
        )
    with default_storage.open(name, "rb") as stored:
        data = stored.read()
    report = import_file(data=data, filename=pending["filename"], dry_run=False)
    default_storage.delete(name)
    del request.session[SESSION_KEY]
    return render(request, "web/import_preview.html", {"report": report, "done": True})


@login_required
def template(request: HttpRequest) -> HttpResponse:
    return xlsx_response(template_bytes(), "包联导入模板.xlsx")
