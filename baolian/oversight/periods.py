"""Periods, judged parts and fractional months (DESIGN §4), exact with `Fraction`.

A report covers [start, end], both inclusive. A unit is judged on the part of the period in
which at least one of its pairings was active: the union of its pairing intervals, clipped to
the period. Each calendar month overlapped counts overlap_days / days_in_month, so
2021-04-01..2021-06-30 is exactly 3 months and 2024-02-01..2024-02-14 is 14/29 of a month.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

Interval = tuple[date, date]  # both inclusive


@dataclass(frozen=True)
class MonthSlice:
    """The part of one calendar month that lies inside a stretch of days."""

    year: int
    month: int
    first: date  # first day of the slice (inclusive)
    last: date  # last day of the slice (inclusive)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def days_in_month(self) -> int:
        return calendar.monthrange(self.year, self.month)[1]

    @property
    def fraction(self) -> Fraction:
        return Fraction(self.days, self.days_in_month)

    @property
    def key(self) -> tuple[int, int]:
        return (self.year, self.month)


def month_slices(start: date, end: date) -> list[MonthSlice]:
    """Every calendar month that [start, end] overlaps, clipped to it."""
    slices = []
    day = start
    while day <= end:
        last_of_month = date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
        last = min(last_of_month, end)
        slices.append(MonthSlice(day.year, day.month, day, last))
        day = last + timedelta(days=1)
    return slices


def months_between(start: date, end: date) -> Fraction:
    """Fractional months of [start, end]; 0 when end is before start."""
    return sum((s.fraction for s in month_slices(start, end)), Fraction(0))


def clip_union(
    intervals: Iterable[tuple[date, date | None]], start: date, end: date
) -> list[Interval]:
    """The union of (started_on, ended_on or open) intervals, clipped to [start, end], as
    disjoint sorted intervals (adjacent ones merged)."""
    clipped = sorted(
        (max(s, start), min(e, end) if e is not None else end)
        for s, e in intervals
        if s <= end and (e is None or e >= start)
    )
    merged: list[Interval] = []
    for s, e in clipped:
        if s > e:
            continue
        if merged and s <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def months_of(intervals: Iterable[Interval]) -> Fraction:
    return sum((months_between(s, e) for s, e in intervals), Fraction(0))


def judged_slices(intervals: Iterable[Interval]) -> dict[tuple[int, int], Fraction]:
    """Calendar month → fraction of it inside the (disjoint) intervals."""
    by_month: dict[tuple[int, int], Fraction] = {}
    for s, e in intervals:
        for piece in month_slices(s, e):
            by_month[piece.key] = by_month.get(piece.key, Fraction(0)) + piece.fraction
    return by_month


def covers(intervals: Iterable[Interval], start: date, end: date) -> bool:
    """True when the intervals are exactly the whole of [start, end]."""
    intervals = list(intervals)
    return len(intervals) == 1 and intervals[0] == (start, end)
