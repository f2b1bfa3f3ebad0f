"""Reads of the problem list: lists, the standard catalogue, and the loop's figures.

The figures follow DESIGN §4 and are the ones the metrics module and every page read:

- found: problems found inside [start, end];
- closed: problems verified and closed inside [start, end], whenever found;
- open: problems found by `end` and not closed by `end` (待整改, 整改中, 已整改);
- overdue: open at `end` with a deadline before `end`;
- closure rate (结案率): of the problems found in the period, the share closed by `end`;
- on-time closure rate (按期结案率): of the same, the share closed on or before their deadline
  (the deadline in force, after any extension; a problem without a deadline is on time);
- rework rate (返工率): of the problems found in the period that were ever marked rectified,
  the share sent back at least once;
- cleared (清零): a community with nothing open at `end`.
A rate is None when there is nothing to divide by (shown as “—”).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction

from django.db.models import Count, F, Q, QuerySet

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


# --- the loop's figures --------------------------------------------------------------------


def _rate(part: int, whole: int) -> Fraction | None:
    return Fraction(part, whole) if whole else None


@dataclass
class ProblemFigures:
    """The loop's figures for one community, one street or the whole scope, in a period."""

    found: int = 0
    closed: int = 0
    open: int = 0
    overdue: int = 0
    extended: int = 0  # problems found in the period whose deadline was extended (延期)
    found_closed: int = 0  # of `found`, closed by the period's end
    found_closed_on_time: int = 0
    found_submitted: int = 0  # of `found`, ever marked rectified
    found_sent_back: int = 0

    @property
    def closure_rate(self) -> Fraction | None:
        return _rate(self.found_closed, self.found)

    @property
    def on_time_closure_rate(self) -> Fraction | None:
        return _rate(self.found_closed_on_time, self.found)

    @property
    def rework_rate(self) -> Fraction | None:
        return _rate(self.found_sent_back, self.found_submitted)

    @property
    def cleared(self) -> bool:
        return self.open == 0

    def add(self, other: ProblemFigures) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _closed_by(end: date) -> Q:
    return Q(state=ProblemState.CLOSED, closed_on__lte=end)


def _aggregates(start: date, end: date) -> dict[str, Count]:
    in_period = Q(found_on__gte=start, found_on__lte=end)
    closed_by_end = _closed_by(end)
    open_at_end = Q(found_on__lte=end) & ~closed_by_end
    submitted = Q(rectified_on__isnull=False) | Q(sent_back__gt=0) | Q(state=ProblemState.CLOSED)
    return {
        "found": Count("id", filter=in_period),
        "closed": Count(
            "id", filter=Q(state=ProblemState.CLOSED, closed_on__gte=start) & Q(closed_on__lte=end)
        ),
        "open": Count("id", filter=open_at_end),
        "overdue": Count("id", filter=open_at_end & Q(deadline__lt=end)),
        "extended": Count("id", filter=in_period & Q(extensions__gt=0)),
        "found_closed": Count("id", filter=in_period & closed_by_end),
        "found_closed_on_time": Count(
            "id",
            filter=in_period
            & closed_by_end
            & (Q(deadline__isnull=True) | Q(closed_on__lte=F("deadline"))),
        ),
        "found_submitted": Count("id", filter=in_period & submitted),
        "found_sent_back": Count("id", filter=in_period & Q(sent_back__gt=0)),
    }


def _base(scope: Scope | None) -> QuerySet[Problem]:
    rows = Problem.objects.alive()
    return rows.visible_to(scope) if scope is not None else rows


def problem_figures(
    *,
    start: date,
    end: date,
    scope: Scope | None = None,
    street: Street | None = None,
    community: Community | None = None,
) -> ProblemFigures:
    """The figures of every problem `scope` may see (all when None), narrowed to a street or
    a community, for the period [start, end] (both inclusive)."""
    rows = _base(scope)
    if street is not None:
        rows = rows.filter(community__street=street)
    if community is not None:
        rows = rows.filter(community=community)
    return ProblemFigures(**rows.aggregate(**_aggregates(start, end)))


@dataclass
class CommunityFigures:
    community: Community
    figures: ProblemFigures


@dataclass
class StreetFigures:
    street: Street
    figures: ProblemFigures
    communities: int = 0
    cleared: int = 0  # communities with nothing open at the period's end
    rows: list[CommunityFigures] = field(default_factory=list)


def _communities_in(scope: Scope | None, street: Street | None) -> QuerySet[Community]:
    rows = Community.objects.select_related("street").order_by(
        "street__sort_order", "street__id", "sort_order", "id"
    )
    if scope is not None:
        rows = rows.visible_to(scope)
    if street is not None:
        rows = rows.filter(street=street)
    return rows


def problem_figures_by_community(
    *, start: date, end: date, scope: Scope | None = None, street: Street | None = None
) -> list[CommunityFigures]:
    """One row per community `scope` may see (in roster order), with or without problems."""
    per = {
        row.pop("community_id"): ProblemFigures(**row)
        for row in _base(scope)
        .order_by()
        .values("community_id")
        .annotate(**_aggregates(start, end))
    }
    return [
        CommunityFigures(community, per.get(community.pk, ProblemFigures()))
        for community in _communities_in(scope, street)
    ]


def problem_figures_by_street(
    *, start: date, end: date, scope: Scope | None = None
) -> list[StreetFigures]:
    """One row per street, summing its communities; `cleared` counts 清零 communities."""
    streets: dict[int, StreetFigures] = {}
    for row in problem_figures_by_community(start=start, end=end, scope=scope):
        street = row.community.street
        entry = streets.setdefault(street.pk, StreetFigures(street, ProblemFigures()))
        entry.figures.add(row.figures)
        entry.communities += 1
        entry.cleared += row.figures.cleared
        entry.rows.append(row)
    return list(streets.values())


def communities_cleared(
    *, start: date, end: date, scope: Scope | None = None, street: Street | None = None
) -> list[Community]:
    """清零: the communities with nothing open at `end`, in roster order. `start` is there for
    the uniform signature; clearing is a state at the period's end."""
    return [
        row.community
        for row in problem_figures_by_community(start=start, end=end, scope=scope, street=street)
        if row.figures.cleared
    ]


def problem_history(problem: Problem) -> QuerySet:
    return problem.events.select_related("by").order_by("at", "id")
