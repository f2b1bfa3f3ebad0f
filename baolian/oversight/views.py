"""Report and bulletin pages: thin views over metrics, selectors and services."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baolian.accounts.scoping import get_for_user, scope_of
from baolian.lib.dates import parse_date
from baolian.lib.xlsx import write_xlsx
from baolian.oversight import render as renderers
from baolian.oversight import rules, selectors, services
from baolian.oversight.exporters import metrics_sheets
from baolian.oversight.metrics import Metrics, campaign_start, period_metrics
from baolian.oversight.models import Bulletin
from baolian.oversight.render import CONTENT_TYPES, FORMATS, PdfUnavailable
from baolian.oversight.render_pdf import soffice
from baolian.oversight.render_text import render_html_fragment

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPLOAD_LIMIT = 5 * 1024 * 1024  # a letterhead is a page of Word, never megabytes


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _period(request: HttpRequest) -> tuple[date, date, bool, list[str]]:
    """(start, end, cutoff, errors) from ?from=&to=; by default 截至 today."""
    errors = []
    today = timezone.localdate()

    def read(name: str) -> date | None:
        value = request.GET.get(name, "").strip()[:30]
        if not value:
            return None
        try:
            return parse_date(value)
        except ValueError:
            errors.append(_("The date “%(value)s” cannot be read.") % {"value": value})
            return None

    end = read("to") or today
    start = read("from")
    cutoff = start is None
    if start is None:
        start = min(campaign_start() or end, end)
    if end < start:
        errors.append(_("The period ends before it starts."))
        start = end
    return start, end, cutoff, errors


def _report_metrics(request: HttpRequest) -> tuple[Metrics, bool, list[str]]:
    scope = scope_of(request.user)
    if not rules.can_view_report(scope):
        raise PermissionDenied
    start, end, cutoff, errors = _period(request)
    return period_metrics(start=start, end=end, scope=scope), cutoff, errors


@login_required
def report(request: HttpRequest) -> HttpResponse:
    metrics, cutoff, errors = _report_metrics(request)
    return render(
        request,
        "oversight/report.html",
        {
            "m": metrics,
            "cutoff": cutoff,
            "errors": errors,
            "query": request.GET.urlencode(),
            "can_draft": rules.can_draft_bulletin(scope_of(request.user)),
        },
    )


@login_required
def report_xlsx(request: HttpRequest) -> HttpResponse:
    metrics, _cutoff, _errors = _report_metrics(request)
    content = write_xlsx(metrics_sheets(metrics))
    name = f"包联统计_{metrics.start:%Y%m%d}-{metrics.end:%Y%m%d}.xlsx"
    return _attachment(content, XLSX, name)


# --- bulletins ---------------------------------------------------------------------------


@login_required
def bulletin_list(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    return render(
        request,
        "oversight/bulletin_list.html",
        {
            # The archive shows numbers, dates and files: not each issue's text or frozen figures.
            "bulletins": selectors.bulletin_list(user=request.user).defer("body", "figures"),
            "can_draft": rules.can_draft_bulletin(scope),
            "can_letterhead": rules.can_manage_letterhead(scope),
        },
    )


@login_required
def bulletin_new(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    if not rules.can_draft_bulletin(scope):
        raise PermissionDenied
    errors: list[str] = []
    if request.method == "POST":
        values = {}
        for name in ("from", "to"):
            text = request.POST.get(name, "").strip()[:30]
            try:
                values[name] = parse_date(text)
            except ValueError:
                values[name] = None
            if values[name] is None and name == "to" and not text:
                errors.append(_("Give the last day of the period."))
            elif values[name] is None and text:
                errors.append(_("The date “%(value)s” cannot be read.") % {"value": text})
        if not errors:
            end = values["to"]
            start = values["from"] or min(campaign_start() or end, end)
            try:
                bulletin = services.bulletin_create(
                    start=start, end=end, cutoff=values["from"] is None, by=request.user
                )
            except services.BulletinError as exc:
                errors.append(str(exc))
            else:
                return redirect("oversight:bulletin_detail", pk=bulletin.pk)
    return render(
        request,
        "oversight/bulletin_new.html",
        {"errors": errors, "today": timezone.localdate(), "start": campaign_start()},
        status=400 if errors else 200,
    )


def _bulletin(request: HttpRequest, pk: int) -> Bulletin:
    return get_for_user(request.user, Bulletin.objects.all(), pk)


@login_required
def bulletin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _bulletin(request, pk)
    scope = scope_of(request.user)
    can_edit = rules.can_edit_bulletin(scope, bulletin)
    visits, measures = ([], [])
    chosen_visits, chosen_measures = set(), set()
    if can_edit:
        visits, measures = selectors.case_candidates(
            start=bulletin.period_start, end=bulletin.period_end
        )
        chosen = bulletin.cases.values_list("visit_id", "measure_id")
        chosen_visits = {v for v, _m in chosen if v}
        chosen_measures = {m for _v, m in chosen if m}
    return render(
        request,
        "oversight/bulletin_detail.html",
        {
            "bulletin": bulletin,
            "preview": render_html_fragment(selectors.bulletin_document(bulletin)),
            "can_edit": can_edit,
            "can_publish": rules.can_publish_bulletin(scope, bulletin),
            "can_delete": rules.can_delete_bulletin(scope, bulletin),
            "visits": visits,
            "measures": measures,
            "chosen_visits": chosen_visits,
            "chosen_measures": chosen_measures,
            "formats": _formats(bulletin),
        },
    )


def _formats(bulletin: Bulletin) -> list[str]:
    """PDF only where there is one: stored on publishing, or LibreOffice here for a draft."""
    has_pdf = bool(bulletin.pdf) if bulletin.is_published else soffice() is not None
    return [f for f in FORMATS if f != "pdf" or has_pdf]


def _editable(request: HttpRequest, pk: int) -> Bulletin:
    bulletin = _bulletin(request, pk)
    if not rules.can_edit_bulletin(scope_of(request.user), bulletin):
        raise PermissionDenied
    return bulletin


@login_required
@require_POST
def bulletin_edit(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _editable(request, pk)
    body = request.POST.get("body", "")
    issuer = request.POST.get("issuer", "")[:100]
    try:
        issued_on = parse_date(request.POST.get("issued_on", "")) or bulletin.issued_on
        services.bulletin_edit(bulletin=bulletin, body=body, issuer=issuer, issued_on=issued_on)
    except (ValueError, services.BulletinError) as exc:
        message = str(exc) if isinstance(exc, services.BulletinError) else _("Unreadable date.")
        messages.error(request, message)
    else:
        messages.success(request, _("Text saved."))
    return redirect("oversight:bulletin_detail", pk=bulletin.pk)


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()][:100]


@login_required
@require_POST
def bulletin_cases(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _editable(request, pk)
    services.bulletin_rewrite(
        bulletin=bulletin,
        visit_ids=_ids(request.POST.getlist("visit")),
        measure_ids=_ids(request.POST.getlist("measure")),
    )
    messages.success(request, _("Counted again and the text rewritten with the cases chosen."))
    return redirect("oversight:bulletin_detail", pk=bulletin.pk)


@login_required
@require_POST
def bulletin_publish(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _bulletin(request, pk)
    if not rules.can_publish_bulletin(scope_of(request.user), bulletin):
        raise PermissionDenied
    services.bulletin_publish(bulletin=bulletin, by=request.user)
    messages.success(request, _("Published. Its text, figures and files are now frozen."))
    return redirect("oversight:bulletin_detail", pk=bulletin.pk)


@login_required
@require_POST
def bulletin_delete(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _bulletin(request, pk)
    if not rules.can_delete_bulletin(scope_of(request.user), bulletin):
        raise PermissionDenied
    services.bulletin_delete(bulletin=bulletin)
    messages.success(request, _("Draft deleted."))
    return redirect("oversight:bulletin_list")


@login_required
def bulletin_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    bulletin = _bulletin(request, pk)
    if fmt not in FORMATS:
        raise Http404
    name = f"督查通报_{bulletin.year}年第{bulletin.number}期.{fmt}"
    if bulletin.is_published:
        stored = getattr(bulletin, fmt)
        if not stored:
            raise Http404
        with stored.open("rb") as handle:
            return _attachment(handle.read(), CONTENT_TYPES[fmt], name)
    doc = selectors.bulletin_document(bulletin)
    try:
        content = renderers.render(doc, fmt, template=selectors.letterhead_bytes())
    except PdfUnavailable as exc:
        raise Http404 from exc
    return _attachment(content, CONTENT_TYPES[fmt], name)


@login_required
def letterhead(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    if not rules.can_manage_letterhead(scope):
        raise PermissionDenied
    errors = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            errors.append(_("Choose a .docx file."))
        elif upload.size > UPLOAD_LIMIT:
            errors.append(_("The file is larger than 5 MB."))
        else:
            try:
                services.letterhead_upload(name=upload.name, content=upload.read(), by=request.user)
            except services.BulletinError as exc:
                errors.append(str(exc))
            else:
                messages.success(request, _("Letterhead saved; new bulletins use it."))
                return redirect("oversight:bulletin_list")
    return render(
        request,
        "oversight/letterhead.html",
        {"errors": errors, "current": selectors.current_letterhead()},
        status=400 if errors else 200,
    )
