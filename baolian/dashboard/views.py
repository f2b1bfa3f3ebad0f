"""Dashboard and rankings pages: thin views over selectors; figures from the metrics module."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from baolian.accounts.scoping import scope_of, visible
from baolian.dashboard import selectors
from baolian.dashboard.cache import cached, figures_changed
from baolian.dashboard.forms import RankingSettingsForm
from baolian.dashboard.models import RankingSettings
from baolian.dashboard.rankings import (
    Scorecard,
    explain,
    month_period,
    previous_month,
    scorecards,
    with_previous,
)
from baolian.lib.xlsx import Sheet, write_xlsx
from baolian.oversight.formatting import decimal, wan
from baolian.oversight.metrics import period_metrics
from baolian.roster.models import Unit
from baolian.web.views import xlsx_response


def _map_settings() -> dict[str, str]:
    return {
        "tiles": settings.BAOLIAN_MAP_TILES,
        "subdomains": settings.BAOLIAN_MAP_SUBDOMAINS,
        "attribution": settings.BAOLIAN_MAP_ATTRIBUTION,
    }


def tile_origin(url: str) -> str | None:
    """Where the map's tiles come from, as a CSP source: without it in img-src the browser
    refuses every tile and the map stays grey. A {s} subdomain becomes a wildcard."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    host = parts.netloc.rsplit("@", 1)[-1]
    if "{" in host:
        first, _dot, rest = host.partition(".")
        if "{" in rest or not rest:
            return None
        host = f"*.{rest}"
    return f"{parts.scheme}://{host}"


@login_required
def index(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    period, errors = selectors.period_from(request.GET, scope)

    def build() -> dict[str, object]:
        page = selectors.build_page(scope=scope, period=period)
        context = {
            "data": page["data"],
            "data_script": page["script"],
            "period": period,
            "errors": errors,
            "data_url": f"/dashboard/data.json?{period.query()}",
            "map_settings": _map_settings(),
        }
        # The body holds nothing per request (no form token, no user name).
        return {
            "body_html": render_to_string("dashboard/_body.html", context),
            "map_settings": context["map_settings"],
        }

    # Figures, their JSON and the page body: made once per write, for this scope and period.
    context = cached(
        f"dashboard-page:{selectors.scope_key(scope)}:{period.start}:{period.end}:"
        f"{get_language()}:{'|'.join(errors)}",
        build,
    )
    response = render(request, "dashboard/index.html", context)
    origin = tile_origin(settings.BAOLIAN_MAP_TILES)
    if origin:
        response._csp_update = {"img-src": [origin]}  # type: ignore[attr-defined]  # django-csp
    return response


@login_required
def data(request: HttpRequest) -> JsonResponse:
    scope = scope_of(request.user)
    period, errors = selectors.period_from(request.GET, scope)
    payload = dict(selectors.dashboard_data(scope=scope, period=period))
    payload["errors"] = errors
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False})


def _month(request: HttpRequest) -> tuple[date, list[str]]:
    raw = request.GET.get("month", "")
    today = timezone.localdate()
    if not raw:
        return today.replace(day=1), []
    try:
        year, month = (int(part) for part in raw.split("-")[:2])
        return date(year, month, 1), []
    except ValueError:
        return today.replace(day=1), [_("“%(value)s” is not a month (YYYY-MM).") % {"value": raw}]


def ranked(month: date) -> list[Scorecard]:
    """The city-wide ranking of a month with the change since the month before (cached)."""

    def compute() -> list[Scorecard]:
        ranking_settings = RankingSettings.load()
        start, end = month_period(month)
        cards = scorecards(period_metrics(start=start, end=end), ranking_settings)
        p_start, p_end = month_period(previous_month(month))
        before = scorecards(period_metrics(start=p_start, end=p_end), ranking_settings)
        return with_previous(cards, before)

    return cached(f"rankings:{month:%Y-%m}", compute)


def _visible_cards(request: HttpRequest, month: date) -> list[Scorecard]:
    """Places are city-wide; each person sees the rows of the units in their scope."""
    cards = ranked(month)
    if scope_of(request.user).sees_everything:
        return cards
    ids = set(visible(request.user, Unit.objects.all()).values_list("pk", flat=True))
    return [card for card in cards if card.unit_id in ids]


@login_required
def rankings(request: HttpRequest) -> HttpResponse:
    month, errors = _month(request)
    cards = _visible_cards(request, month)
    start, end = month_period(month)
    # A city's 2,000 rows × 6 explained parts are most of the page's time: made once per write.
    scope = scope_of(request.user)
    rows_html = cached(
        f"ranking-rows:{month:%Y-%m}:{selectors.scope_key(scope)}:{get_language()}",
        lambda: render_to_string(
            "dashboard/_ranking_rows.html", {"cards": cards, "start": start, "end": end}
        ),
    )
    return render(
        request,
        "dashboard/rankings.html",
        {
            "rows_html": rows_html,
            "cards": cards,
            "red": [c for c in cards if c.red],
            "black": [c for c in cards if c.black],
            "month": month,
            "month_value": f"{month:%Y-%m}",
            "previous": f"{previous_month(month):%Y-%m}",
            "start": start,
            "end": end,
            "errors": errors,
            "ranking_settings": RankingSettings.load(),
            "is_office": scope_of(request.user).is_office,
        },
    )


@login_required
def rankings_export(request: HttpRequest) -> HttpResponse:
    month, _errors = _month(request)
    cards = _visible_cards(request, month)
    headers = [
        "名次",
        "较上月",
        "包联单位",
        "得分",
        "月均次数",
        "包联次数",
        "市领导带队",
        "迟报",
        "佐证存疑",
        "发现问题",
        "已销号",
        "投入资金(万元)",
        "榜单",
        "说明",
    ]

    def rows():
        for c in cards:
            r = c.row
            board = "红榜" if c.red else ("黑榜" if c.black else "")
            yield [
                c.rank,
                c.change,
                c.name,
                float(c.score),
                decimal(r.average),
                r.visits,
                r.leader_led,
                r.late,
                r.flagged,
                r.problems_found,
                r.problems_closed,
                wan(r.invested),
                board,
                explain(c) + ("；" + "、".join(c.black_reasons) if c.black_reasons else ""),
            ]

    content = write_xlsx([Sheet(f"{month:%Y年%m月}排名", headers, rows())])
    return xlsx_response(content, f"包联单位排名-{month:%Y-%m}.xlsx")


@login_required
def ranking_settings(request: HttpRequest) -> HttpResponse:
    if not scope_of(request.user).is_office:
        raise PermissionDenied
    instance = RankingSettings.load()
    form = RankingSettingsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        figures_changed()
        messages.success(request, _("Ranking settings saved."))
        return redirect("dashboard:rankings")
    return render(request, "dashboard/ranking_settings.html", {"form": form})
