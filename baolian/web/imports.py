"""The import in the browser: upload → preview (a dry run) → confirm (the same import, for real).

The uploaded file waits in the media storage (shared by every app server, unlike a local
folder) under a random token bound to the session, so the confirmation imports exactly the
bytes that were previewed, whichever server answers it.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import cast

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from baolian.accounts.models import User
from baolian.accounts.scoping import can_manage_roster
from baolian.imports.jobs import import_job_start
from baolian.imports.models import ImportJob
from baolian.imports.report import StoredReport
from baolian.imports.runner import import_file
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
        # A new preview replaces the previous one: its file would never be confirmed now.
        _discard_pending(request)
        _sweep_abandoned()
        if len(data) > settings.IMPORT_BACKGROUND_ABOVE_BYTES:
            # A big file is checked by `baolian worker`; this request only queues it.
            token = _keep_pending(request, data, upload_file.name)
            job = import_job_start(
                user=cast(User, request.user),  # the office: _require_office said so
                filename=upload_file.name,
                stored_as=_pending_name(token),
                dry_run=True,
                language=get_language(),
            )
            return redirect("import_job", token=job.token)
        report = import_file(data=data, filename=upload_file.name, dry_run=True)
        token = ""
        # Nothing to confirm when the file has errors or changes nothing.
        if report.ok and report.changed:
            token = _keep_pending(request, data, upload_file.name)
        return render(request, "web/import_preview.html", {"report": report, "token": token})
    return render(request, "web/import_upload.html", {"form": form})


def _keep_pending(request: HttpRequest, data: bytes, filename: str) -> str:
    token = secrets.token_hex(16)
    default_storage.save(_pending_name(token), ContentFile(data))
    request.session[SESSION_KEY] = {"token": token, "filename": filename}
    return token


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
    if default_storage.size(name) > settings.IMPORT_BACKGROUND_ABOVE_BYTES:
        del request.session[SESSION_KEY]
        job = import_job_start(
            user=cast(User, request.user),
            filename=pending["filename"],
            stored_as=name,
            dry_run=False,
            language=get_language(),
        )
        return redirect("import_job", token=job.token)
    with default_storage.open(name, "rb") as stored:
        data = stored.read()
    report = import_file(data=data, filename=pending["filename"], dry_run=False)
    default_storage.delete(name)
    del request.session[SESSION_KEY]
    return render(request, "web/import_preview.html", {"report": report, "done": True})


@require_http_methods(["GET"])
def job(request: HttpRequest, token: str) -> HttpResponse:
    """A background preview or import: its progress while it runs, its report when done."""
    _require_office(request)
    import_job = get_object_or_404(ImportJob, token=token)
    if not import_job.finished:
        return render(request, "web/import_job.html", {"job": import_job})
    if import_job.report is None:
        return render(request, "web/import_job.html", {"job": import_job}, status=500)
    report = StoredReport(import_job.report)
    pending = request.session.get(SESSION_KEY) or {}
    confirmable = (
        import_job.dry_run
        and report.ok
        and report.changed
        and _pending_name(pending.get("token", "-")) == import_job.stored_as
        and default_storage.exists(import_job.stored_as)
    )
    context = {
        "report": report,
        "token": pending["token"] if confirmable else "",
        "done": not import_job.dry_run,
    }
    return render(request, "web/import_preview.html", context)


@login_required
def template(request: HttpRequest) -> HttpResponse:
    return xlsx_response(template_bytes(), "包联导入模板.xlsx")
