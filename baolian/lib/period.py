"""The report period [from, to] a page was asked for (DESIGN §4: both dates inclusive)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.http import HttpRequest
from django.utils import timezone

from baolian.lib.dates import parse_date


@dataclass(frozen=True)
class Period:
    start: date
    end: date


def period_from(request: HttpRequest, *, default_start: date | None = None) -> Period:
    """?from=&to= when readable and in order; else the campaign so far (or this year)."""
    today = timezone.localdate()
    start = default_start or date(today.year, 1, 1)
    end = today
    try:
        start = parse_date(request.GET.get("from")) or start
        end = parse_date(request.GET.get("to")) or end
    except (ValueError, OverflowError):
        pass
    if end < start:
        start, end = end, start
    return Period(start, end)
