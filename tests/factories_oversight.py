"""Rows the oversight tests count: visits, flags, support measures and problems, built with
the ORM directly (the visits/support/problems apps' own services are not needed to count)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from baolian.problems.models import Problem, ProblemState
from baolian.roster.models import Community, Leader, Unit
from baolian.support.models import Category, MeasureState, SupportMeasure
from baolian.visits.models import Visit, VisitFlag, VisitKind

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(day: date, hour: int = 18, minute: int = 0) -> datetime:
    """An aware datetime at a Shanghai wall-clock time."""
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


def make_visit(
    unit: Unit,
    community: Community,
    day: date,
    *,
    reported_at: datetime | None = None,
    leader: Leader | None = None,
    unit_head_led: bool = False,
    kinds: tuple[VisitKind, ...] = (VisitKind.SURVEY,),
    deleted: bool = False,
    summary: str = "调研指导创卫工作，检查环境卫生，督促整改问题",
) -> Visit:
    return Visit.objects.create(
        unit=unit,
        community=community,
        visited_on=day,
        reported_at=reported_at or local(day),
        leader=leader,
        unit_head_led=unit_head_led,
        kinds=VisitKind.mask_of(list(kinds)),
        summary=summary,
        deleted_at=timezone.now() if deleted else None,
    )


def make_visits(unit: Unit, community: Community, days: list[date], **kwargs: object) -> None:
    for day in days:
        make_visit(unit, community, day, **kwargs)


def flag(visit: Visit, kind: str = "photo_only", review: str = "open") -> VisitFlag:
    return VisitFlag.objects.create(visit=visit, kind=kind, reason="测试", review=review)


def make_measure(
    unit: Unit,
    community: Community,
    day: date,
    amount: str | None,
    *,
    state: str = MeasureState.DONE,
    category: str = Category.FUNDS,
    content: str = "捐赠垃圾桶一批",
    progressed_on: date | None = None,
    deleted: bool = False,
) -> SupportMeasure:
    return SupportMeasure.objects.create(
        unit=unit,
        community=community,
        given_on=day,
        category=category,
        content=content,
        amount_yuan=Decimal(amount) if amount is not None else None,
        state=state,
        progressed_on=progressed_on,
        deleted_at=timezone.now() if deleted else None,
    )


def make_problem(
    community: Community,
    found_on: date,
    *,
    deadline: date | None = None,
    state: str = ProblemState.OPEN,
    closed_on: date | None = None,
    deleted: bool = False,
) -> Problem:
    return Problem.objects.create(
        community=community,
        description="垃圾乱堆放",
        found_on=found_on,
        deadline=deadline or found_on + timedelta(days=30),
        state=state,
        closed_on=closed_on,
        deleted_at=timezone.now() if deleted else None,
    )
