"""Visit pages: thin views; every visit is loaded through scoping, every action is a rule."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baolian.accounts.scoping import get_for_user, scope_of
from baolian.dashboard.cache import cached
from baolian.dashboard.selectors import scope_key
from baolian.lib.paging import Paginator
from baolian.lib.xlsx import Sheet, xlsx_download
from baolian.problems import rules as problem_rules
from baolian.roster.models import CampaignSettings, Unit
from baolian.visits import exporters, rules, selectors, services
from baolian.visits.forms import (
    ConfirmForm,
    ReviewForm,
    VisitEditForm,
    VisitFilterForm,
    VisitReportForm,
)
from baolian.visits.models import FlagKind, Visit, VisitFlag

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@login_required
def visit_list(request: HttpRequest) -> HttpResponse:
    form = VisitFilterForm(request.GET or None, user=request.user)
    filters = form.filters() if form.is_bound else None
    visits = selectors.visit_list(user=request.user, filters=filters)
    # Counting every visit the filter matches (a province's millions) is the page's cost, not
    # its 50 rows: counted once per write, as the dashboard keeps its figures.
    scope = scope_of(request.user)
    total, counts = cached(
        f"visit-list-counts:{scope_key(scope)}:{filters!r}",
        lambda: (visits.count(), selectors.flag_counts(visits)),
    )
    # A leader's or a street's visits are found by unit or community, then sorted by date:
    # read in two steps even on page 1, the sort reads ids alone and only the page's rows
    # are joined to their unit, community and leader (7 ms -> 0.2 ms on the province roster).
    paginator = Paginator(visits.prefetch_related(None), PAGE_SIZE, deep=0)
    paginator.count = total  # the cached_property, known already
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "visits/visit_list.html",
        {
            "form": form,
            "page": page,
            "page_flags": selectors.flags_by_visit(page.object_list),
            "total": page.paginator.count,
            "flag_counts": [(kind, counts[kind.value]) for kind in FlagKind],
            "query": query.urlencode(),
            "can_report": rules.can_report_visits(scope),
        },
    )


@login_required
def visit_export(request: HttpRequest) -> HttpResponse:
    if not rules.can_export_visits(scope_of(request.user)):
        raise PermissionDenied
    form = VisitFilterForm(request.GET or None, user=request.user)
    visits = selectors.visit_list(
        user=request.user, filters=form.filters() if form.is_bound else None
    )
    rows = exporters.visit_rows(visits.order_by("visited_on", "id"))
    stamp = timezone.localdate().strftime("%Y%m%d")
    return xlsx_download([Sheet("包联行动", exporters.HEADERS, rows)], f"包联行动_{stamp}.xlsx")


@login_required
def visit_report(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    if not rules.can_report_visits(scope):
        raise PermissionDenied
    if request.method != "POST":
        form = VisitReportForm(scope=scope, user=request.user, initial={"client_id": uuid.uuid4()})
        return render(request, "visits/visit_report.html", {"form": form})

    form = VisitReportForm(request.POST, scope=scope, user=request.user)
    if not form.is_valid():
        return _refused(request, form, status=400)
    data = form.cleaned_data
    pairing = data["pairing"]
    location = None
    if data.get("latitude") is not None:
        location = services.Location(data["latitude"], data["longitude"], data.get("accuracy"))
    uploads = [
        services.PhotoUpload(name=f.name or "photo", data=f.read())
        for f in request.FILES.getlist("photos")[: services.MAX_PHOTOS + 1]
        if f.size
    ]
    from baolian.photos.services import PhotoRejected

    try:
        visit, created = services.visit_report(
            user=request.user,
            client_id=data["client_id"],
            unit=pairing.unit,
            community=pairing.community,
            visited_on=data["visited_on"],
            kinds=data["kinds"],
            leader=data.get("leader"),
            unit_head_led=data.get("unit_head_led", False),
            participants=data.get("participants"),
            summary=data.get("summary", ""),
            findings=data.get("findings", ""),
            photos=uploads,
            location=location,
        )
    except services.VisitRefused as exc:
        field = exc.field if exc.field in form.fields else None
        if exc.field == "community":
            field = "pairing"
        form.add_error(field, str(exc.message))
        return _refused(request, form, status=400)
    except PhotoRejected as exc:
        form.add_error(None, services.photo_message(exc))
        return _refused(request, form, status=400)
    url = reverse("visits:detail", args=[visit.pk])
    if _wants_json(request):
        return JsonResponse(
            {"visit": visit.pk, "url": url, "created": created}, status=201 if created else 200
        )
    messages.success(
        request, _("Visit recorded.") if created else _("This visit was already recorded.")
    )
    return redirect(url)


def _refused(request: HttpRequest, form: VisitReportForm, *, status: int) -> HttpResponse:
    if _wants_json(request):
        errors = [str(e) for e in form.non_field_errors()]
        for name, field_errors in form.errors.items():
            if name != "__all__":
                label = form.fields[name].label or name
                errors.extend(f"{label}: {e}" for e in field_errors)
        # 400 means "do not retry": the phone keeps the form for the person to fix.
        return JsonResponse({"errors": errors}, status=status)
    return render(request, "visits/visit_report.html", {"form": form}, status=status)


def _visit_for(request: HttpRequest, pk: int) -> Visit:
    return get_for_user(
        request.user,
        Visit.objects.alive().select_related("unit", "community__street", "leader", "reported_by"),
        pk,
    )


@login_required
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit_for(request, pk)
    scope = scope_of(request.user)
    context = selectors.visit_detail(visit=visit)
    history = selectors.visit_history(visit=visit)
    context.update(
        {
            "visit": visit,
            "history": history,
            "campaign": CampaignSettings.load(),
            "can_confirm": rules.can_confirm_visit(scope, visit),
            "can_review": scope.sees_everything,
            # The next step after a finding or a confirmed flag: list it as a problem.
            "can_list_problem": problem_rules.can_create_problem(scope, visit.community),
            "problems": visit.problems.filter(deleted_at__isnull=True).order_by("pk"),
            "can_delete": rules.can_delete_visit(scope, visit),
            "can_edit": rules.can_edit_visit(scope, visit),
            "confirm_form": ConfirmForm(),
            "review_form": ReviewForm(),
            "lag": visit.lag_days(),
        }
    )
    return render(request, "visits/visit_detail.html", context)


@login_required
@require_POST
def visit_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit_for(request, pk)
    if not rules.can_confirm_visit(scope_of(request.user), visit):
        raise PermissionDenied
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.visit_confirm(
                user=request.user,
                visit=visit,
                confirmed=form.cleaned_data["decision"] == "confirm",
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Thank you; your answer is recorded."))
        except services.VisitRefused as exc:
            messages.error(request, str(exc.message))
    else:
        messages.error(request, _("Choose confirm or dispute."))
    return redirect("visits:detail", pk=visit.pk)


@login_required
@require_POST
def flag_review(request: HttpRequest, pk: int) -> HttpResponse:
    flag = get_for_user(request.user, VisitFlag.objects.select_related("visit"), pk)
    if not rules.can_review_flag(scope_of(request.user), flag):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.flag_review(
                user=request.user,
                flag=flag,
                review=form.cleaned_data["review"],
                comment=form.cleaned_data["comment"],
            )
            messages.success(request, _("Review recorded."))
        except services.VisitRefused as exc:
            messages.error(request, str(exc.message))
    else:
        messages.error(request, _("Choose accepted or confirmed as a problem."))
    return redirect("visits:detail", pk=flag.visit_id)


@login_required
def visit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit_for(request, pk)
    if not rules.can_edit_visit(scope_of(request.user), visit):
        raise PermissionDenied
    # The form works on a copy: a refused edit must not show the visit half-changed.
    form = VisitEditForm(request.POST or None, instance=_visit_for(request, pk))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        kinds = data.pop("kinds")
        removing = [photo.pk for photo in data.pop("remove_photos")]
        uploads = [
            services.PhotoUpload(name=f.name or "photo", data=f.read())
            for f in request.FILES.getlist("photos")[: services.MAX_PHOTOS + 1]
            if f.size
        ]
        from baolian.photos.services import PhotoRejected

        try:
            services.visit_edit(
                user=request.user,
                visit=visit,
                kinds=kinds,
                add_photos=uploads,
                remove_photos=removing,
                **data,
            )
        except services.VisitRefused as exc:
            field = exc.field if exc.field in form.fields else None
            form.add_error(field, str(exc.message))
        except PhotoRejected as exc:
            form.add_error(None, services.photo_message(exc))
        else:
            messages.success(request, _("Changes saved; the history keeps what was there."))
            return redirect("visits:detail", pk=visit.pk)
    status = 400 if form.is_bound else 200
    return render(request, "visits/visit_edit.html", {"form": form, "visit": visit}, status=status)


@login_required
@require_POST
def visit_delete(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit_for(request, pk)
    if not rules.can_delete_visit(scope_of(request.user), visit):
        raise PermissionDenied
    services.visit_delete(user=request.user, visit=visit)
    messages.success(request, _("Visit deleted; it stays in the history."))
    return redirect("visits:list")


@login_required
def unit_months(request: HttpRequest, pk: int) -> HttpResponse:
    """A fragment for the unit's page: its visits month by month against the quota."""
    unit = get_for_user(request.user, Unit.objects.all(), pk)
    rows = selectors.unit_months(unit=unit)
    return render(
        request,
        "visits/_unit_months.html",
        {"unit": unit, "rows": rows, "quota": CampaignSettings.load().monthly_quota},
    )
