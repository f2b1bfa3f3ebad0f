"""The import in the browser: upload → preview (a dry run) → confirm (the same import, for real).

The uploaded file waits in the data folder under a random token bound to the session, so the
confirmation imports exactly the bytes that were previewed.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from baolian.accounts.scoping import can_manage_roster
from baolian.imports.engine import import_file
from baolian.imports.templates_xlsx import template_bytes
from baolian.web.views import xlsx_response

SESSION_KEY = "pending_import"


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


def _pending_dir() -> Path:
    path = settings.DATA_DIR / "pending_imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _discard_pending(request: HttpRequest) -> None:
    pending = request.session.pop(SESSION_KEY, None) or {}
    if pending.get("token"):
        (_pending_dir() / pending["token"]).unlink(missing_ok=True)


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
        if report.ok:
            token = secrets.token_hex(16)
            (_pending_dir() / token).write_bytes(data)
            request.session[SESSION_KEY] = {"token": token, "filename": upload_file.name}
        return render(request, "web/import_preview.html", {"report": report, "token": token})
    return render(request, "web/import_upload.html", {"form": form})


@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    _require_office(request)
    pending = request.session.get(SESSION_KEY) or {}
    token = request.POST.get("token", "")
    path = _pending_dir() / pending.get("token", "-")
    if not token or token != pending.get("token") or not path.is_file():
        return render(
            request,
            "web/import_upload.html",
            {"form": UploadForm(), "expired": True},
            status=400,
        )
    report = import_file(data=path.read_bytes(), filename=pending["filename"], dry_run=False)
    path.unlink(missing_ok=True)
    del request.session[SESSION_KEY]
    return render(request, "web/import_preview.html", {"report": report, "done": True})


@login_required
def template(request: HttpRequest) -> HttpResponse:
    return xlsx_response(template_bytes(), "包联导入模板.xlsx")
