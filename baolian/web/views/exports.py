from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from baolian.accounts.scoping import can_export_roster
from baolian.lib.xlsx import xlsx_download
from baolian.roster.exporters import workbook_sheets

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
def roster_export(request: HttpRequest) -> HttpResponse:
    if not can_export_roster(request.user):
        raise PermissionDenied
    stamp = timezone.localdate().strftime("%Y%m%d")
    # Streamed from a temporary file: memory does not grow with the roster.
    return xlsx_download(workbook_sheets(request.user), f"包联名册_{stamp}.xlsx")
