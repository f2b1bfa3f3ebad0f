"""Fractional months (DESIGN §4) as properties over any dates, and the named edge cases."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from baolian.oversight.periods import clip_union, judged_slices, months_between, months_of

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))


def test_a_quarter_is_exactly_three_months():
    assert months_between(date(2021, 4, 1), date(2021, 6, 30)) == 3


def test_part_months_are_days_over_days_in_that_month():
    assert months_between(date(2021, 4, 16), date(2021, 4, 30)) == Fraction(15, 30)
    assert months_between(date(2024, 2, 1), date(2024, 2, 14)) == Fraction(14, 29)  # leap
    assert months_between(date(2023, 2, 1), date(2023, 2, 14)) == Fraction(14, 28)
    assert months_between(date(2021, 1, 31), date(2021, 2, 1)) == Fraction(1, 31) + Fraction(1, 28)
    assert months_between(date(2021, 5, 2), date(2021, 5, 1)) == 0


@given(start=days, lengths=st.lists(st.integers(min_value=1, max_value=400), max_size=6))
def test_adjacent_parts_add_up_to_the_whole(start, lengths):
    cuts = [start]
    for length in lengths:
        cuts.append(cuts[-1] + timedelta(days=length))
    end = cuts[-1] + timedelta(days=3)
    parts = zip([*cuts], [c - timedelta(days=1) for c in cuts[1:]] + [end], strict=True)
    assert sum(months_between(s, e) for s, e in parts) == months_between(start, end)


@given(year=st.integers(2000, 2040), month=st.integers(1, 12), count=st.integers(1, 30))
def test_whole_calendar_months_count_one_each(year, month, count):
    first = date(year, month, 1)
    last_month = (month - 1 + count) % 12 + 1
    last_year = year + (month - 1 + count) // 12
    end = date(last_year, last_month, 1) - timedelta(days=1)
    assert months_between(first, end) == count


@given(
    pairings=st.lists(
        st.tuples(days, st.one_of(st.none(), st.integers(0, 500))), min_size=1, max_size=5
    ),
    start=days,
    length=st.integers(0, 800),
)
def test_the_judged_part_never_exceeds_the_period_nor_counts_a_day_twice(pairings, start, length):
    end = start + timedelta(days=length)
    intervals = [(s, None if d is None else s + timedelta(days=d)) for s, d in pairings]
    union = clip_union(intervals, start, end)
    judged = months_of(union)
    assert 0 <= judged <= months_between(start, end)
    # the same days, listed in another order or twice, judge the same months
    assert months_of(clip_union(list(reversed(intervals)) * 2, start, end)) == judged
    # disjoint, sorted, not touching
    for (_s1, e1), (s2, _e2) in zip(union, union[1:], strict=False):
        assert e1 + timedelta(days=1) < s2
    # a day is judged iff some pairing is active on it
    for offset in range(0, length + 1, max(1, length // 20)):
        day = start + timedelta(days=offset)
        active = any(s <= day and (e is None or day <= e) for s, e in intervals)
        assert active == any(s <= day <= e for s, e in union)
    assert sum(judged_slices(union).values()) == judged
