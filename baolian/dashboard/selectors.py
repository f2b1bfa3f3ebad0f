"""What the dashboard shows: the metrics module's figures shaped for charts, with the link to
the list behind every bar and figure. Nothing here counts: the period's figures, the monthly
series and the flags by kind all come from the metrics module."""

from __future__ import annotations

import calendar
import json
import math
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Max
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from baolian.accounts.models import Role
from baolian.accounts.scoping import Scope, visible
from baolian.dashboard.cache import cached
from baolian.oversight.formatting import decimal, percent, wan
from baolian.oversight.metrics import (
    Metrics,
    MonthFigures,
    flags_by_kind,
    period_and_monthly_metrics,
    period_metrics,
    problem_figures,
)
from baolian.roster.models import Community
from baolian.visits.models import FlagKind, Visit

# Monthly charts show at most this many months (the latest ones of the period).
MAX_MONTHS = 12


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def query(self, **more: object) -> str:
        # A big city's charts link every bar: encode the period once, then only the rest.
        extra = "&".join(
            f"{k}={v}" if isinstance(v, int) else urlencode({k: str(v)})  # ints need no quoting
            for k, v in more.items()
            if v not in (None, "")
        )
        return f"{self._base}&{extra}" if extra else self._base

    @cached_property
    def _base(self) -> str:
        return urlencode({"from": self.start.isoformat(), "to": self.end.isoformat()})


def _parse(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def period_from(params: Any, scope: Scope) -> tuple[Period, list[str]]:
    """The period asked for (?from=&to=), or the three months up to the latest visit seen.

    Returns the period and the problems with what was asked (shown, never a 500).
    """
    errors = []
    start, end = _parse(params.get("from")), _parse(params.get("to"))
    if params.get("from") and start is None:
        errors.append(_("“%(value)s” is not a date (from).") % {"value": params.get("from")})
    if params.get("to") and end is None:
        errors.append(_("“%(value)s” is not a date (to).") % {"value": params.get("to")})
    if end is None:
        today = timezone.localdate()
        latest = visible(scope, Visit.objects.alive()).aggregate(m=Max("visited_on"))["m"]
        end = min(today, latest) if latest else today
    if start is None:
        year, month = divmod(end.year * 12 + end.month - 1 - 2, 12)
        start = date(year, month + 1, 1)  # the end's month and the two before it
    if start > end:
        errors.append(_("The period ends before it starts; showing its end month."))
        start = end.replace(day=1)
    if (end - start).days > 366 * 5:
        errors.append(_("Periods longer than five years are cut to the last five."))
        start = end - timedelta(days=366 * 5)
    return Period(start, end), errors


def scope_key(scope: Scope) -> str:
    if scope.sees_everything:
        return "all"
    return f"{scope.role}:{scope.user_id}"


def months_in(period: Period) -> list[Period]:
    months = []
    day = period.start
    while day <= period.end:
        last = date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
        months.append(Period(day, min(last, period.end)))
        day = last + timedelta(days=1)
    return months[-MAX_MONTHS:]


def _f(value: Fraction | Decimal | None, places: int = 2) -> float | None:
    return None if value is None else round(float(value), places)


def dashboard_data(*, scope: Scope, period: Period) -> dict[str, Any]:
    """Everything the dashboard draws, cached until the next write."""
    return dashboard_page(scope=scope, period=period)["data"]


def dashboard_page(*, scope: Scope, period: Period) -> dict[str, Any]:
    """The data and its <script type="application/json"> tag, made once per write: encoding
    and escaping the JSON is most of a warm page's own work."""

    return cached(
        f"dashboard:{scope_key(scope)}:{period.start}:{period.end}",
        lambda: build_page(scope=scope, period=period),
    )


def build_page(*, scope: Scope, period: Period) -> dict[str, Any]:
    data = _dashboard_data(scope, period)
    return {"data": data, "script": json_script_tag(data, "dashboard-data")}


def json_script_tag(value: object, element_id: str) -> str:
    """Django's `json_script`, escaping with `str.replace`: its `str.translate` through a
    dict looks every character up in Python (26 ms of the big city's cold dashboard, ~1 ms
    this way). The same text: `<`, `>` and `&` as unicode escapes."""
    text = json.dumps(value, cls=DjangoJSONEncoder)
    text = text.replace("&", "\\u0026").replace("<", "\\u003C").replace(">", "\\u003E")
    return format_html(
        '<script id="{}" type="application/json">{}</script>', element_id, mark_safe(text)
    )


def _dashboard_data(scope: Scope, period: Period) -> dict[str, Any]:
    months = months_in(period)
    # The period's figures and the charts' months from one scan of the visits, however
    # many months, streets and units.
    metrics, series = period_and_monthly_metrics(
        start=period.start, end=period.end, months_from=months[0].start, scope=scope
    )
    monthly = [(Period(m.first, m.last), m) for m in series]
    return {
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "headline": headline(metrics, period),
        "charts": {
            "visits_by_street": _visits_by_street(monthly, metrics),
            "unit_average": _unit_average(metrics, period),
            "leader_led": _leader_led(monthly),
            "lag": _lag(monthly),
            "flags": _flags(scope, period),
            "problems": _problems(monthly),
            "funds": _funds(metrics, period),
        },
        "map": _map(scope, metrics, period),
    }


def headline(m: Metrics, p: Period) -> list[dict[str, Any]]:
    return [
        {
            "label": _("Visits"),
            "value": m.visits_total,
            "link": f"/visits/?{p.query()}",
        },
        {
            "label": _("Units meeting the quota"),
            "value": f"{len(m.units_meeting_quota)} / {m.units_total}",
            "link": f"/rankings/?month={p.end:%Y-%m}",
        },
        {
            "label": _("Units below the low line"),
            "value": len(m.units_below_low_line),
            "link": f"/rankings/?month={p.end:%Y-%m}#black",
            "warn": bool(m.units_below_low_line),
        },
        {
            "label": _("Communities visited"),
            "value": f"{m.communities_visited} / {m.communities_total}",
            "link": f"/visits/?{p.query()}",
        },
        {
            "label": _("Leader-led visits"),
            "value": m.leader_led_visits,
            "link": f"/visits/?{p.query(led='leader')}",
        },
        {
            "label": _("Reported late"),
            "value": m.late_visits,
            "link": f"/visits/?{p.query(late=1)}",
            "warn": bool(m.late_visits),
        },
        {
            "label": _("Flagged visits"),
            "value": m.flagged_visits,
            "link": f"/visits/?{p.query(flag='any')}",
            "warn": bool(m.flagged_visits),
        },
        {
            "label": _("Funds invested (万元)"),
            "value": wan(m.funds_invested),
            "link": f"/support/?{p.query()}",
        },
        {
            "label": _("Problems found / closed"),
            "value": f"{m.problems_found} / {m.problems_closed}",
            "link": f"/problems/?{p.query()}",
        },
        {
            "label": _("Problems overdue"),
            "value": m.problems_overdue,
            "link": f"/problems/?{p.query(state='overdue')}",
            "warn": bool(m.problems_overdue),
        },
        {
            "label": _("Closure rate"),
            "value": percent(m.closure_rate),
            "link": f"/problems/?{p.query(state='closed')}",
        },
    ]


Monthly = list[tuple[Period, MonthFigures]]


def _visits_by_street(monthly: Monthly, total: Metrics) -> dict[str, Any]:
    streets = [(s.street_id, s.name) for s in total.streets]
    series = []
    for street_id, name in streets:
        data, links = [], []
        for month, m in monthly:
            data.append(m.visits_by_street.get(street_id, 0))
            links.append(f"/visits/?{month.query(street=street_id)}")
        series.append({"name": name, "data": data, "links": links})
    return {"months": [f"{m.start:%Y-%m}" for m, _m in monthly], "series": series}


def _unit_average(m: Metrics, p: Period) -> dict[str, Any]:
    rows = [u for u in m.units if u.months]
    return {
        "units": [u.name for u in rows],
        "values": [_f(u.average) for u in rows],
        "links": [f"/visits/?{p.query(unit=u.unit_id)}" for u in rows],
        "quota": _f(m.quota),
        "low_line": _f(m.low_line),
    }


def _leader_led(monthly: Monthly) -> dict[str, Any]:
    return {
        "months": [f"{p.start:%Y-%m}" for p, _m in monthly],
        "leader": [m.leader_led for _p, m in monthly],
        "head": [m.unit_head_led for _p, m in monthly],
        "other": [max(0, m.visits - m.leader_led - m.unit_head_led) for _p, m in monthly],
        "links": [f"/visits/?{p.query(led='leader')}" for p, _m in monthly],
    }


def _lag(monthly: Monthly) -> dict[str, Any]:
    return {
        "months": [f"{p.start:%Y-%m}" for p, _m in monthly],
        "on_time": [m.visits - m.late for _p, m in monthly],
        "late": [m.late for _p, m in monthly],
        "late_share": [
            _f(Fraction(m.late, m.visits) * 100, 1) if m.visits else 0 for _p, m in monthly
        ],
        "links": [f"/visits/?{p.query(late=1)}" for p, _m in monthly],
    }


def _flags(scope: Scope, p: Period) -> dict[str, Any]:
    counts = flags_by_kind(start=p.start, end=p.end, scope=scope)
    kinds = [k for k in FlagKind if counts.get(k.value)]
    return {
        "kinds": [str(k.label) for k in kinds],
        "values": [counts[k.value] for k in kinds],
        "links": [f"/visits/?{p.query(flag=k.value)}" for k in kinds],
    }


def _problems(monthly: Monthly) -> dict[str, Any]:
    return {
        "months": [f"{p.start:%Y-%m}" for p, _m in monthly],
        "found": [m.problems_found for _p, m in monthly],
        "closed": [m.problems_closed for _p, m in monthly],
        "closure_rate": [
            _f(m.closure_rate * 100, 1) if m.closure_rate is not None else None for _p, m in monthly
        ],
        "links_found": [f"/problems/?{p.query()}" for p, _m in monthly],
        "links_closed": [f"/problems/?{p.query(state='closed')}" for p, _m in monthly],
    }


def _funds(m: Metrics, p: Period) -> dict[str, Any]:
    rows = [u for u in m.units if u.invested or u.pledged]
    return {
        "units": [u.name for u in rows],
        "invested": [_f(u.invested / 10000, 4) for u in rows],
        "pledged": [_f(u.pledged / 10000, 4) for u in rows],
        "links": [f"/support/?{p.query(unit=u.unit_id)}" for u in rows],
    }


def _map(scope: Scope, m: Metrics, p: Period) -> dict[str, Any]:
    """Communities with a location, coloured by state: visited and clear, visited with overdue
    problems, or not visited in the period."""
    rows = {c.community_id: c for c in m.communities}
    points = []
    # Every located community the scope sees, those of the period kept here: naming
    # a big city's communities in the query cost more than reading the few extra rows.
    located = visible(scope, Community.objects.all()).exclude(latitude__isnull=True)
    for pk, name, lat, lon in located.exclude(longitude__isnull=True).values_list(
        "pk", "name", "latitude", "longitude"
    ):
        row = rows.get(pk)
        if row is None:
            continue
        if not row.visits:
            state = "none"
        elif row.problems_overdue:
            state = "overdue"
        else:
            state = "ok"
        points.append(
            {
                "name": name,
                "street": row.street,
                "lat": float(lat),
                "lon": float(lon),
                "state": state,
                "visits": row.visits,
                "overdue": row.problems_overdue,
                "link": f"/visits/?{p.query(community=pk)}",
            }
        )
    return {
        "points": points,
        "legend": {
            "ok": _("visited, no overdue problems"),
            "overdue": _("visited, problems overdue"),
            "none": _("not visited in the period"),
        },
    }


# --- "my month" on the home page --------------------------------------------------------


@dataclass
class MyMonth:
    title: str
    visits: int
    required: str
    needed: int
    days_left: int
    month_start: date
    month_end: date
    unconfirmed: int
    problems_due: int
    problems_overdue: int
    visits_link: str
    unconfirmed_link: str
    problems_link: str
    average: str = "—"


def my_month(*, scope: Scope, today: date | None = None) -> MyMonth | None:
    """A liaison's unit or a community officer's community this month; None for others."""
    if scope.role not in (Role.LIAISON, Role.COMMUNITY):
        return None
    today = today or timezone.localdate()
    # The whole panel, not only its metrics, between writes: it is on every page load of the
    # home page, and its six counts were most of that page's time (issue 5).
    binding = f"{scope.unit_id}:{scope.community_id}"
    return cached(
        f"mymonth-panel:{scope_key(scope)}:{binding}:{today}",
        lambda: _my_month(scope=scope, today=today),
    )


def _my_month(*, scope: Scope, today: date) -> MyMonth:
    from baolian.problems.models import Problem, ProblemState
    from baolian.roster.models import Unit
    from baolian.visits.models import Confirmation

    start = today.replace(day=1)
    end = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    p = Period(start, end)
    m = cached(
        f"mymonth:{scope_key(scope)}:{start}",
        lambda: period_metrics(start=start, end=end, scope=scope),
    )
    pending = visible(scope, Visit.objects.alive()).filter(confirmation=Confirmation.PENDING)
    problems = visible(scope, Problem.objects.alive()).exclude(state=ProblemState.CLOSED)
    due_soon = problems.filter(deadline__gte=today, deadline__lte=today + timedelta(days=7))
    # Overdue today, as every report counts it at a period's end.
    overdue = problem_figures(start=start, end=today, scope=scope).overdue
    if scope.role == Role.LIAISON:
        row = next((u for u in m.units if u.unit_id == scope.unit_id), None)
        visits = row.visits if row else 0
        months = Fraction(row.months) if row else Fraction(0)
        required = Fraction(m.quota) * months
        title = Unit.objects.filter(pk=scope.unit_id).values_list("name", flat=True).first()
        link = f"/visits/?{p.query(unit=scope.unit_id)}"
        unconfirmed_link = f"/visits/?{p.query(unit=scope.unit_id, state='pending')}"
        average = decimal(row.average) if row else "—"
        pending = pending.filter(unit_id=scope.unit_id)
    else:
        row = next((c for c in m.communities if c.community_id == scope.community_id), None)
        visits = row.visits if row else 0
        required = Fraction(0)
        title = (
            Community.objects.filter(pk=scope.community_id).values_list("name", flat=True).first()
        )
        link = f"/visits/?{p.query(community=scope.community_id)}"
        unconfirmed_link = f"/visits/?community={scope.community_id}&state=pending"
        average = "—"
    needed = max(0, math.ceil(required - visits))
    return MyMonth(
        title=title or "",
        visits=visits,
        required=decimal(required, 1),
        needed=needed,
        days_left=(end - today).days,
        month_start=start,
        month_end=end,
        unconfirmed=pending.count(),
        problems_due=due_soon.count(),
        problems_overdue=overdue,
        visits_link=link,
        unconfirmed_link=unconfirmed_link,
        problems_link="/problems/?state=overdue",
        average=average,
    )
