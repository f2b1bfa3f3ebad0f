"""Support pages: thin views over support.services and support.selectors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from baolian.accounts.models import Role
from baolian.accounts.scoping import get_for_user, scope_of, visible
from baolian.lib.paging import Paginator
from baolian.lib.period import period_from
from baolian.lib.xlsx import Sheet, write_xlsx
from baolian.problems.models import Problem
from baolian.roster.models import CampaignSettings, Community, Unit
from baolian.support import rules, selectors, services
from baolian.support.exporters import measure_rows
from baolian.support.forms import MeasureForm
from baolian.support.importers import SupportSheet
from baolian.support.models import Category, MeasureState, SupportMeasure
from baolian.support.services import MAX_PHOTOS, MeasureForbidden, MeasureRefused
from baolian.web.views import xlsx_response

PAGE_SIZE = 30
# A city's units and communities with support fit on one page of the totals.
TOTALS_PAGE_SIZE = 100
# The list page names the oldest few measures not followed up, and links to all of them
# (`?idle=1`): a city with hundreds would otherwise render them all on every visit.
IDLE_SHOWN = 10


def _filters(request: HttpRequest) -> dict[str, object]:
    """The list's filters, which its export follows too; `?idle=1` keeps the measures not
    followed up today, whatever day they were given on."""
    category = request.GET.get("category", "")
    state = request.GET.get("state", "")
    idle = request.GET.get("idle") == "1"
    return {
        "category": category if category in Category.values else None,
        "state": state if state in MeasureState.values else None,
        "not_followed_up_on": timezone.localdate() if idle else None,
    }


def _query_without(request: HttpRequest, name: str) -> str:
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()


@login_required
def measure_list(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    campaign = CampaignSettings.load()
    period = period_from(request, default_start=campaign.campaign_started_on)
    filters = _filters(request)
    idle = selectors.measures_not_followed_up(
        today=timezone.localdate(), scope=scope, idle_days=campaign.support_idle_days
    )
    only_idle = filters["not_followed_up_on"] is not None
    if only_idle:  # whatever day they were given on: the period does not apply
        rows = selectors.measures_for(scope=scope, **filters)
    else:
        rows = selectors.measures_for(scope=scope, start=period.start, end=period.end, **filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    args = {"start": period.start, "end": period.end, "scope": scope}
    # The totals page through their units and communities (a province's are thousands),
    # each table by its own parameter; a city's fit on the first page.
    units = Paginator(selectors.giving_units(**args), TOTALS_PAGE_SIZE).get_page(
        request.GET.get("units_page")
    )
    communities = Paginator(selectors.receiving_communities(**args), TOTALS_PAGE_SIZE).get_page(
        request.GET.get("communities_page")
    )
    return render(
        request,
        "support/measure_list.html",
        {
            "page": page,
            "query": _query_without(request, "page"),
            "period": period,
            "filters": filters,
            "categories": Category.choices,
            "states": MeasureState.choices,
            "invested": selectors.funds_invested(**args),
            "pledged": selectors.funds_pledged(**args),
            "units": units,
            "units_query": _query_without(request, "units_page"),
            "by_unit": selectors.funds_rows(units, "unit_id", **args),
            "communities": communities,
            "communities_query": _query_without(request, "communities_page"),
            "by_community": selectors.funds_rows(communities, "community_id", **args),
            "top": selectors.top_fund_units(**args),
            "idle": idle[:IDLE_SHOWN],
            "idle_total": idle.count(),
            "only_idle": only_idle,
            "idle_days": campaign.support_idle_days,
            "can_add": rules.can_add_support(scope),
        },
    )


@login_required
def measure_export(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    rows = selectors.measures_for(scope=scope, **_filters(request)).order_by("given_on", "id")
    headers = [col.header for col in SupportSheet.columns]
    content = write_xlsx([Sheet(SupportSheet.name, headers, measure_rows(rows.iterator()))])
    return xlsx_response(content, f"帮扶措施_{timezone.localdate():%Y%m%d}.xlsx")


def _form(request: HttpRequest, measure: SupportMeasure | None = None) -> MeasureForm:
    scope = scope_of(request.user)
    units = Unit.objects.order_by("sort_order", "id")
    communities = Community.objects.select_related("street")
    if scope.role == Role.LIAISON:
        units = units.filter(pk=scope.unit_id)
        communities = communities.filter(scope.within("pk", "community"))
    problems = visible(request.user, Problem.objects.alive().select_related("community"))
    initial: dict[str, object] = {"given_on": timezone.localdate()}
    if scope.role == Role.LIAISON:
        initial["unit"] = scope.unit_id
    if measure is not None:
        initial = {
            "unit": measure.unit,
            "community": measure.community,
            "given_on": measure.given_on,
            "category": measure.category,
            "content": measure.content,
            "amount": "" if measure.amount_yuan is None else f"{measure.amount_yuan}",
            "state": measure.state,
            "problems": list(measure.problems.all()),
        }
        problems = problems.filter(community=measure.community)
    return MeasureForm(
        request.POST or None,
        initial=initial,
        units=units,
        communities=communities,
        problems=problems,
    )


def _uploads(request: HttpRequest) -> list[tuple[str, bytes]]:
    files = request.FILES.getlist("photos")
    if len(files) > MAX_PHOTOS:
        raise MeasureRefused(_("At most %(max)d photos at a time.") % {"max": MAX_PHOTOS})
    return [(f.name or "photo", f.read()) for f in files]


@login_required
def measure_new(request: HttpRequest) -> HttpResponse:
    if not rules.can_add_support(scope_of(request.user)):
        raise PermissionDenied
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            measure = services.support_measure_record(
                by=request.user,
                unit=data["unit"],
                community=data["community"],
                given_on=data["given_on"],
                category=data["category"],
                content=data["content"],
                amount_yuan=data["amount"],
                state=data["state"],
                problems=list(data["problems"]),
                photos=_uploads(request),
            )
        except MeasureRefused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("The measure is recorded."))
            return redirect("support:detail", measure.pk)
    return render(
        request,
        "support/measure_form.html",
        {"form": form, "max_photos": MAX_PHOTOS},
        status=400 if form.errors else 200,
    )


def _measure(request: HttpRequest, pk: int) -> SupportMeasure:
    return get_for_user(
        request.user,
        SupportMeasure.objects.alive().select_related("unit", "community__street"),
        pk,
    )


@login_required
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _measure(request, pk)
    problems = visible(request.user, measure.problems.alive())
    return render(
        request,
        "support/measure_detail.html",
        {
            "measure": measure,
            "photos": measure.photos.order_by("id"),
            "problems": problems,
            "can_edit": rules.can_edit_support(scope_of(request.user), measure),
        },
    )


@login_required
def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _measure(request, pk)
    if not rules.can_edit_support(scope_of(request.user), measure):
        raise PermissionDenied
    form = _form(request, measure)
    # The unit and community of a measure stay; a wrong one is recorded anew.
    form.fields["unit"].disabled = True
    form.fields["community"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.support_measure_update(
                measure=measure,
                by=request.user,
                given_on=data["given_on"],
                category=data["category"],
                content=data["content"],
                amount_yuan=data["amount"],
                state=data["state"],
                problems=list(data["problems"]),
                photos=_uploads(request),
            )
        except MeasureForbidden as exc:
            raise PermissionDenied(str(exc.message)) from exc
        except MeasureRefused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("Saved."))
            return redirect("support:detail", measure.pk)
    return render(
        request,
        "support/measure_form.html",
        {"form": form, "measure": measure, "max_photos": MAX_PHOTOS},
        status=400 if form.errors else 200,
    )
