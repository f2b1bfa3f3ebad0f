"""Reads of the problem list: lists and the standard catalogue.

The loop's figures (found, closed, open, overdue, the rates, 清零) are counted in the
metrics module with every other figure: `baolian.oversight.metrics.problem_figures*`.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import F, Q, QuerySet

from baolian.accounts.scoping import Scope
from baolian.lib.numerals import parse_numeral
from baolian.problems.models import Problem, ProblemState, StandardItem
from baolian.problems.standard import match_key
from baolian.roster.models import Community, Street

# --- lists ---------------------------------------------------------------------------------


def problems_for(
    *,
    scope: Scope,
    state: str | None = None,
    category: StandardItem | None = None,
    street: Street | int | None = None,
    community: Community | int | None = None,
    overdue_on: date | None = None,
    q: str = "",
) -> QuerySet[Problem]:
    """The problems `scope` may see, narrowed by the list's filters."""
    rows = Problem.objects.alive().visible_to(scope)
    if state:
        rows = rows.filter(state=state)
    if category is not None:
        rows = rows.filter(
            Q(standard_item=category)
            | Q(standard_item__parent=category)
            | Q(standard_item__parent__parent=category)
        )
    if street is not None:
        rows = rows.filter(community__street=street)
    if community is not None:
        rows = rows.filter(community=community)
    if overdue_on is not None:
        rows = rows.overdue_at(overdue_on)
    if q:
        rows = rows.filter(
            Q(description__icontains=q) | Q(place__icontains=q) | Q(code__icontains=q)
        )
    return rows.select_related("community__street", "standard_item", "supporting_unit")


def order_due_first(rows: QuerySet[Problem], *, today: date) -> QuerySet[Problem]:
    """A community officer's order: what is due by the end of this week first (overdue at the
    very top), then the rest by deadline; closed ones last."""
    week_end = today + timedelta(days=6 - today.weekday())
    return rows.annotate(
        closed_last=Q(state=ProblemState.CLOSED),
        due_this_week=Q(deadline__lte=week_end) & ~Q(state=ProblemState.CLOSED),
    ).order_by("closed_last", "-due_this_week", F("deadline").asc(nulls_last=True), "id")


def categories() -> QuerySet[StandardItem]:
    return StandardItem.objects.filter(level=StandardItem.Level.CATEGORY)


def standard_item_find(text: str) -> StandardItem | None:
    """The catalogue entry someone typed: （十）, 10, 第十条, a category, an item's or a
    checklist entry's title (exact, then the only one containing it). None when empty;
    LookupError naming the problem when nothing or several match."""
    text = (text or "").strip()
    if not text:
        return None
    number = parse_numeral(text)
    if number is not None:
        item = StandardItem.objects.filter(level=StandardItem.Level.ITEM, number=number).first()
        if item is None:
            raise LookupError(f"（{text}）")
        return item
    code = StandardItem.objects.filter(code__iexact=text).first()
    if code is not None:
        return code
    wanted = match_key(text)
    entries = list(StandardItem.objects.all())
    exact = [entry for entry in entries if match_key(entry.title) == wanted]
    if exact:
        # Checklist entries are what people type most; a category beats an item of its name.
        return sorted(exact, key=lambda e: ("check", "category", "item").index(e.level))[0]
    containing = [
        entry
        for entry in entries
        if wanted and (wanted in match_key(entry.title) or match_key(entry.title) in wanted)
    ]
    if len(containing) == 1:
        return containing[0]
    checks = [entry for entry in containing if entry.level == StandardItem.Level.CHECK]
    if len(checks) == 1:
        return checks[0]
    raise LookupError(text)


def problem_history(problem: Problem) -> QuerySet:
    return problem.events.select_related("by").order_by("at", "id")
