"""GET /api/v1/metrics?from=&to=: what `baolian report --json` prints (DESIGN §5), counted by
the one metrics module for what the caller may see."""

# No `from __future__ import annotations`: django-ninja reads the annotations at runtime.
from datetime import date
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema
from pydantic import ConfigDict

from baolian.accounts.scoping import scope_of
from baolian.api.errors import ApiError
from baolian.api.schemas import errors
from baolian.oversight.metrics import metrics_json, period_metrics

router = Router(tags=["metrics"])

EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


class Period(Schema):
    start: date = Field(alias="from", description="first day, inclusive (2021-04-01)")
    end: date = Field(alias="to", description="last day, inclusive (2021-06-30)")


class MetricsOut(Schema):
    """The keys of DESIGN §5, whose meaning never changes; more keys follow them."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    start: date = Field(alias="from")
    end: date = Field(alias="to")
    units_total: int
    units_docked: int
    units_not_docked: list[str]
    units_meeting_quota: list[str]
    units_below_low_line: list[str]
    streets_total: int
    streets_visited: int
    communities_total: int
    communities_visited: int
    visits_total: int
    activities_total: int
    leader_led_visits: int
    late_visits: int
    funds_invested_yuan: str = Field(description="exact decimal yuan, e.g. 1252940.00")
    funds_pledged_yuan: str
    top_fund_units: list[str]
    problems_found: int
    problems_closed: int
    problems_overdue: int


@router.get("/metrics", response={200: MetricsOut, **errors()}, by_alias=True)
def metrics(request: HttpRequest, period: Query[Period]) -> Any:
    if period.end < period.start:
        raise ApiError(422, "invalid", _("The period ends before it starts."), field="to")
    if period.start < EARLIEST or period.end > LATEST:
        raise ApiError(
            422,
            "invalid",
            _("Give dates between %(first)s and %(last)s."),
            field="from" if period.start < EARLIEST else "to",
            first=EARLIEST.isoformat(),
            last=LATEST.isoformat(),
        )
    figures = metrics_json(
        period_metrics(start=period.start, end=period.end, scope=scope_of(request.user))
    )
    # Returned as it is: the schema documents the contract's keys, and validating through
    # it would drop the further keys (units, streets, rates…) that report --json prints.
    return JsonResponse(figures)
