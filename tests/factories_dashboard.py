"""Rows the dashboard, rankings and reminders read: visits, flags, problems, support."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from baolian.problems.models import Problem, ProblemState
from baolian.roster.models import Community, Unit
from baolian.support.models import Category, MeasureState, SupportMeasure
from baolian.visits.models import Confirmation, Visit, VisitKind

TZ = ZoneInfo("Asia/Shanghai")


def make_visit(
    unit: Unit,
    community: Community,
    on: date,
    *,
    lag: int = 0,
    leader: object = None,
    confirmation: str = Confirmation.CONFIRMED,
    kinds: int = VisitKind.INSPECTION,
    summary: str = "检查了背街小巷的环境卫生，督促整改了两处垃圾堆放点。",
) -> Visit:
    reported = datetime.combine(on + timedelta(days=lag), time(10), tzinfo=TZ)
    return Visit.objects.create(
        unit=unit,
        community=community,
        visited_on=on,
        leader=leader,
        kinds=int(kinds),
        summary=summary,
        reported_at=reported,
        confirmation=confirmation,
    )


def make_problem(
    community: Community,
    *,
    found_on: date,
    deadline: date | None = None,
    state: str = ProblemState.OPEN,
    closed_on: date | None = None,
    supporting_unit: Unit | None = None,
    description: str = "垃圾桶破损未更换",
    responsible: str = "",
) -> Problem:
    return Problem.objects.create(
        community=community,
        description=description,
        found_on=found_on,
        deadline=deadline,
        state=state,
        closed_on=closed_on,
        supporting_unit=supporting_unit,
        found_by_unit=supporting_unit,
        responsible=responsible,
    )


def make_measure(
    unit: Unit,
    community: Community,
    *,
    given_on: date,
    amount: str | None = "10000",
    state: str = MeasureState.DONE,
    category: str = Category.FUNDS,
    content: str = "购置垃圾分类桶",
    progressed_on: date | None = None,
) -> SupportMeasure:
    return SupportMeasure.objects.create(
        unit=unit,
        community=community,
        given_on=given_on,
        category=category,
        content=content,
        amount_yuan=amount,
        state=state,
        progressed_on=progressed_on,
    )
