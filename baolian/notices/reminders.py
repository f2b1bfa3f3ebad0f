"""What `baolian remind` tells, and to whom — early, while the month can still be saved.

Each reminder's dedupe key names the thing told and its state (the unit, the month and the
visits still needed; the problem and its deadline; the set of visits awaiting confirmation),
so a second run tells nobody the same thing again, and a changed state is told once more.
Visit figures come from the metrics module (DESIGN §4: one source for every number).
"""

from __future__ import annotations

import calendar
import hashlib
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import override, pgettext

from baolian.accounts.models import Role, User
from baolian.lib.dates import format_cn
from baolian.notices.models import NoticeKind
from baolian.notices.services import Message, notice_send
from baolian.oversight.formatting import decimal
from baolian.problems.models import Problem, ProblemState
from baolian.roster.models import CampaignSettings, Pairing
from baolian.support.models import MeasureState, SupportMeasure
from baolian.visits.models import Confirmation, Visit


@dataclass(frozen=True)
class UnitPace:
    """A unit behind a steady pace this month."""

    unit_id: int
    name: str
    sort_order: int
    visits: int
    required: Fraction  # quota × the months it is judged on this month
    needed: int  # visits still needed to reach the quota by the month's end
    days_left: int


def month_bounds(day: date) -> tuple[date, date]:
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def units_behind_pace(today: date) -> list[UnitPace]:
    """Units that, by `today`, have fewer visits than a steady pace to the quota asks.

    A steady pace is the month's required visits spread evenly over its days, rounded down:
    with a quota of 3, one visit is due by the 10th, two by the 20th. A unit behind it is
    told how many more visits (N) it needs before the month ends.
    """
    from baolian.oversight.metrics import period_metrics

    start, end = month_bounds(today)
    metrics = period_metrics(start=start, end=end)
    elapsed = Fraction(today.day, (end - start).days + 1)
    behind = []
    for row in metrics.units:
        if row.months <= 0:
            continue
        required = Fraction(metrics.quota) * row.months
        if row.visits_judged >= math.floor(required * elapsed):
            continue
        needed = math.ceil(required - row.visits_judged)
        if needed > 0:
            behind.append(
                UnitPace(
                    row.unit_id,
                    row.name,
                    row.sort_order,
                    row.visits_judged,
                    required,
                    needed,
                    (end - today).days,
                )
            )
    return behind


def _users(role: Role, **binding: object) -> list[int]:
    return list(
        User.objects.filter(role=role, is_active=True, **binding).values_list("pk", flat=True)
    )


def _users_by(role: Role, field: str, ids: Iterable[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    for pk, bound in User.objects.filter(
        role=role, is_active=True, **{f"{field}__in": list(ids)}
    ).values_list("pk", f"{field}_id"):
        found[bound].append(pk)
    return found


def _digest(ids: Iterable[int]) -> str:
    return hashlib.sha1(",".join(str(i) for i in sorted(ids)).encode()).hexdigest()[:16]


def pace_messages(today: date) -> Iterator[Message]:
    behind = units_behind_pace(today)
    liaisons = _users_by(Role.LIAISON, "unit", [b.unit_id for b in behind])
    month = f"{today:%Y-%m}"
    first, last = month_bounds(today)
    for pace in behind:
        yield Message(
            kind=NoticeKind.PACE,
            subject=_("%(unit)s: %(n)s more visits needed this month")
            % {"unit": pace.name, "n": pace.needed},
            body=_(
                "%(unit)s has made %(visits)s visits this month; the quota asks for %(required)s "
                "by %(end)s. %(n)s more visits are needed in the %(days)s days left."
            )
            % {
                "unit": pace.name,
                "visits": pace.visits,
                "required": _plain(pace.required),
                "end": format_cn(last),
                "n": pace.needed,
                "days": pace.days_left,
            },
            link=f"/visits/?from={first}&to={last}&unit={pace.unit_id}",
            dedupe_key=f"pace:{pace.unit_id}:{month}:{pace.needed}",
            recipient_ids=tuple(liaisons.get(pace.unit_id, ())),
            unit_id=pace.unit_id,
        )
    # Leaders hear about every unit they lead that is behind, in one message.
    start, end = month_bounds(today)
    lagging = {b.unit_id: b for b in behind}
    led: dict[int, set[int]] = defaultdict(set)
    for leader_id, unit_id in (
        Pairing.objects.active_between(start, end)
        .filter(leader__isnull=False, unit_id__in=lagging)
        .values_list("leader_id", "unit_id")
    ):
        led[leader_id].add(unit_id)
    leader_users = _users_by(Role.LEADER, "leader", led)
    for leader_id, unit_ids in led.items():
        rows = sorted((lagging[u] for u in unit_ids), key=lambda b: b.sort_order)
        lines = [
            _("%(unit)s: %(visits)s visits, %(n)s more needed")
            % {"unit": b.name, "visits": b.visits, "n": b.needed}
            for b in rows
        ]
        yield Message(
            kind=NoticeKind.LEADER_LAG,
            subject=_("%(count)s units you lead are behind this month") % {"count": len(rows)},
            body="\n".join(lines),
            link=f"/dashboard/?from={start}&to={end}",
            dedupe_key=f"leader-lag:{leader_id}:{month}:{_digest(unit_ids)}",
            recipient_ids=tuple(leader_users.get(leader_id, ())),
        )


def unconfirmed_messages(today: date) -> Iterator[Message]:
    """Communities with visits reported to them and not yet confirmed or disputed."""
    pending: dict[int, list[Visit]] = defaultdict(list)
    visits = (
        Visit.objects.alive()
        .filter(confirmation=Confirmation.PENDING, visited_on__lte=today)
        .select_related("unit", "community")
        .order_by("visited_on", "pk")
    )
    for visit in visits:
        pending[visit.community_id].append(visit)
    officers = _users_by(Role.COMMUNITY, "community", pending)
    for community_id, rows in pending.items():
        community = rows[0].community
        lines = [
            _("%(date)s %(unit)s") % {"date": format_cn(v.visited_on), "unit": v.unit.name}
            for v in rows[:20]
        ]
        if len(rows) > 20:
            lines.append(pgettext("notice lines", "and %(n)s more") % {"n": len(rows) - 20})
        yield Message(
            kind=NoticeKind.UNCONFIRMED,
            subject=_("%(community)s: %(n)s visits await your confirmation")
            % {"community": community.name, "n": len(rows)},
            body="\n".join(lines),
            link=f"/visits/?community={community_id}&state=pending",
            dedupe_key=f"unconfirmed:{community_id}:{_digest(v.pk for v in rows)}",
            recipient_ids=tuple(officers.get(community_id, ())),
            street_id=community.street_id,
        )


def problem_messages(today: date) -> Iterator[Message]:
    """Problems whose deadline is within the warning days, or already past."""
    warn_days = getattr(settings, "BAOLIAN_REMIND_PROBLEM_DAYS", 3)
    problems = list(
        Problem.objects.alive()
        .exclude(state=ProblemState.CLOSED)
        .filter(deadline__isnull=False, deadline__lte=today + timedelta(days=warn_days))
        .select_related("community", "supporting_unit")
        .order_by("deadline", "pk")
    )
    community_users = _users_by(Role.COMMUNITY, "community", {p.community_id for p in problems})
    street_users = _users_by(Role.STREET, "street", {p.community.street_id for p in problems})
    unit_users = _users_by(
        Role.LIAISON, "unit", {p.supporting_unit_id for p in problems if p.supporting_unit_id}
    )
    for problem in problems:
        overdue = problem.deadline < today
        values = {
            "community": problem.community.name,
            "problem": problem.description[:40],
            "deadline": format_cn(problem.deadline),
            "days": abs((problem.deadline - today).days),
        }
        if overdue:
            subject = _("Past its deadline: %(problem)s (%(community)s)") % values
            body = _("Deadline was %(deadline)s, %(days)s days ago, and it is not closed.") % values
        else:
            subject = _("Deadline near: %(problem)s (%(community)s)") % values
            body = _("Deadline %(deadline)s, in %(days)s days.") % values
        if problem.responsible:
            body += "\n" + _("Responsible: %(who)s") % {"who": problem.responsible}
        recipients = (
            community_users.get(problem.community_id, [])
            + street_users.get(problem.community.street_id, [])
            + unit_users.get(problem.supporting_unit_id, [])
        )
        kind = NoticeKind.PROBLEM_OVERDUE if overdue else NoticeKind.PROBLEM_DUE
        yield Message(
            kind=kind,
            subject=subject,
            body=body,
            link=f"/problems/{problem.pk}/",
            dedupe_key=f"{kind}:{problem.pk}:{problem.deadline}",
            recipient_ids=tuple(dict.fromkeys(recipients)),
            street_id=problem.community.street_id,
        )


def measure_messages(today: date) -> Iterator[Message]:
    """Planned measures with no progress for the campaign's idle days (缺乏连贯性)."""
    idle_days = CampaignSettings.load().support_idle_days
    cutoff = today - timedelta(days=idle_days)
    measures = list(
        SupportMeasure.objects.alive()
        .filter(state=MeasureState.PLANNED)
        .filter(Q(progressed_on__lte=cutoff) | Q(progressed_on__isnull=True, given_on__lte=cutoff))
        .select_related("unit", "community")
        .order_by("unit__sort_order", "given_on", "pk")
    )
    liaisons = _users_by(Role.LIAISON, "unit", {m.unit_id for m in measures})
    for measure in measures:
        last = measure.progressed_on or measure.given_on
        yield Message(
            kind=NoticeKind.MEASURE_IDLE,
            subject=_("Planned measure not followed up: %(content)s")
            % {"content": measure.content[:40]},
            body=_(
                "%(unit)s planned this for %(community)s on %(date)s; nothing has moved "
                "for %(days)s days."
            )
            % {
                "unit": measure.unit.name,
                "community": measure.community.name,
                "date": format_cn(measure.given_on),
                "days": (today - last).days,
            },
            link=f"/support/{measure.pk}/",
            dedupe_key=f"measure-idle:{measure.pk}:{last}",
            recipient_ids=tuple(liaisons.get(measure.unit_id, ())),
            unit_id=measure.unit_id,
        )


def _plain(value: Fraction) -> str:
    return decimal(value, 1)


def collect(today: date) -> list[Message]:
    # Reminders are written in the campaign's language: they are stored and sent as text.
    with override(settings.LANGUAGE_CODE):
        return [
            *pace_messages(today),
            *unconfirmed_messages(today),
            *problem_messages(today),
            *measure_messages(today),
        ]


@dataclass
class RemindResult:
    messages: int = 0
    notices_sent: int = 0
    chat_sent: int = 0


def remind(today: date) -> RemindResult:
    result = RemindResult()
    for message in collect(today):
        result.messages += 1
        outcome = notice_send(message=message)
        result.notices_sent += len(outcome.notices)
        result.chat_sent += len(outcome.chat_messages)
    return result
