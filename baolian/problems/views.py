"""Problem pages: thin views over problems.services and problems.selectors; the loop's
figures come from the metrics module.

Every problem is loaded through scoping (404 outside it); every step asks its rule again in
the service, so a forged POST gets 403, never a change.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baolian.accounts.models import Role
from baolian.accounts.scoping import get_for_user, scope_of, visible
from baolian.lib.paging import Paginator
from baolian.lib.period import period_from
from baolian.lib.xlsx import Sheet, write_xlsx
from baolian.oversight import metrics
from baolian.problems import rules, selectors, services
from baolian.problems.exporters import problem_rows
from baolian.problems.forms import (
    ExtendForm,
    FilterForm,
    NewCheckForm,
    NoteForm,
    ProblemForm,
    StandardItemForm,
)
from baolian.problems.importers import ProblemSheet
from baolian.problems.models import Problem, StandardItem
from baolian.problems.services import MAX_PHOTOS, ProblemForbidden, ProblemRefused
from baolian.roster.models import CampaignSettings, Community, Street, Unit
from baolian.web.views import xlsx_response

PAGE_SIZE = 30


def _problem(request: HttpRequest, pk: int) -> Problem:
    return get_for_user(
        request.user,
        Problem.objects.alive().select_related(
            "community__street", "standard_item__parent", "supporting_unit", "found_by_unit"
        ),
        pk,
    )


def _uploads(request: HttpRequest) -> list[tuple[str, bytes]]:
    files = request.FILES.getlist("photos")
    if len(files) > MAX_PHOTOS:
        raise ProblemRefused(_("At most %(max)d photos at a time.") % {"max": MAX_PHOTOS})
    return [(f.name or "photo", f.read()) for f in files]


def _filtered(request: HttpRequest) -> tuple[FilterForm, object]:
    user = request.user
    form = FilterForm(
        request.GET or None,
        streets=visible(user, Street.objects.all()),
        communities=visible(user, Community.objects.select_related("street")),
    )
    data = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    rows = selectors.problems_for(
        scope=scope_of(user),
        state=data.get("state") or None,
        category=data.get("category"),
        street=data.get("street"),
        community=data.get("community"),
        overdue_on=today if data.get("overdue") else None,
        q=(data.get("q") or "").replace("\x00", ""),
    )
    if scope_of(user).role == Role.COMMUNITY:
        rows = selectors.order_due_first(rows, today=today)
    else:
        rows = rows.order_by("state", "deadline", "id")
    return form, rows


@login_required
def problem_list(request: HttpRequest) -> HttpResponse:
    form, rows = _filtered(request)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    today = timezone.localdate()
    return render(
        request,
        "problems/problem_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "today": today,
            "week_end": today + timedelta(days=6 - today.weekday()),
            "can_create": rules.can_list_problems(scope_of(request.user)),
        },
    )


@login_required
def problem_export(request: HttpRequest) -> HttpResponse:
    if not rules.can_export_problems(scope_of(request.user)):
        raise PermissionDenied
    _form, rows = _filtered(request)
    headers = [col.header for col in ProblemSheet.columns]
    content = write_xlsx([Sheet(ProblemSheet.name, headers, problem_rows(rows.iterator()))])
    stamp = timezone.localdate().strftime("%Y%m%d")
    return xlsx_response(content, f"问题清单_{stamp}.xlsx")


@login_required
def problem_stats(request: HttpRequest) -> HttpResponse:
    campaign = CampaignSettings.load()
    period = period_from(request, default_start=campaign.campaign_started_on)
    scope = scope_of(request.user)
    streets = metrics.problem_figures_by_street(start=period.start, end=period.end, scope=scope)
    total = metrics.problem_figures(start=period.start, end=period.end, scope=scope)
    return render(
        request,
        "problems/problem_stats.html",
        {"period": period, "streets": streets, "total": total},
    )


@login_required
def problem_new(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    if not rules.can_list_problems(scope):
        raise PermissionDenied
    communities = visible(request.user, Community.objects.select_related("street"))
    if scope.role == Role.LIAISON:
        communities = communities.filter(scope.within("pk", "community"))
    units = Unit.objects.order_by("sort_order", "id")
    visit = flag = None
    if request.GET.get("flag"):
        # An inspector's confirmed flag: the problem is found by the inspection team.
        from baolian.visits.models import VisitFlag

        flag = get_for_user(
            request.user,
            VisitFlag.objects.select_related("visit__community", "visit__unit"),
            request.GET["flag"],
        )
        visit = flag.visit
    elif request.GET.get("visit"):
        from baolian.visits.models import Visit

        visit = get_for_user(
            request.user, Visit.objects.select_related("community", "unit"), request.GET["visit"]
        )
    initial = {"found_on": timezone.localdate()}
    if visit is not None:
        initial.update(
            community=visit.community,
            description=visit.findings,
            found_on=visit.visited_on,
            supporting_unit=visit.unit,
        )
    if flag is not None:
        initial.update(
            description=flag.review_comment or flag.reason,
            found_on=timezone.localdate(flag.reviewed_at or timezone.now()),
        )
    form = ProblemForm(request.POST or None, initial=initial, communities=communities, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            common = {
                "deadline": data["deadline"],
                "standard_item": data["standard_item"],
                "place": data["place"],
                "responsible": data["responsible"],
                "photos": _uploads(request),
            }
            if flag is not None and data["community"] == visit.community:
                problem = services.problem_create_from_flag(
                    flag=flag, by=request.user, description=data["description"], **common
                )
            elif visit is not None and data["community"] == visit.community:
                problem = services.problem_create_from_visit(
                    visit=visit, by=request.user, description=data["description"], **common
                )
            else:
                problem = services.problem_create(
                    by=request.user,
                    community=data["community"],
                    description=data["description"],
                    found_on=data["found_on"],
                    supporting_unit=data["supporting_unit"],
                    **common,
                )
        except ProblemForbidden as exc:
            raise PermissionDenied(str(exc.message)) from exc
        except ProblemRefused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("The problem is listed."))
            return redirect("problems:detail", problem.pk)
    return render(
        request,
        "problems/problem_form.html",
        {"form": form, "visit": visit, "flag": flag, "max_photos": MAX_PHOTOS},
        status=400 if form.errors else 200,
    )


@login_required
def problem_detail(request: HttpRequest, pk: int) -> HttpResponse:
    problem = _problem(request, pk)
    scope = scope_of(request.user)
    photos = list(problem.photos.order_by("id"))
    before = [p for p in photos if p.stage == "before"]
    # A problem listed from a visit links back to it, and without its own before photos
    # shows the visit's: the before/after pair is what an inspector checks when closing.
    source_visit = None
    if problem.source_visit_id:
        from baolian.visits.models import Visit

        source_visit = (
            visible(request.user, Visit.objects.alive().select_related("unit"))
            .filter(pk=problem.source_visit_id)
            .first()
        )
    visit_photos = list(source_visit.photos.order_by("id")) if source_visit and not before else []
    return render(
        request,
        "problems/problem_detail.html",
        {
            "problem": problem,
            "source_visit": source_visit,
            "visit_photos": visit_photos,
            "before": before,
            "after": [p for p in photos if p.stage == "after"],
            "history": selectors.problem_history(problem),
            "measures": problem.support_measures.alive().select_related("unit"),
            "overdue": problem.is_overdue_on(timezone.localdate()),
            "can": {
                "start": rules.can_start_problem(scope, problem),
                "rectify": rules.can_rectify_problem(scope, problem),
                "close": rules.can_close_problem(scope, problem),
                "send_back": rules.can_send_back_problem(scope, problem),
                "extend": rules.can_extend_deadline(scope, problem),
            },
            "note_form": NoteForm(),
            "extend_form": ExtendForm(),
            "max_photos": MAX_PHOTOS,
        },
    )


def _step(
    request: HttpRequest, pk: int, run: Callable[[Problem], object], done: str
) -> HttpResponse:
    problem = _problem(request, pk)
    try:
        run(problem)
    except ProblemForbidden as exc:
        raise PermissionDenied(str(exc.message)) from exc
    except ProblemRefused as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, done)
    return redirect(reverse("problems:detail", args=[problem.pk]))


def _note(request: HttpRequest) -> str:
    return request.POST.get("note", "").replace("\x00", "")[:2000]


@login_required
@require_POST
def problem_start(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        lambda p: services.problem_start(problem=p, by=request.user, note=_note(request)),
        _("Rectification started."),
    )


@login_required
@require_POST
def problem_rectify(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        lambda p: services.problem_rectify(
            problem=p, by=request.user, note=_note(request), photos=_uploads(request)
        ),
        _("Marked rectified; an inspector will check it."),
    )


@login_required
@require_POST
def problem_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        lambda p: services.problem_close(problem=p, by=request.user, note=_note(request)),
        _("Verified and closed."),
    )


@login_required
@require_POST
def problem_send_back(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        lambda p: services.problem_send_back(problem=p, by=request.user, reason=_note(request)),
        _("Sent back for more rectification."),
    )


@login_required
@require_POST
def problem_extend(request: HttpRequest, pk: int) -> HttpResponse:
    form = ExtendForm(request.POST)

    def run(problem: Problem) -> object:
        if not rules.can_extend_deadline(scope_of(request.user), problem):
            raise ProblemForbidden(_("Your role may not do this to this problem."))
        if not form.is_valid():
            raise ProblemRefused(_("Give a new deadline and the reason."))
        return services.problem_extend_deadline(
            problem=problem,
            by=request.user,
            deadline=form.cleaned_data["deadline"],
            reason=form.cleaned_data["reason"],
        )

    return _step(request, pk, run, _("Deadline extended."))


@login_required
def standard_list(request: HttpRequest) -> HttpResponse:
    items = StandardItem.objects.select_related("parent").order_by("sort_order", "id")
    return render(
        request,
        "problems/standard_list.html",
        {"items": items, "can_edit": rules.can_edit_standard(scope_of(request.user))},
    )


@login_required
def standard_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not rules.can_edit_standard(scope_of(request.user)):
        raise PermissionDenied
    item = get_for_user(request.user, StandardItem.objects.all(), pk)
    form = StandardItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("problems:standard")
    return render(request, "problems/standard_form.html", {"form": form, "item": item})


@login_required
def standard_new(request: HttpRequest) -> HttpResponse:
    """The office adds a checklist entry (what inspectors tick on the spot) under an item."""
    if not rules.can_edit_standard(scope_of(request.user)):
        raise PermissionDenied
    form = NewCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.standard_check_add(
            parent=form.cleaned_data["parent"], title=form.cleaned_data["title"]
        )
        messages.success(request, _("Saved."))
        return redirect("problems:standard")
    return render(
        request,
        "problems/standard_form.html",
        {"form": form, "item": None},
        status=400 if form.errors else 200,
    )
